using FacePortal.Engine.Evaluation;
using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Tests.Web.Features.Evaluations.Differentials;

/// <summary>A gallery, a pair set, a run and its stored scores written straight into a portal database, for the standards pages.</summary>
public static class StandardsTestData
{
    public const string Model = "face-api";

    public const string Signature = "test-signature";

    public sealed record Image(string Key, string Identity, string[]? Tags = null, bool HasFace = true, double Size = 50, double Score = 0.9, float[]? Descriptor = null);

    public sealed record Pair(string A, string B, bool Same, double Score, bool Missing = false);

    public sealed record Seeded(int RunId, int GalleryId, int PairSetId, IReadOnlyDictionary<string, int> Images);

    public static async Task<Seeded> CreateAsync(IDbContextFactory<PortalDbContext> databases, IReadOnlyDictionary<string, string[]> identities, IReadOnlyList<Image> images, IReadOnlyList<Pair> pairs)
    {
        await using var db = await databases.CreateDbContextAsync();
        var gallery = new Gallery { Name = "standards-" + Guid.NewGuid().ToString("N")[..8], CreatedAt = DateTimeOffset.UtcNow };
        db.Galleries.Add(gallery);
        var people = identities.ToDictionary(i => i.Key, i => new FaceIdentity { Gallery = gallery, Name = i.Key, Tags = [.. i.Value], CreatedAt = DateTimeOffset.UtcNow });
        db.Identities.AddRange(people.Values);
        var rows = new Dictionary<string, GalleryImage>();
        foreach (var spec in images)
        {
            var image = new GalleryImage
            {
                Gallery = gallery,
                Identity = people[spec.Identity],
                ContentHash = ImageStore.Hash(System.Text.Encoding.UTF8.GetBytes(gallery.Name + spec.Key)),
                OriginalName = $"{spec.Identity}/{spec.Key}.jpg",
                Outcome = spec.HasFace ? ImageOutcome.Face : ImageOutcome.NoFace,
                PrimaryFaceIndex = spec.HasFace ? 0 : -1,
                ImportedAt = DateTimeOffset.UtcNow,
                Tags = [.. spec.Tags ?? []],
            };
            if (spec.HasFace)
            {
                image.Faces.Add(new DetectedFace
                {
                    Index = 0, X = 10, Y = 10, Width = spec.Size, Height = spec.Size, Score = spec.Score, Sharpness = 100, Landmarks = [],
                    Descriptors = spec.Descriptor is null ? [] : [new FaceDescriptor { Model = Signature, Vector = spec.Descriptor }],
                });
            }
            rows[spec.Key] = image;
            db.Images.Add(image);
        }
        var set = new PairSet
        {
            Gallery = gallery, Name = "set", Source = "generated", Parameters = """{"seed":1,"negativeSampling":0}""",
            FoldCount = 1, PositiveCount = pairs.Count(p => p.Same), NegativeCount = pairs.Count(p => !p.Same), CreatedAt = DateTimeOffset.UtcNow,
        };
        for (var i = 0; i < pairs.Count; i++)
        {
            set.Pairs.Add(new EvaluationPair { Ordinal = i, Fold = 0, Same = pairs[i].Same, ImageA = rows[pairs[i].A], ImageB = rows[pairs[i].B] });
        }
        db.PairSets.Add(set);
        var run = new EvaluationRun { PairSet = set, Model = Model, Metric = "Euclidean", PipelineSignature = Signature, Total = pairs.Count, CreatedAt = DateTimeOffset.UtcNow };
        db.EvaluationRuns.Add(run);
        await db.SaveChangesAsync();
        var ordered = set.Pairs.OrderBy(p => p.Ordinal).ToList();
        for (var i = 0; i < pairs.Count; i++)
        {
            db.PairScores.Add(new PairScore
            {
                RunId = run.Id, PairId = ordered[i].Id, Same = pairs[i].Same, MissingFace = pairs[i].Missing,
                Score = pairs[i].Missing ? ScoreConventions.MissingFaceScore : pairs[i].Score,
            });
        }
        await db.SaveChangesAsync();
        return new Seeded(run.Id, gallery.Id, set.Id, rows.ToDictionary(r => r.Key, r => r.Value.Id));
    }

    /// <summary>
    /// Two women and two men (identity tags sex:F / sex:M) and one untagged person. At the threshold for FMR 0.3 over
    /// all 7 impostors (at most 2 false accepts; the engine takes the highest threshold with the most genuine accepts,
    /// here 0.45) exactly the two highest impostors (0.6 untagged x F, 0.5 F x F) are accepted, so by hand:
    /// F: FNMR 1/2, FMR 1/2; M: FNMR 1/3 (one genuine pair has an image without a face), FMR 0/2; F x M FMR 0/2.
    /// </summary>
    public static Task<Seeded> SexScenarioAsync(IDbContextFactory<PortalDbContext> databases) => CreateAsync(databases,
        new Dictionary<string, string[]> { ["F1"] = ["sex:F"], ["F2"] = ["sex:F", "age:30"], ["M1"] = ["sex:M"], ["M2"] = ["sex:M"], ["U"] = [] },
        [
            new("F1a", "F1"), new("F1b", "F1"), new("F2a", "F2"), new("F2b", "F2"),
            new("M1a", "M1"), new("M1b", "M1"), new("M2a", "M2"), new("M2b", "M2"), new("M2c", "M2", HasFace: false), new("Ua", "U"),
        ],
        [
            new("F1a", "F1b", true, 0.45), new("F2a", "F2b", true, 0.05), new("M1a", "M1b", true, 0.8), new("M2a", "M2b", true, 0.85),
            new("M2a", "M2c", true, 0, Missing: true),
            new("F1a", "F2a", false, 0.5), new("F1b", "F2b", false, 0.1), new("M1a", "M2a", false, 0.1), new("M1b", "M2b", false, 0.05),
            new("F1a", "M1a", false, 0.0), new("F2a", "M2a", false, 0.05), new("Ua", "F1a", false, 0.6),
        ]);
}
