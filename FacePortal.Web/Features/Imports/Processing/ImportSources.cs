using FacePortal.Web.Features.Imports.Sources;

namespace FacePortal.Web.Features.Imports.Processing;

/// <summary>The source an import's parameters name: the uploaded zip, files or manifest, or a server folder.</summary>
internal static class ImportSources
{
    public static IImportSource Create(ImportParameters p, string? uploads, ImportOptions limits, ServerRoots roots, long maxFileBytes)
    {
        string Upload(string file) => Path.Combine(uploads ?? throw new InvalidOperationException("The import has no upload folder."), file);
        string Folder() => p.Folder ?? throw new InvalidOperationException("The import names no folder.");
        return p.Source switch
        {
            ImportSourceKind.Zip => new ZipImportSource(Upload(ImportParameters.ZipFileName), p.DisplayName ?? "upload.zip", limits, maxFileBytes, p.Unlabelled),
            ImportSourceKind.Files => new FilesImportSource(Upload(""), p.Unlabelled ? "" : p.Identity ?? throw new InvalidOperationException("The import names no identity."), p.Files ?? [], maxFileBytes),
            ImportSourceKind.ServerFolder => new FolderImportSource(Folder(), limits, roots, maxFileBytes, p.Unlabelled),
            ImportSourceKind.Csv => new CsvImportSource(Upload(ImportParameters.ManifestFileName), p.DisplayName ?? "manifest.csv", Folder(), limits, roots, maxFileBytes),
            _ => throw new InvalidOperationException($"Unknown import source {p.Source}."),
        };
    }
}
