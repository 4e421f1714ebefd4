namespace FacePortal.Web.Platform.Data;

/// <summary>
/// A named decision threshold for a model, saved from an evaluation: Verify and Identify accept a pair when its
/// distance is at most <see cref="Distance"/> (equivalently, its score is at least <see cref="Threshold"/>).
/// </summary>
public sealed class OperatingPoint
{
    public int Id { get; set; }

    public required string Name { get; set; }

    /// <summary>Embedding model name the threshold belongs to.</summary>
    public required string Model { get; set; }

    public required string Metric { get; set; }

    /// <summary>Score threshold (higher = more alike): accept when score &gt;= Threshold.</summary>
    public double Threshold { get; set; }

    /// <summary>The same threshold as a distance: accept when distance &lt;= Distance.</summary>
    public double Distance { get; set; }

    /// <summary>The run it was measured on, and what it cost there.</summary>
    public int? RunId { get; set; }

    public double Far { get; set; }

    public double Frr { get; set; }

    public string? CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
