namespace FacePortal.Web.Features.Galleries;

/// <summary>POST .../activity/{entryId}/undo: <c>confirm</c> true undoes even when later changes depend on the entry.</summary>
public sealed record UndoRequest(bool Confirm);
