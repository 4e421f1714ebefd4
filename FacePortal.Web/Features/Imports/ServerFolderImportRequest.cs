namespace FacePortal.Web.Features.Imports;

/// <summary>
/// POST /api/galleries/{id}/import JSON body: a folder on the server with one sub-folder per identity; with
/// <see cref="Unlabelled"/> any images in it (top level too), every face kept without a name.
/// </summary>
public sealed record ServerFolderImportRequest(string? ServerFolder, bool? Unlabelled = null);
