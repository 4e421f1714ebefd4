using System.Security.Claims;
using FacePortal.Engine.Evaluation;
using FacePortal.Engine.Recognition;
using FacePortal.Engine.Runtime;
using FacePortal.Web.Platform.Auth;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.EngineHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FacePortal.Web.Features.Models;

/// <summary>
/// Runs the engine's <see cref="ModelChecker"/> for the Models page: one check at a time, on LFW's first fold when
/// <see cref="ModelCheckOptions.LfwDirectory"/> is there, else on a gallery's pair set. Not a Platform/Jobs job: its
/// result (the ranked preprocessings and the configuration block) has no table to live in, and it is a diagnostic an
/// operator watches; so the check is a cancellable task owned by this singleton. It goes on when the page is left
/// (the page shows it again on return) and ends with the process. Progress is pushed through <see cref="Changed"/>.
/// </summary>
public sealed class ModelCheckService(
    FaceEngineHost host, IOptions<ModelCheckOptions> options, IDbContextFactory<PortalDbContext> databases, ImageStore images,
    ILoggerFactory loggers, TimeProvider time)
{
    private readonly Lock _lock = new();
    private CancellationTokenSource? _cancel;
    private ModelCheckRun? _current;
    private Task _completion = Task.CompletedTask;
    private int _ids;

    /// <summary>Raised (on a worker thread) whenever <see cref="Current"/> changes.</summary>
    public event Action? Changed;

    /// <summary>The running check, or the last one; null before the first.</summary>
    public ModelCheckRun? Current
    {
        get
        {
            lock (_lock)
            {
                return _current;
            }
        }
    }

    /// <summary>Ends when the current check has (for tests and shutdown).</summary>
    public Task Completion
    {
        get
        {
            lock (_lock)
            {
                return _completion;
            }
        }
    }

    public bool HasLfw => options.Value.HasLfw;

    /// <summary>What the LFW sample is, in words.</summary>
    public string LfwSample => $"LFW {options.Value.LfwPairs}, first fold ({options.Value.SampleSize} pairs at most)";

    /// <summary>The pair sets a check can use when LFW is not there: id, name, pairs.</summary>
    public async Task<IReadOnlyList<(int Id, string Name, int Pairs)>> PairSetsAsync(CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var sets = await db.PairSets.AsNoTracking().OrderByDescending(s => s.Id).Select(s => new { s.Id, s.Name, s.PositiveCount, s.NegativeCount }).ToListAsync(cancellationToken);
        return [.. sets.Select(s => (s.Id, s.Name, s.PositiveCount + s.NegativeCount))];
    }

    /// <summary>Starts a check of the ONNX file at <paramref name="modelPath"/> (a path on the server).</summary>
    /// <param name="modelPath">The .onnx file.</param>
    /// <param name="pairSetId">The pair set to sample from; null: LFW (refused when it is not there).</param>
    /// <param name="user">The caller: an operator or admin.</param>
    /// <param name="cancellationToken">Cancels preparing the sample, not the check (see <see cref="Cancel"/>).</param>
    public async Task<ModelCheckRun> StartAsync(string modelPath, int? pairSetId, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var who = Editors.Require(user);
        var path = (modelPath ?? "").Trim();
        if (path.Length == 0 || !path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
        {
            throw new ModelCheckException("give the path of an .onnx file on the server");
        }
        path = Path.GetFullPath(path);
        if (!File.Exists(path))
        {
            throw new ModelCheckException($"there is no file at {path}");
        }
        if (Current is { State: ModelCheckState.Running })
        {
            throw new ModelCheckException("a model check is already running; cancel it or wait for it");
        }
        var (pairs, sample) = pairSetId is { } id ? await PairSetSampleAsync(id, cancellationToken) : LfwSampleOf();

        var cancel = new CancellationTokenSource();
        ModelCheckRun run;
        lock (_lock)
        {
            if (_current is { State: ModelCheckState.Running })
            {
                throw new ModelCheckException("a model check is already running; cancel it or wait for it");
            }
            _cancel?.Dispose();
            _cancel = cancel;
            run = new ModelCheckRun(++_ids, path, sample, who, time.GetUtcNow(), ModelCheckState.Running, null, null, null, null);
            _current = run;
            _completion = Task.Run(() => RunAsync(run, pairs, cancel.Token), CancellationToken.None);
        }
        Changed?.Invoke();
        return run;
    }

    /// <summary>Cancels the running check; false when none runs.</summary>
    public bool Cancel(ClaimsPrincipal user)
    {
        Editors.Require(user);
        lock (_lock)
        {
            if (_current is not { State: ModelCheckState.Running } || _cancel is null)
            {
                return false;
            }
            _cancel.Cancel();
            return true;
        }
    }

    private async Task RunAsync(ModelCheckRun run, IReadOnlyList<VerificationPair> pairs, CancellationToken ct)
    {
        try
        {
            var engine = await host.GetAsync(ct);
            var sessions = new OnnxSessionFactory(engine.Options.Runtime, loggers.CreateLogger<OnnxSessionFactory>());
            using var probe = ModelProbe.Open(run.ModelPath, sessions, Path.GetFileNameWithoutExtension(run.ModelPath));
            var progress = new Progress(this, run.Id);
            var report = await ModelChecker.RunAsync(engine, probe, pairs, run.Sample, options.Value.TargetFar, progress, ct);
            Finish(run.Id, r => r with { State = ModelCheckState.Completed, Report = report });
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            Finish(run.Id, r => r with { State = ModelCheckState.Cancelled });
        }
        catch (Exception e)
        {
            // The end of a background task: whatever went wrong is the check's failure, shown on the page; a check
            // left "running" would block every later one.
            Finish(run.Id, r => r with { State = ModelCheckState.Failed, Error = e.Message });
        }
    }

    private void Finish(int id, Func<ModelCheckRun, ModelCheckRun> change) => Update(id, r => change(r) with { FinishedAt = time.GetUtcNow() });

    private void Update(int id, Func<ModelCheckRun, ModelCheckRun> change)
    {
        lock (_lock)
        {
            if (_current?.Id != id)
            {
                return;
            }
            _current = change(_current);
        }
        Changed?.Invoke();
    }

    private sealed class Progress(ModelCheckService service, int id) : IProgress<ModelCheckProgress>
    {
        public void Report(ModelCheckProgress value) => service.Update(id, r => r with { Progress = value });
    }

    private (IReadOnlyList<VerificationPair> Pairs, string Sample) LfwSampleOf()
    {
        var o = options.Value;
        if (!o.HasLfw)
        {
            throw new ModelCheckException($"LFW is not at {o.LfwDirectory} ({ModelCheckOptions.Section}:LfwDirectory): choose a pair set to check on");
        }
        var sample = ModelChecker.Sample(PairsFile.Load(o.LfwPairs), o.SampleSize);
        return ([.. sample.Select(p => p with { PathA = Path.Combine(o.LfwImages, p.PathA), PathB = Path.Combine(o.LfwImages, p.PathB) })], LfwSample);
    }

    private async Task<(IReadOnlyList<VerificationPair> Pairs, string Sample)> PairSetSampleAsync(int pairSetId, CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        var set = await db.PairSets.AsNoTracking().FirstOrDefaultAsync(s => s.Id == pairSetId, ct)
            ?? throw new ModelCheckException($"there is no pair set {pairSetId}");
        var pairs = await db.EvaluationPairs.AsNoTracking().Where(p => p.PairSetId == pairSetId).OrderBy(p => p.Ordinal)
            .Select(p => new { p.Same, p.Fold, A = p.ImageA!.ContentHash, B = p.ImageB!.ContentHash }).ToListAsync(ct);
        if (pairs.Count == 0)
        {
            throw new ModelCheckException($"pair set '{set.Name}' holds no pairs");
        }
        // Every pair of the set is one fold here: the sample is a seeded balanced part of the whole set.
        var all = pairs.Select(p => new VerificationPair(images.PathOf(p.A), images.PathOf(p.B), p.Same, 0)).ToList();
        var sample = ModelChecker.Sample(all, options.Value.SampleSize);
        return (sample, $"pair set '{set.Name}' ({sample.Count} of its {pairs.Count} pairs)");
    }
}
