namespace FacePortal.Web.Features.Imports;

/// <summary>One browser-uploaded file: the name the user gave it and the fixed name it is saved under.</summary>
/// <param name="Name">Shown to people only; never part of a path.</param>
/// <param name="Stored">File name inside the upload folder (digits only).</param>
/// <param name="Error">Why it was not saved (too large), or null.</param>
public sealed record UploadedFile(string Name, string Stored, string? Error);
