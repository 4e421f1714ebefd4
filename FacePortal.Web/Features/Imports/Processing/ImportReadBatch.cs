namespace FacePortal.Web.Features.Imports.Processing;

/// <summary>A batch's items, those whose bytes were read, and (unless too large) each distinct content decoded.</summary>
internal sealed record ImportReadBatch(List<ImportWork> Work, List<ImportWork> Read, IReadOnlyDictionary<string, ImportDecoder.Decoded>? Decoded);
