using System.Text.Json.Serialization;

namespace FacePortal.Engine.Evaluation;

[JsonConverter(typeof(JsonStringEnumConverter<NegativeSampling>))]
public enum NegativeSampling
{
    /// <summary>Two identities of the fold at random, an image of each at random.</summary>
    Random,

    /// <summary>The most similar impostor pairs of the fold by stored descriptor (then random ones to fill up).</summary>
    Hard,

    /// <summary>
    /// Matched impostors: only pairs of images whose tags share a value of the chosen prefix (e.g. <c>sex:F</c> with
    /// <c>sex:F</c>; image tags and identity tags both count). Images without such a tag give no impostors.
    /// </summary>
    Matched,

    /// <summary>
    /// Related-person impostors: only pairs between different members of one family (a tag such as
    /// <c>family:smith</c>); a family's identities are dealt to one fold together, and never give genuine pairs.
    /// </summary>
    Related,
}
