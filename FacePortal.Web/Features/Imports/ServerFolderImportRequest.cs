namespace FacePortal.Web.Features.Imports;

/// <summary>POST /api/galleries/{id}/import JSON body: a folder on the server with one sub-folder per identity.</summary>
public sealed record ServerFolderImportRequest(string? ServerFolder);
