using System.Text.Json;
using FacePortal.Engine.Detection;
using FacePortal.Engine.Evaluation;
using FacePortal.Engine.Imaging;
using FacePortal.Engine.Landmarks;
using FacePortal.Engine.Pipeline;
using FacePortal.Engine.Recognition;
using FacePortal.Engine.Embedding;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.EngineHost;
using FacePortal.Web.Platform.Jobs;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;

namespace FacePortal.Web.Features.Evaluations;

/// <summary>
/// Scores a run's pair set ("evaluation" jobs). Descriptors come from the gallery's stored descriptors of the run's
/// model; the missing ones are computed from the stored faces' landmarks (<see cref="FaceDescriber"/>) and stored as
/// that model's FaceDescriptors rows, the only gallery rows the job writes. Scores are stored chunk by chunk, so a restarted job skips the pairs already scored. Once every pair is
/// scored, the job counts the images without a usable face (failures to acquire and enrol) and computes the
/// standards figures with their subject-level bootstrap intervals (<see cref="EvaluationStandardsCalculator"/>).
/// </summary>
public sealed class EvaluationJobHandler(
    FaceEngineHost host, ImageStore store, IOptions<PortalOptions> portal, IOptions<EvaluationOptions> evaluationOptions, EvaluationScoreCache scoreCache,
    ILogger<EvaluationJobHandler> logger) : IJobHandler
{
    public const string JobKind = "evaluation";

    /// <summary>Pairs per stored chunk when every descriptor is at hand (each chunk is one progress step).</summary>
    private const int MaxPairsPerChunk = 2000;

    public string Kind => JobKind;

    public async Task RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        var parameters = JsonSerializer.Deserialize<EvaluationJobParameters>(context.Parameters, JsonSerializerOptions.Web)
            ?? throw new InvalidOperationException("evaluation job without parameters");
        var databases = context.Databases;
        EvaluationRun run;
        List<(int Id, int A, int B, bool Same)> pairs;
        HashSet<int> scored;
        await using (var db = await databases.CreateDbContextAsync(cancellationToken))
        {
            run = await db.EvaluationRuns.FirstOrDefaultAsync(r => r.Id == parameters.RunId, cancellationToken)
                ?? throw new InvalidOperationException($"evaluation run {parameters.RunId} no longer exists");
            // A generated set follows the gallery's curation: a pair whose image was excluded since is left out, and
            // the label is the images' current identities (so a re-run picks up fixes). An imported protocol is kept as it is.
            var imported = await db.PairSets.Where(s => s.Id == run.PairSetId).Select(s => s.Source == "imported").FirstAsync(cancellationToken);
            var rows = await db.EvaluationPairs.AsNoTracking().Where(p => p.PairSetId == run.PairSetId)
                .Where(p => imported || (!p.ImageA!.Excluded && !p.ImageB!.Excluded))
                .OrderBy(p => p.Ordinal)
                .Select(p => new { p.Id, p.ImageAId, p.ImageBId, Same = imported ? p.Same : p.ImageA!.IdentityId == p.ImageB!.IdentityId })
                .ToListAsync(cancellationToken);
            pairs = [.. rows.Select(r => (r.Id, r.ImageAId, r.ImageBId, r.Same))];
            scored = [.. await db.PairScores.Where(s => s.RunId == run.Id).Select(s => s.PairId).ToListAsync(cancellationToken)];
        }

        await context.ReportAsync(scored.Count, pairs.Count, "waiting for the engine", cancellationToken, force: true);
        var engine = await host.GetAsync(cancellationToken);
        var faces = FaceDescriber.For(engine, run.Model);
        var pipeline = faces.Pipeline;
        var metric = pipeline.Model.Metric;
        var signature = pipeline.Signature;
        await using (var db = await databases.CreateDbContextAsync(cancellationToken))
        {
            if (run.PipelineSignature is not null && run.PipelineSignature != signature && scored.Count > 0)
            {
                // Scores of two pipelines must not mix: the settings changed while the run was interrupted.
                await db.PairScores.Where(s => s.RunId == run.Id).ExecuteDeleteAsync(cancellationToken);
                scoreCache.Invalidate(run.Id);
                scored.Clear();
                await context.AddErrorAsync("pipeline", "the pipeline settings changed since the run started: scored again from the start", cancellationToken);
            }
            await db.EvaluationRuns.Where(r => r.Id == run.Id).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.PipelineSignature, signature)
                .SetProperty(r => r.Metric, metric.ToString())
                .SetProperty(r => r.Standards, (string?)null)
                .SetProperty(r => r.Total, pairs.Count), cancellationToken);
        }

        var todo = pairs.Where(p => !scored.Contains(p.Id)).ToList();
        var describer = new Describer(databases, store, engine.Decoder, faces, new DescriptorCache(portal.Value.DescriptorCacheDirectory), context, logger);
        var descriptors = await describer.StoredAsync(todo.SelectMany(p => new[] { p.A, p.B }).Distinct().ToList(), cancellationToken);
        var done = scored.Count;
        var batch = Math.Max(1, pipeline.Options.BatchSize);
        await context.ReportAsync(done, pairs.Count, "scoring", cancellationToken, force: true);
        var next = 0;
        while (next < todo.Count)
        {
            // A chunk ends when it needs a full batch of new descriptors (one pipeline call), or at MaxPairsPerChunk.
            var chunk = new List<(int Id, int A, int B, bool Same)>();
            var needed = new HashSet<int>();
            while (next < todo.Count && chunk.Count < MaxPairsPerChunk)
            {
                var p = todo[next];
                var add = (descriptors.ContainsKey(p.A) || needed.Contains(p.A) ? 0 : 1) + (descriptors.ContainsKey(p.B) || needed.Contains(p.B) || p.A == p.B ? 0 : 1);
                if (add > 0 && needed.Count + add > batch && chunk.Count > 0)
                {
                    break;
                }
                if (!descriptors.ContainsKey(p.A))
                {
                    needed.Add(p.A);
                }
                if (!descriptors.ContainsKey(p.B))
                {
                    needed.Add(p.B);
                }
                chunk.Add(p);
                next++;
            }
            if (needed.Count > 0)
            {
                foreach (var (id, d) in await describer.DescribeAsync([.. needed], cancellationToken))
                {
                    descriptors[id] = d;
                }
            }
            var rows = chunk.Select(p =>
            {
                var a = descriptors[p.A];
                var b = descriptors[p.B];
                return a is null || b is null
                    ? (p.Id, ScoreConventions.MissingFaceScore, true, p.Same)
                    : (p.Id, ScoreConventions.ToScore(DescriptorMath.Distance(a, b, metric), metric), false, p.Same);
            }).ToList();
            await StoreAsync(databases, run.Id, rows, cancellationToken);
            done += chunk.Count;
            await context.ReportAsync(done, pairs.Count, "scoring", cancellationToken);
        }
        var missing = pairs.Count == 0 ? 0 : await CountMissingAsync(databases, run.Id, cancellationToken);
        var standards = await StandardsAsync(context, run.Id, pairs, descriptors, describer, batch, done, cancellationToken);
        await context.ReportAsync(done, pairs.Count, FormattableString.Invariant(
            $"{done} pairs scored; {missing} with a missing face (failures to acquire: left out of FMR/FNMR, scored as non-matches in the LFW convention); FTA {standards.Failures.FailedToAcquire} of {standards.Failures.Samples} images, FTE {standards.Failures.FailedToEnrol} of {standards.Failures.Subjects} identities"),
            cancellationToken, force: true);
    }

    /// <summary>
    /// Failures counted over every image of the set (also those of pairs scored before a restart), then the
    /// standards figures with their bootstrap intervals; stored with the run.
    /// </summary>
    private async Task<EvaluationStandards> StandardsAsync(
        JobContext context, int runId, List<(int Id, int A, int B, bool Same)> pairs, Dictionary<int, float[]?> descriptors,
        Describer describer, int batch, int done, CancellationToken ct)
    {
        var databases = context.Databases;
        await context.ReportAsync(done, pairs.Count, "counting failures to acquire and enrol", ct, force: true);
        var imageIds = pairs.SelectMany(p => new[] { p.A, p.B }).Distinct().ToList();
        foreach (var (id, d) in await describer.StoredAsync([.. imageIds.Where(id => !descriptors.ContainsKey(id))], ct))
        {
            descriptors[id] = d;
        }
        foreach (var chunk in imageIds.Where(id => !descriptors.ContainsKey(id)).Chunk(batch))
        {
            foreach (var (id, d) in await describer.DescribeAsync([.. chunk], ct))
            {
                descriptors[id] = d;
            }
        }

        var images = new List<StandardsImage>();
        var subjectOf = new Dictionary<int, int>();
        var pairOf = pairs.ToDictionary(p => p.Id);
        List<StandardsPair> scored;
        await using (var db = await databases.CreateDbContextAsync(ct))
        {
            foreach (var chunk in imageIds.Chunk(500))
            {
                var rows = await db.Images.AsNoTracking().Where(i => chunk.Contains(i.Id))
                    .Select(i => new { i.Id, i.IdentityId, Identity = i.Identity!.Name, i.OriginalName }).ToListAsync(ct);
                foreach (var r in rows)
                {
                    subjectOf[r.Id] = r.IdentityId;
                    var failure = descriptors.GetValueOrDefault(r.Id) is null ? describer.Failures.GetValueOrDefault(r.Id, "no usable face") : null;
                    images.Add(new StandardsImage(r.Id, r.IdentityId, RelativeImagePath.Of(r.Identity, r.OriginalName), failure));
                }
            }
            var rowsOfRun = await db.PairScores.AsNoTracking().Where(s => s.RunId == runId)
                .Select(s => new { s.PairId, s.Score, s.MissingFace, s.Same }).ToListAsync(ct);
            // An image deleted under the run has no subject any more: its pairs count as failures of a subject of their own.
            scored = [.. rowsOfRun.Where(s => pairOf.ContainsKey(s.PairId)).Select(s =>
            {
                var p = pairOf[s.PairId];
                return new StandardsPair(s.Score, s.Same, s.MissingFace, subjectOf.GetValueOrDefault(p.A, -p.A), subjectOf.GetValueOrDefault(p.B, -p.B));
            })];
        }
        foreach (var id in imageIds.Where(id => !subjectOf.ContainsKey(id)))
        {
            images.Add(new StandardsImage(id, -id, $"image {id}", describer.Failures.GetValueOrDefault(id, "image deleted")));
        }

        var options = evaluationOptions.Value;
        var standards = await EvaluationStandardsCalculator.ComputeAsync(scored, images, options, context.Now,
            (thresholds, token) => context.ReportAsync(done, pairs.Count, FormattableString.Invariant(
                $"subject-level bootstrap intervals ({options.BootstrapResamples:N0} resamples, seed {options.BootstrapSeed}) at the report threshold and {thresholds} curve thresholds"), token, force: true),
            ct);
        var json = standards.ToJson();
        await using (var db = await databases.CreateDbContextAsync(ct))
        {
            await db.EvaluationRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(s => s.SetProperty(r => r.Standards, json), ct);
        }
        logger.LogInformation("Evaluation run {Run}: FTA {Fta}/{Samples}, FTE {Fte}/{Subjects}, bootstrap {Seconds:F1} s",
            runId, standards.Failures.FailedToAcquire, standards.Failures.Samples, standards.Failures.FailedToEnrol, standards.Failures.Subjects, standards.BootstrapSeconds);
        return standards;
    }

    private static async Task<int> CountMissingAsync(IDbContextFactory<PortalDbContext> databases, int runId, CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        return await db.PairScores.CountAsync(s => s.RunId == runId && s.MissingFace, ct);
    }

    private static async Task StoreAsync(IDbContextFactory<PortalDbContext> databases, int runId, List<(int PairId, double Score, bool Missing, bool Same)> rows, CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await using var cmd = (SqliteCommand)db.Database.GetDbConnection().CreateCommand();
        cmd.Transaction = (SqliteTransaction)tx.GetDbTransaction();
        // OR IGNORE: a pair scored just before an interruption is not scored twice.
        cmd.CommandText = "INSERT OR IGNORE INTO PairScores (RunId, PairId, Score, MissingFace, Same) VALUES ($run, $pair, $score, $missing, $same)";
        cmd.Parameters.AddWithValue("$run", runId);
        var pair = cmd.Parameters.Add("$pair", SqliteType.Integer);
        var score = cmd.Parameters.Add("$score", SqliteType.Real);
        var missing = cmd.Parameters.Add("$missing", SqliteType.Integer);
        var same = cmd.Parameters.Add("$same", SqliteType.Integer);
        cmd.Prepare();
        foreach (var r in rows)
        {
            pair.Value = r.PairId;
            score.Value = r.Score;
            missing.Value = r.Missing ? 1 : 0;
            same.Value = r.Same ? 1 : 0;
            await cmd.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// Finds or computes the descriptor of the face each image stands for; null = no usable face. A stored face is
    /// described again from its stored box and landmarks (never detected again) and its descriptor kept in
    /// FaceDescriptors for the run's model, the one row the job writes to the gallery; an image the gallery holds no
    /// face of is analysed whole, through the descriptor cache.
    /// </summary>
    private sealed class Describer(
        IDbContextFactory<PortalDbContext> databases, ImageStore store, ImageDecoder decoder, FaceDescriber describer,
        DescriptorCache cache, JobContext context, ILogger logger)
    {
        private readonly string _signature = describer.Signature;

        /// <summary>Why an image has no descriptor (failures to acquire), for the images described so far.</summary>
        public Dictionary<int, string> Failures { get; } = [];

        /// <summary>Descriptors the gallery already holds for this model (primary faces only).</summary>
        public async Task<Dictionary<int, float[]?>> StoredAsync(List<int> imageIds, CancellationToken ct)
        {
            var result = new Dictionary<int, float[]?>();
            await using var db = await databases.CreateDbContextAsync(ct);
            foreach (var chunk in imageIds.Chunk(500))
            {
                var rows = await db.PrimaryFor(_signature).Where(d => chunk.Contains(d.Face!.ImageId))
                    .Select(d => new { d.Face!.ImageId, d.Vector }).ToListAsync(ct);
                foreach (var r in rows)
                {
                    result[r.ImageId] = r.Vector;
                }
            }
            return result;
        }

        public async Task<Dictionary<int, float[]?>> DescribeAsync(List<int> imageIds, CancellationToken ct)
        {
            var result = new Dictionary<int, float[]?>();
            List<(int Id, string Hash, string Name, StoredFace? Face)> work = [];
            await using (var db = await databases.CreateDbContextAsync(ct))
            {
                var images = await db.Images.AsNoTracking().Where(i => imageIds.Contains(i.Id))
                    .Select(i => new
                    {
                        i.Id, i.ContentHash, i.OriginalName, i.Outcome, i.PrimaryFaceIndex,
                        HasFaces = i.Faces.Any(),
                        Primary = i.Faces.Where(f => f.Index == i.PrimaryFaceIndex).Select(f => new StoredFace(f.Id, f.X, f.Y, f.Width, f.Height, f.Landmarks)).FirstOrDefault(),
                    }).ToListAsync(ct);
                foreach (var i in images)
                {
                    // The gallery found no usable face (or could not read the file): a failure to acquire.
                    if (i.Outcome == ImageOutcome.Unreadable || (i.HasFaces && i.Primary is null)
                        || (i.PrimaryFaceIndex < 0 && i.Outcome is ImageOutcome.NoFace or ImageOutcome.FaceTooSmall))
                    {
                        result[i.Id] = null;
                        Failures[i.Id] = i.Outcome switch
                        {
                            ImageOutcome.Unreadable => "unreadable",
                            ImageOutcome.NoFace => "no face",
                            ImageOutcome.FaceTooSmall => "face too small",
                            _ => "primary face missing",
                        };
                        continue;
                    }
                    if (i.Primary is null && cache.TryGet(AutoKey, i.ContentHash, out var hit))
                    {
                        result[i.Id] = hit.Descriptor;
                        if (hit.Descriptor is null)
                        {
                            Failures[i.Id] = hit.FaceCount == 0 ? "no face" : "no descriptor for the chosen face";
                        }
                        continue;
                    }
                    work.Add((i.Id, i.ContentHash, i.OriginalName, i.Primary));
                }
            }
            foreach (var id in imageIds.Where(id => !result.ContainsKey(id) && work.All(w => w.Id != id)))
            {
                result[id] = null; // the image was deleted under the run
                Failures[id] = "image deleted";
            }
            if (work.Count == 0)
            {
                return result;
            }

            var decoded = new RgbImage?[work.Count];
            var errors = new string?[work.Count];
            await Parallel.ForAsync(0, work.Count, ct, async (k, token) =>
            {
                try
                {
                    var bytes = await store.ReadAsync(work[k].Hash, token);
                    decoded[k] = decoder.Decode(bytes, work[k].Name);
                }
                catch (Exception e) when (e is ImageDecodeException or IOException)
                {
                    errors[k] = e.Message;
                }
            });
            for (var k = 0; k < work.Count; k++)
            {
                if (errors[k] is { } error)
                {
                    result[work[k].Id] = null;
                    Failures[work[k].Id] = "unreadable";
                    await context.AddErrorAsync(work[k].Name, error, ct);
                }
            }

            // Stored faces: aligned again from their landmarks, in one batch.
            var known = Enumerable.Range(0, work.Count).Where(k => decoded[k] is not null && work[k].Face is not null).ToList();
            var vectors = known.Count == 0 ? [] : describer.Describe([.. known.Select(k => work[k].Face!.ToKnown(decoded[k]!))], ct);
            var stored = new List<(int FaceId, float[] Vector)>();
            for (var n = 0; n < known.Count; n++)
            {
                var w = work[known[n]];
                result[w.Id] = vectors[n];
                if (vectors[n] is { } vector)
                {
                    stored.Add((w.Face!.Id, vector));
                }
                else
                {
                    Failures[w.Id] = "no descriptor for the chosen face";
                }
            }
            if (stored.Count > 0)
            {
                await using var db = await databases.CreateDbContextAsync(ct);
                await FaceDescriptors.StoreAsync(db, _signature, stored, context.Now, ct);
            }

            // Images the gallery holds no face of: analysed whole, the engine's primary face.
            var whole = Enumerable.Range(0, work.Count).Where(k => decoded[k] is not null && work[k].Face is null).ToList();
            var analysed = whole.Count == 0 ? [] : describer.Analyze([.. whole.Select(k => decoded[k]!)], FaceSelection.Primary, null, ct);
            for (var n = 0; n < whole.Count; n++)
            {
                var w = work[whole[n]];
                var faces = analysed[n];
                var descriptor = faces.Primary?.Descriptor;
                result[w.Id] = descriptor;
                if (descriptor is null)
                {
                    Failures[w.Id] = faces.Faces.Count == 0 ? "no face" : "no descriptor for the chosen face";
                }
                cache.Put(AutoKey, w.Hash, new PrimaryDescriptor(descriptor, faces.Primary?.Detection, faces.Faces.Count, faces.Route, null));
            }
            logger.LogDebug("Described {Count} images for evaluation job {Job} ({Stored} descriptors stored)", work.Count, context.JobId, stored.Count);
            return result;
        }

        private string AutoKey => _signature + ";portal-primary=auto";

        private sealed record StoredFace(int Id, double X, double Y, double Width, double Height, float[] Landmarks)
        {
            public KnownFace ToKnown(RgbImage image) => new(image, new FaceBox(X, Y, Width, Height), LandmarkCodec.Unpack(Landmarks));
        }
    }
}
