using FacePortal.Engine.Pipeline;
using FacePortal.Engine.Recognition;

namespace FacePortal.Engine.Robustness;

/// <summary>Another catalogue model that scores the adversarial photos made on face-api (black-box transfer), at its own threshold.</summary>
public sealed record TransferModel(string Name, FacePipeline Pipeline)
{
    public double Threshold => Pipeline.Model.Threshold;

    public DistanceMetric Metric => Pipeline.Model.Metric;
}
