namespace FacePortal.Web.Features.Imports;

/// <summary>One file of an import that cannot be read (unsafe name, over a limit, missing...): recorded, and the import goes on.</summary>
public sealed class ImportItemException(string reason) : Exception(reason);
