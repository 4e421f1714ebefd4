namespace FacePortal.Web.Platform.Analysis;

/// <summary>An image as the user sent it: the encoded bytes and the name it came with (for messages only).</summary>
public sealed record ImageInput(string Name, byte[] Content);
