namespace FacePortal.Web.Features.Imports.Sources;

/// <summary>Where an import's files come from: lists them once (planning), then reads them one by one.</summary>
internal interface IImportSource : IDisposable
{
    /// <summary>Every file with its identity, or the reason it is refused; read-only, nothing is written.</summary>
    IEnumerable<PlannedItem> Plan(CancellationToken cancellationToken);

    /// <summary>The bytes of a planned item; <see cref="ImportItemException"/> when they cannot be read safely.</summary>
    byte[] Read(string source, ItemExtra extra, CancellationToken cancellationToken);
}
