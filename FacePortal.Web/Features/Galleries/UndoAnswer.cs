namespace FacePortal.Web.Features.Galleries;

/// <summary>An undone activity entry, with what could not be put back (images deleted meanwhile).</summary>
public sealed record UndoAnswer(long EntryId, IReadOnlyList<string> Notes);
