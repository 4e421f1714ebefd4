using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using FacePortal.Engine;
using FacePortal.Engine.Recognition;
using FacePortal.Engine.Robustness;
using FacePortal.Web.Platform.Activity;
using FacePortal.Web.Platform.Auth;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FacePortal.Web.Features.Robustness;

/// <summary>
/// Starts, follows and reads robustness evaluations (the "robustness" job). The attacked model is face-api by default
/// (its ResNet rebuilt in TorchSharp), or any other embedding model the engine loads (its ONNX graph interpreted in
/// Torch), at its own threshold. Starting, resuming and cancelling refuse viewers.
/// </summary>
public sealed class RobustnessService(
    IDbContextFactory<PortalDbContext> databases, JobService jobs, IOptions<RobustnessOptions> options, IOptions<FaceEngineOptions> engineOptions, TimeProvider time)
{
    public const string Model = EmbeddingModelOptions.BuiltInName;

    public RobustnessOptions Options => options.Value;

    /// <summary>The models a run may attack: face-api, then the configured and catalogue embedding models.</summary>
    public IReadOnlyList<string> Models =>
        [Model, .. engineOptions.Value.EmbeddingModels.Select(m => m.Name), .. engineOptions.Value.CatalogueModels];

    public async Task<RobustnessStarted> StartAsync(StartRobustnessRequest request, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var who = Editors.Require(user);
        var o = options.Value;
        var pairs = request.Pairs ?? o.DefaultPairs;
        if (pairs < 1 || pairs > o.MaxPairs)
        {
            throw new RobustnessException($"pairs must be 1..{o.MaxPairs} (got {pairs}); each pair costs seconds of CPU per attack and budget");
        }
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var set = await db.PairSets.AsNoTracking().FirstOrDefaultAsync(s => s.Id == request.PairSetId, cancellationToken)
            ?? throw new RobustnessException($"no pair set {request.PairSetId}");
        var model = request.Model ?? Model;
        if (!Models.Contains(model, StringComparer.Ordinal))
        {
            throw new RobustnessException($"no embedding model '{model}' to attack; known: {string.Join(", ", Models)}");
        }
        var (threshold, source) = await ThresholdAsync(db, request, model, cancellationToken);
        var defaults = new RobustnessSettings();
        var settings = defaults with
        {
            Attacks = request.Attacks is null ? defaults.Attacks : [.. request.Attacks.Select(ParseAttack).Distinct()],
            Budgets = request.Budgets is null ? defaults.Budgets : [.. request.Budgets.Distinct().Order()],
            Goals = request.Goals is null ? defaults.Goals : [.. request.Goals.Select(ParseGoal).Distinct()],
            Iterations = request.Iterations ?? defaults.Iterations,
            StepFraction = request.StepFraction ?? defaults.StepFraction,
            Threshold = threshold,
            Seed = request.Seed ?? defaults.Seed,
            AdaptiveDefences = request.AdaptiveDefences ?? defaults.AdaptiveDefences,
        };
        if (settings.Problem() is { } problem)
        {
            throw new RobustnessException(problem);
        }
        var stored = new RobustnessRunSettings(settings, pairs, settings.Seed);
        var run = new RobustnessRun
        {
            PairSetId = set.Id,
            Model = model,
            Settings = JsonSerializer.Serialize(stored, RobustnessJson.Options),
            ThresholdSource = source,
            CreatedAt = time.GetUtcNow(),
            CreatedBy = who,
        };
        db.RobustnessRuns.Add(run);
        ActivityLog.Record(db, run.CreatedAt, who, set.GalleryId, "robustness-start", $"robustness evaluation of '{set.Name}' ({pairs} pairs)");
        await db.SaveChangesAsync(cancellationToken);
        var jobId = await jobs.EnqueueAsync(RobustnessJobHandler.JobKind, $"Robustness of {model} on '{set.Name}'",
            JsonSerializer.Serialize(new RobustnessJobParameters(run.Id), JsonSerializerOptions.Web), who, cancellationToken);
        await db.RobustnessRuns.Where(r => r.Id == run.Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.JobId, jobId), cancellationToken);
        return new RobustnessStarted(run.Id, jobId);
    }

    /// <summary>Queues a cancelled or failed run again; it goes on from the pairs already done.</summary>
    public async Task<int?> ResumeAsync(int runId, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var who = Editors.Require(user);
        var run = await GetAsync(runId, cancellationToken);
        if (run is null || !run.IsFinished || run.State == JobState.Completed)
        {
            return null;
        }
        var jobId = await jobs.EnqueueAsync(RobustnessJobHandler.JobKind, $"Resume robustness {runId} ('{run.PairSetName}')",
            JsonSerializer.Serialize(new RobustnessJobParameters(runId), JsonSerializerOptions.Web), who, cancellationToken);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await db.RobustnessRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(s => s.SetProperty(r => r.JobId, jobId), cancellationToken);
        return jobId;
    }

    public async Task<bool> CancelAsync(int runId, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        Editors.Require(user);
        var run = await GetAsync(runId, cancellationToken);
        return run is not null && await jobs.CancelAsync(run.JobId, cancellationToken);
    }

    public async Task<RobustnessRunView?> GetAsync(int runId, CancellationToken cancellationToken) =>
        (await QueryAsync(q => q.Where(r => r.Id == runId), true, cancellationToken)).FirstOrDefault();

    public Task<IReadOnlyList<RobustnessRunView>> ListAsync(int? pairSetId, CancellationToken cancellationToken) =>
        QueryAsync(q => pairSetId is { } id ? q.Where(r => r.PairSetId == id) : q, false, cancellationToken);

    /// <summary>The pair sets a run may attack, newest first: id, name, genuine and impostor counts.</summary>
    public async Task<IReadOnlyList<(int Id, string Name, int Genuine, int Impostors)>> PairSetsAsync(CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var rows = await db.PairSets.AsNoTracking().OrderByDescending(s => s.Id).Select(s => new { s.Id, s.Name, s.PositiveCount, s.NegativeCount }).ToListAsync(cancellationToken);
        return [.. rows.Select(r => (r.Id, r.Name, r.PositiveCount, r.NegativeCount))];
    }

    /// <summary>The saved operating points of face-api (the default attacked model).</summary>
    public Task<IReadOnlyList<OperatingPoint>> OperatingPointsAsync(CancellationToken cancellationToken) => OperatingPointsAsync(Model, cancellationToken);

    /// <summary>The saved operating points of <paramref name="model"/>.</summary>
    public async Task<IReadOnlyList<OperatingPoint>> OperatingPointsAsync(string model, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.OperatingPoints.AsNoTracking().Where(p => p.Model == model).OrderByDescending(p => p.Id).ToListAsync(cancellationToken);
    }

    /// <summary>The model's default threshold (a distance in its own metric).</summary>
    public double DefaultThreshold(string model) =>
        model == Model ? EmbeddingModelOptions.FaceApi.Threshold : engineOptions.Value.FindModel(model).Threshold;

    private async Task<(double Threshold, string Source)> ThresholdAsync(PortalDbContext db, StartRobustnessRequest request, string model, CancellationToken ct)
    {
        if (request.Threshold is { } given)
        {
            return (given, string.Create(CultureInfo.InvariantCulture, $"given: distance <= {given:0.####}"));
        }
        if (request.OperatingPointId is { } id)
        {
            var point = await db.OperatingPoints.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct)
                ?? throw new RobustnessException($"no operating point {id}");
            if (point.Model != model)
            {
                throw new RobustnessException($"operating point '{point.Name}' belongs to {point.Model}; the attacked model is {model}");
            }
            return (point.Distance, string.Create(CultureInfo.InvariantCulture, $"operating point '{point.Name}': distance <= {point.Distance:0.####}"));
        }
        var fallback = DefaultThreshold(model);
        return (fallback, string.Create(CultureInfo.InvariantCulture, $"model default: distance <= {fallback:0.####}"));
    }

    private static AttackMethod ParseAttack(string name) => Normalise(name) switch
    {
        "fgsm" => AttackMethod.Fgsm,
        "pgd" or "bim" => AttackMethod.Pgd,
        "mifgsm" => AttackMethod.MiFgsm,
        _ => throw new RobustnessException($"unknown attack '{name}'; known: fgsm, pgd, mi-fgsm"),
    };

    private static AttackGoal ParseGoal(string name) => Normalise(name) switch
    {
        "dodging" => AttackGoal.Dodging,
        "impersonation" => AttackGoal.Impersonation,
        _ => throw new RobustnessException($"unknown goal '{name}'; known: dodging, impersonation"),
    };

    private static string Normalise(string? name) => (name ?? "").Trim().Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).ToLowerInvariant();

    private async Task<IReadOnlyList<RobustnessRunView>> QueryAsync(Func<IQueryable<RobustnessRun>, IQueryable<RobustnessRun>> filter, bool details, CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        var rows = await filter(db.RobustnessRuns.AsNoTracking()).OrderByDescending(r => r.Id)
            .Select(r => new { r.Id, r.PairSetId, r.JobId, r.Model, r.Settings, r.ThresholdSource, r.Total, r.Result, Examples = details ? r.Examples : null, r.CreatedAt, r.CreatedBy })
            .ToListAsync(ct);
        var jobIds = rows.Select(r => r.JobId).ToList();
        var setIds = rows.Select(r => r.PairSetId).Distinct().ToList();
        var jobRows = await db.Jobs.AsNoTracking().Where(j => jobIds.Contains(j.Id)).Select(j => new { j.Id, j.State, j.Done, j.Total, j.Message }).ToDictionaryAsync(j => j.Id, ct);
        var names = await db.PairSets.AsNoTracking().Where(s => setIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        return [.. rows.Select(r =>
        {
            var job = jobRows.GetValueOrDefault(r.JobId);
            return new RobustnessRunView(r.Id, r.PairSetId, names.GetValueOrDefault(r.PairSetId, $"pair set {r.PairSetId}"), r.JobId, r.Model,
                job?.State ?? JobState.Queued, job?.Done ?? 0, job?.Total ?? r.Total, job?.Message, r.ThresholdSource,
                JsonSerializer.Deserialize<RobustnessRunSettings>(r.Settings, RobustnessJson.Options)!, r.CreatedAt, r.CreatedBy,
                r.Result is null ? null : JsonSerializer.Deserialize<RobustnessSummary>(r.Result, RobustnessJson.Options),
                r.Examples is null ? [] : JsonSerializer.Deserialize<List<RobustnessExample>>(r.Examples, RobustnessJson.Options) ?? []);
        })];
    }
}
