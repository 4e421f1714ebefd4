using FacePortal.Engine.Pipeline;

namespace FacePortal.Web.Features.Imports.Processing;

/// <summary>
/// Where an import run's time went, by stage. The reader, the analyser and the writer run side by side; each field is
/// written by one of them only, and read when all three have ended.
/// </summary>
internal sealed class ImportStageTimes
{
    // The reader: items, bytes, hashes, and (unless too large) decoding ahead.
    public TimeSpan ReadAhead;

    // The analyser: waiting for the reader, duplicates, decoding in turn, the engine, waiting for the writer.
    public TimeSpan Wait, Dedupe, Decode, Analyse, WriterWait;

    // The writer: reservations and files, rows and progress, chips.
    public TimeSpan Store, Write, Chips;

    public PipelineTimings Engine { get; } = new();
}
