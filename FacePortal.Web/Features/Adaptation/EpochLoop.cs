using System.Diagnostics;
using FacePortal.Engine.Adaptation;
using FacePortal.Web.Platform.Jobs;

namespace FacePortal.Web.Features.Adaptation;

/// <summary>
/// The adaptation job's training loop, whatever is trained: one epoch per step, the record (loss curve, time) written
/// after each so a restart shows it, progress reported with each epoch's loss.
/// </summary>
internal static class EpochLoop
{
    public static async Task<AdaptationResult> RunAsync(JobContext context, IEpochTrainer trainer, AdaptationResult record, AdaptationFiles files, string what,
        CancellationToken cancellationToken)
    {
        var seconds = record.TrainingSeconds;
        record = record with
        {
            Losses = [.. trainer.Losses],
            BatchesPerEpoch = trainer.Sampler.BatchesPerEpoch,
            ResumedAfterEpoch = trainer.Resumed ? trainer.EpochsDone : record.ResumedAfterEpoch,
        };
        var suffix = what.Length == 0 ? "" : $" ({what})";
        await context.ReportAsync(trainer.EpochsDone, trainer.TotalEpochs,
            trainer.Resumed ? $"resumed at epoch {trainer.EpochsDone + 1}{suffix}" : what.Length == 0 ? "training" : $"training the {what}", cancellationToken, force: true);
        while (trainer.EpochsDone < trainer.TotalEpochs)
        {
            var clock = Stopwatch.StartNew();
            var loss = await Task.Run(() => trainer.RunEpoch(cancellationToken), cancellationToken);
            seconds += clock.Elapsed.TotalSeconds;
            record = record with { Losses = [.. trainer.Losses], TrainingSeconds = seconds };
            await files.WriteAsync(record, CancellationToken.None);
            var phase = what.Length == 0 ? loss.Phase : $"{loss.Phase}, {what}";
            await context.ReportAsync(loss.Epoch, trainer.TotalEpochs, FormattableString.Invariant($"epoch {loss.Epoch}/{trainer.TotalEpochs} ({phase}): loss {loss.Loss:F4}"), cancellationToken, force: true);
        }
        return record;
    }
}
