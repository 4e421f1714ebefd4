using FacePortal.Engine.Adaptation;
using FacePortal.Engine.Embedding;
using FacePortal.Engine.Evaluation;
using FacePortal.Engine.Models.Adapted;
using FacePortal.Engine.Recognition;
using FacePortal.Web.Features.Evaluations;
using FacePortal.Web.Features.PairSets;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.EngineHost;
using FacePortal.Web.Platform.Jobs;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Web.Features.Adaptation;

/// <summary>
/// "adaptation" jobs: split the gallery's identities, train a projection head on the training side's stored base
/// descriptors (one epoch per step, checkpointed), store base + head as a new ONNX model and load it, draw a pair set
/// from the held-out identities only, and queue the two evaluation runs (base, adapted) on it. Each step is written to
/// the job's record, so a job run again after a restart resumes training from its last epoch and skips what is done.
/// </summary>
public sealed class AdaptationJobHandler(FaceEngineHost host, AdaptationFiles files, EvaluationService evaluations, TimeProvider time,
    ImageStore store, AdaptationNet nets, ILogger<AdaptationJobHandler> logger) : IJobHandler
{
    public const string JobKind = "adaptation";

    public string Kind => JobKind;

    public async Task RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        var request = AdaptationRequest.Parse(context.Parameters);
        var options = request.Training();
        await context.ReportAsync(0, 0, "waiting for the engine", cancellationToken, force: true);
        var engine = await host.GetAsync(cancellationToken);
        var baseModel = string.IsNullOrWhiteSpace(request.BaseModel) ? engine.Pipeline.Model.Name : request.BaseModel;
        var describer = FaceDescriber.For(engine, baseModel);
        List<AdaptationData.Sample> samples;
        int missing;
        await using (var db = await context.Databases.CreateDbContextAsync(cancellationToken))
        {
            (samples, missing) = await AdaptationData.LoadAsync(db, request.GalleryId, describer.Signature, cancellationToken);
        }
        var (split, counts) = AdaptationData.Split(samples, missing, request.FractionOrDefault, request.SeedOrDefault);
        var train = samples.Where(s => split.Train.Contains(s.IdentityId)).ToList();
        var heldOut = samples.Where(s => split.HeldOut.Contains(s.IdentityId)).ToList();
        var record = await files.ReadAsync(context.JobId, cancellationToken) ?? new AdaptationResult
        {
            JobId = context.JobId,
            GalleryId = request.GalleryId,
            BaseModel = baseModel,
            Split = counts,
            HeldOutIdentityIds = [.. split.HeldOut.Order()],
            TrainIdentityIds = [.. split.Train.Order()],
            TotalEpochs = options.TotalEpochs,
        };

        if (record.Model is null && request.LastBlock)
        {
            var (weights, net) = await nets.GetAsync(cancellationToken);
            var (trained, tuned, heldOutEmbedded, trainEmbedded) = await LastBlockTraining.TrainAsync(context, record, describer.Pipeline, engine.Decoder, store, net, files,
                train, heldOut, options, request.BlockLearningRateOrDefault, cancellationToken);
            record = await RegisterAsync(context, request, trained, describer.Model, tuned.Head.OutputSize,
                () => DefaultThreshold.Fit(LastBlockTraining.Unchanged(tuned.Head.OutputSize), heldOutEmbedded, trainEmbedded), (_, _) => Task.FromResult(tuned.ToOnnx(weights)), cancellationToken);
        }
        else if (record.Model is null)
        {
            var (trained, head) = await TrainAsync(context, record, train, options, cancellationToken);
            record = await RegisterAsync(context, request, trained, describer.Model, head.OutputSize, () => DefaultThreshold.Fit(head, heldOut, train),
                async (baseFile, ct) => head.AppendTo(await File.ReadAllBytesAsync(baseFile, ct)), cancellationToken);
        }
        else if (!engine.EmbeddingModelNames.Contains(record.Model, StringComparer.Ordinal))
        {
            throw new InvalidOperationException($"The adapted model {record.Model} was stored but is not loaded (see the log).");
        }
        if (record.PairSetId is null)
        {
            record = record with { PairSetId = await HeldOutPairSetAsync(context, request, record, cancellationToken) };
            await files.WriteAsync(record, CancellationToken.None);
        }
        if (record.BaseRunId is null)
        {
            var who = context.User ?? "system";
            var before = await evaluations.StartAsync(new StartEvaluationRequest(record.PairSetId.Value, baseModel), who, cancellationToken);
            var after = await evaluations.StartAsync(new StartEvaluationRequest(record.PairSetId.Value, record.Model), who, CancellationToken.None);
            record = record with { BaseRunId = before.Id, AdaptedRunId = after.Id };
            await files.WriteAsync(record, CancellationToken.None);
        }
        await context.ReportAsync(record.TotalEpochs, record.TotalEpochs,
            $"{record.Model} stored; held-out evaluations queued (runs {record.BaseRunId} and {record.AdaptedRunId})", cancellationToken, force: true);
        logger.LogInformation("Adaptation job {Job}: {Model} from {Base} on gallery {Gallery}", context.JobId, record.Model, baseModel, request.GalleryId);
    }

    private async Task<(AdaptationResult, ProjectionHead)> TrainAsync(JobContext context, AdaptationResult record, List<AdaptationData.Sample> train, HeadTrainingOptions options,
        CancellationToken cancellationToken)
    {
        HeadTrainer trainer;
        try
        {
            trainer = new HeadTrainer([.. train.Select(s => s.Vector)], [.. train.Select(s => s.IdentityId)], options, files.Checkpoint(context.JobId));
        }
        catch (ArgumentException e)
        {
            throw new AdaptationException(e.Message);
        }
        using (trainer)
        {
            record = await EpochLoop.RunAsync(context, trainer, record, files, "", cancellationToken);
            return (record, trainer.Export());
        }
    }

    // threshold: the default decision threshold and whose pairs it was fitted on; onnx: the model's bytes from the base model's ONNX file.
    private async Task<AdaptationResult> RegisterAsync(JobContext context, AdaptationRequest request, AdaptationResult record, EmbeddingModelOptions baseOptions, int outputSize,
        Func<(double Threshold, string FittedOn)> threshold, Func<string, CancellationToken, Task<byte[]>> onnx, CancellationToken cancellationToken)
    {
        var engine = await host.GetAsync(cancellationToken);
        var name = string.IsNullOrWhiteSpace(request.Name) ? $"{baseOptions.Name}-adapted-{context.JobId}" : request.Name.Trim();
        var stored = AdaptedModelStore.List(engine.Options.Models).FirstOrDefault(m => m.Name == name);
        string? fittedOn = null;
        if (stored is null)
        {
            var baseFile = engine.Models.FirstOrDefault(m => m.Name == baseOptions.Name)?.File
                ?? throw new AdaptationException($"The base model {baseOptions.Name} has no ONNX file the engine loaded.");
            (var fitted, fittedOn) = threshold();
            var model = baseOptions with { Name = name, Path = name + ".onnx", EmbeddingSize = outputSize, Metric = DistanceMetric.Euclidean, Threshold = fitted };
            var info = new AdaptedModelInfo
            {
                Name = name,
                BaseModel = baseOptions.Name,
                BaseSignature = baseOptions.Signature,
                Model = model,
                Gallery = request.GalleryId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Description = Describe(request, record),
                CreatedAt = time.GetUtcNow(),
            };
            try
            {
                stored = AdaptedModelStore.Save(engine.Options.Models, info, await onnx(baseFile, cancellationToken));
            }
            catch (ArgumentException e)
            {
                throw new AdaptationException(e.Message);
            }
        }
        if (!engine.EmbeddingModelNames.Contains(name, StringComparer.Ordinal))
        {
            engine.AddEmbeddingModel(stored.Model, $"adapted model {name}");
        }
        record = record with { Model = name, Threshold = stored.Model.Threshold, ThresholdFittedOn = fittedOn ?? record.ThresholdFittedOn };
        await files.WriteAsync(record, CancellationToken.None);
        await context.SetMessageAsync($"{name} stored and loaded", cancellationToken);
        return record;
    }

    private static string Describe(AdaptationRequest request, AdaptationResult record)
    {
        var o = request.Training();
        var pre = o.Pretraining == PretrainingLoss.None ? "" : $"{o.PretrainingEpochs} {o.Pretraining.ToString().ToLowerInvariant()} epochs, then ";
        var block = request.LastBlock ? FormattableString.Invariant($"last block + fc (lr {request.BlockLearningRateOrDefault}) and ") : "";
        return FormattableString.Invariant($"{block}{o.Head} head on {record.BaseModel}, {pre}{o.Epochs} triplet epochs ({o.Mining}, margin {o.Margin}, P {o.IdentitiesPerBatch} x K {o.ImagesPerIdentity}, lr {o.LearningRate}), trained on {record.Split.TrainIdentities} identities of gallery {request.GalleryId}");
    }

    private async Task<int> HeldOutPairSetAsync(JobContext context, AdaptationRequest request, AdaptationResult record, CancellationToken ct)
    {
        var heldOut = record.HeldOutIdentityIds.ToHashSet();
        await using var db = await context.Databases.CreateDbContextAsync(ct);
        // Stored before a restart but not yet in the record: the same set, not a second one.
        if (await db.PairSets.Where(s => s.JobId == context.JobId).Select(s => (int?)s.Id).FirstOrDefaultAsync(ct) is { } existing)
        {
            return existing;
        }
        var gallery = await db.Galleries.AsNoTracking().FirstOrDefaultAsync(g => g.Id == request.GalleryId, ct)
            ?? throw new AdaptationException($"Gallery {request.GalleryId} no longer exists.");
        var rows = await AdaptationData.Usable(db, request.GalleryId).Where(i => heldOut.Contains(i.IdentityId)).Select(i => new { i.Id, i.IdentityId }).ToListAsync(ct);
        var images = rows.Select(r => new PairSourceImage(r.Id, r.IdentityId)).ToList();
        var folds = Math.Clamp(heldOut.Count / 2, 1, 10);
        var options = new PairSetGenerator.Options(request.HeldOutPairs ?? 1000, null, folds, request.SeedOrDefault, int.MaxValue, 1, NegativeSampling.Random, false);
        IReadOnlyList<GeneratedPair> pairs;
        try
        {
            pairs = PairSetGenerator.Generate(images, options, ct);
        }
        catch (PairSetGenerationException e)
        {
            throw new AdaptationException($"The held-out identities give no pair set: {e.Message}");
        }
        if (!pairs.Any(p => p.Same) || pairs.All(p => p.Same))
        {
            throw new AdaptationException("The held-out identities give no genuine or no impostor pairs: hold out more identities, or ones with 2 images or more.");
        }
        var set = new PairSet
        {
            GalleryId = gallery.Id,
            Name = $"{gallery.Name} held out of {record.Model}",
            Source = "generated",
            Parameters = System.Text.Json.JsonSerializer.Serialize(new { adaptationJob = context.JobId, heldOutIdentities = heldOut.Count, seed = options.Seed, folds }),
            FoldCount = folds,
            Sampling = "random",
            JobId = context.JobId,
        };
        var identityOf = images.ToDictionary(i => i.ImageId, i => i.IdentityId);
        await PairSetStore.SaveAsync(db, set, pairs, identityOf, context.User, "pairset-generate", $"held-out pair set for {record.Model}", time.GetUtcNow(), ct);
        return set.Id;
    }
}
