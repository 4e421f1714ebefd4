namespace FacePortal.Tests.TestSupport;

/// <summary>The four outputs of <see cref="ConvertedModels.SsdWithRawOutputs"/>, flattened.</summary>
public sealed record SsdOutputs(float[] Boxes, float[] Scores, float[] BoxEncodings, float[] ClassLogits);
