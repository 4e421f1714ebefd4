using TorchSharp;
using static TorchSharp.torch;

namespace FacePortal.Engine.Adaptation;

/// <summary>
/// One training epoch, whatever the network (a head on descriptors, or the last block and head on block inputs):
/// classification pretraining over shuffled batches for the options' first epochs, then the triplet loss over P x K
/// batches. Cancellation is seen between batches.
/// </summary>
internal static class TripletEpoch
{
    public static EpochLoss Run(nn.Module<Tensor, Tensor> net, Func<Tensor, Tensor, double, Tensor> classificationLoss, Tensor x, Tensor y,
        HeadTrainingOptions options, PkBatchSampler sampler, TorchSharp.Modules.AdamW optimizer, int epoch, ref long step, CancellationToken cancellationToken)
    {
        var pretraining = options.Pretraining != PretrainingLoss.None && epoch < options.PretrainingEpochs;
        var phase = pretraining ? options.Pretraining.ToString().ToLowerInvariant() : "triplet";
        net.train();
        double sum = 0;
        var batches = 0;
        foreach (var batch in pretraining ? TrainerCheckpoint.ShuffledBatches((int)y.shape[0], options, epoch) : sampler.Epoch(epoch))
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var index = tensor(batch.Select(i => (long)i).ToArray());
            var e = net.forward(x.index_select(0, index));
            var labels = y.index_select(0, index);
            var loss = pretraining
                ? classificationLoss(e, labels, options.Pretraining == PretrainingLoss.Center ? options.CenterWeight : 0)
                : TripletLoss.Compute(e, labels, options.Margin, options.Mining);
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            step++;
            sum += loss.ToDouble();
            batches++;
        }
        return new EpochLoss(epoch + 1, phase, sum / Math.Max(1, batches), step);
    }
}
