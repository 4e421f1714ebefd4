namespace FacePortal.Web.Features.Imports;

/// <summary>"FacePortal:Import": limits every import is held to (uploads, zips, manifests) and its batch size.</summary>
public sealed record ImportOptions
{
    public const string Section = "FacePortal:Import";

    /// <summary>Largest upload accepted over HTTP or from the browser (a zip, or all files of one upload together).</summary>
    public long MaxUploadBytes { get; init; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Zip bomb limit: entries in the central directory (directories included).</summary>
    public int MaxZipEntries { get; init; } = 100_000;

    /// <summary>Zip bomb limit: sum of the uncompressed sizes of the entries imported.</summary>
    public long MaxZipTotalBytes { get; init; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Largest uncompressed zip entry (the decoder's own file limit applies as well).</summary>
    public long MaxEntryBytes { get; init; } = 50L * 1024 * 1024;

    /// <summary>Zip bomb limit: uncompressed / compressed size of an entry (checked for entries over 1 MiB).</summary>
    public double MaxCompressionRatio { get; init; } = 200;

    /// <summary>Most files one browser upload may choose at once (the upload panel).</summary>
    public int MaxBrowserFiles { get; init; } = 2000;

    /// <summary>Most files one import may plan (server folder, CSV rows, browser files).</summary>
    public int MaxItems { get; init; } = 1_000_000;

    /// <summary>
    /// Images read, decoded and analysed together; one transaction each. 32, the engine's own batch
    /// (<c>FacePortal:Engine:Pipeline:BatchSize</c>), as `evaluate` feeds it; large files are analysed 8 at a time within a batch.
    /// </summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>
    /// Absolute server folders that server-folder and CSV-manifest imports may read (links resolved; the portal's
    /// data folder never). Empty, the default: those imports are off.
    /// </summary>
    public string[] ServerRoots { get; init; } = [];

    /// <summary>Identity names are display names: trimmed and cut to this many characters.</summary>
    public int MaxIdentityNameLength { get; init; } = 200;
}
