namespace FacePortal.Web.Features.Imports.Processing;

/// <summary>A batch analysed, for the writer: every item, and the new images among them (files to store, chips to keep).</summary>
internal sealed record ImportAnalysedBatch(List<ImportWork> Work, List<ImportWork> Decoded);
