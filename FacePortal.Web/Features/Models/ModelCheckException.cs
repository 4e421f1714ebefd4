namespace FacePortal.Web.Features.Models;

/// <summary>A model check that cannot start as asked; the message says why.</summary>
public sealed class ModelCheckException(string message) : Exception(message);
