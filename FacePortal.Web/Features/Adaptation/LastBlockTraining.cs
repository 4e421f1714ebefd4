using FacePortal.Engine.Adaptation;
using FacePortal.Engine.Imaging;
using FacePortal.Engine.Models.Adapted;
using FacePortal.Engine.Pipeline;
using FacePortal.Engine.Robustness;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.Jobs;

namespace FacePortal.Web.Features.Adaptation;

/// <summary>
/// The adaptation job's last-block training: block inputs of every sample (cached per job), then
/// <see cref="LastBlockTrainer"/> one epoch per step (checkpointed, resumed after a restart, loss curve in the record),
/// then the tuned model's embeddings of both sides for the default threshold.
/// </summary>
internal static class LastBlockTraining
{
    public static async Task<(AdaptationResult Record, TunedLastBlock Tuned, List<AdaptationData.Sample> HeldOut, List<AdaptationData.Sample> Train)> TrainAsync(
        JobContext context, AdaptationResult record, FacePipeline pipeline, ImageDecoder decoder, ImageStore store, FaceRecognitionTorchNet net, AdaptationFiles files,
        List<AdaptationData.Sample> train, List<AdaptationData.Sample> heldOut, HeadTrainingOptions options, double blockLearningRate, CancellationToken cancellationToken)
    {
        LastBlockData.CheckSupported(pipeline);
        var all = train.Concat(heldOut).ToList();
        float[][] inputs;
        await using (var db = await context.Databases.CreateDbContextAsync(cancellationToken))
        {
            inputs = await LastBlockData.LoadAsync(db, store, decoder, pipeline, net, all, files.BlockInputs(context.JobId),
                (done, total) => context.ReportAsync(0, record.TotalEpochs, $"block inputs {done}/{total} chips", cancellationToken), cancellationToken);
        }
        var trainInputs = inputs[..train.Count];
        LastBlockTrainer trainer;
        try
        {
            trainer = new LastBlockTrainer(net, trainInputs, [.. train.Select(s => s.IdentityId)], options, blockLearningRate, files.Checkpoint(context.JobId));
        }
        catch (ArgumentException e)
        {
            throw new AdaptationException(e.Message);
        }
        using (trainer)
        {
            record = await EpochLoop.RunAsync(context, trainer, record, files, "last block", cancellationToken);
            var embedded = trainer.Embed(inputs);
            var samples = all.Select((s, i) => s with { Vector = embedded[i] }).ToList();
            return (record, trainer.Export(), samples[train.Count..], samples[..train.Count]);
        }
    }

    /// <summary>
    /// A head that changes nothing (unit vectors stay as they are), for <see cref="DefaultThreshold"/> on embeddings
    /// the tuned model already made.
    /// </summary>
    public static ProjectionHead Unchanged(int size) =>
        new([new DenseLayer(size, size, [.. Enumerable.Range(0, size * size).Select(i => i / size == i % size ? 1f : 0f)], new float[size])]);
}
