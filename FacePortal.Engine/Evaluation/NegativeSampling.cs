using System.Text.Json.Serialization;

namespace FacePortal.Engine.Evaluation;

[JsonConverter(typeof(JsonStringEnumConverter<NegativeSampling>))]
public enum NegativeSampling
{
    /// <summary>Two identities of the fold at random, an image of each at random.</summary>
    Random,

    /// <summary>The most similar impostor pairs of the fold by stored descriptor (then random ones to fill up).</summary>
    Hard,
}
