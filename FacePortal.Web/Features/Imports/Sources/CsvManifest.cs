using System.Text;

namespace FacePortal.Web.Features.Imports.Sources;

/// <summary>RFC 4180 rows: fields split on commas, quoted fields may hold commas, quotes ("") and line breaks.</summary>
internal static class CsvManifest
{
    public static IEnumerable<(int Line, string[] Fields)> Rows(TextReader reader)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var rowLine = 1;
        var quoted = false;
        var any = false;
        int c;
        while ((c = reader.Read()) >= 0)
        {
            var ch = (char)c;
            if (quoted)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        field.Append('"');
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (ch == '\n')
                    {
                        line++;
                    }
                    field.Append(ch);
                }
                continue;
            }
            switch (ch)
            {
                case '"' when field.Length == 0:
                    quoted = true;
                    any = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    any = true;
                    break;
                case '\r':
                    break;
                case '\n':
                    if (any || field.Length > 0)
                    {
                        fields.Add(field.ToString());
                        yield return (rowLine, fields.ToArray());
                    }
                    fields.Clear();
                    field.Clear();
                    any = false;
                    line++;
                    rowLine = line;
                    break;
                default:
                    field.Append(ch);
                    break;
            }
        }
        if (any || field.Length > 0)
        {
            fields.Add(field.ToString());
            yield return (rowLine, fields.ToArray());
        }
    }
}
