namespace FacePortal.Web.Features.Imports;

/// <summary>Where an import's files come from.</summary>
public enum ImportSourceKind
{
    /// <summary>An uploaded zip with one folder per identity.</summary>
    Zip,

    /// <summary>Files uploaded from the browser into one identity.</summary>
    Files,

    /// <summary>A folder on the server with one sub-folder per identity.</summary>
    ServerFolder,

    /// <summary>An uploaded CSV manifest naming files under a server folder.</summary>
    Csv,
}
