namespace FacePortal.Engine.Evaluation;

/// <summary>RFC 4180 fields for the CSV exports.</summary>
public static class Csv
{
    public static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
}
