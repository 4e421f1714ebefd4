using FacePortal.Tests.TestSupport;
using FacePortal.Web.Features.Evaluations;
using FacePortal.Web.Platform.Auth;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.EngineHost;
using FacePortal.Web.Platform.Jobs;
using Microsoft.Extensions.Logging.Abstractions;

namespace FacePortal.Tests.Web.Features.Evaluations;

/// <summary>Runs an evaluation job in the test's thread, exactly as the job runner would.</summary>
public static class EvaluationTestRuns
{
    public static async Task<(EvaluationStarted Started, EvaluationService Service)> StartAsync(PortalTestDatabase db, int pairSetId, string? model = null)
    {
        var service = Service(db);
        return (await service.StartAsync(new StartEvaluationRequest(pairSetId, model), TestUsers.User("tester", Roles.Operator), CancellationToken.None), service);
    }

    public static EvaluationService Service(PortalTestDatabase db) =>
        new(db, new JobService(db, new JobNotifier(), TimeProvider.System), new EvaluationScoreCache(db), Microsoft.Extensions.Options.Options.Create(new FacePortal.Engine.FaceEngineOptions()), TimeProvider.System);

    public static ScoreCalibrationService Calibration(PortalTestDatabase db, EvaluationOptions? options = null) =>
        new(db, Service(db), Microsoft.Extensions.Options.Options.Create(options ?? new EvaluationOptions()));

    public static async Task RunJobAsync(PortalTestDatabase db, FaceEngineHost host, int jobId, JobNotifier? notifier = null, CancellationToken cancellationToken = default,
        EvaluationOptions? options = null)
    {
        Job job;
        await using (var c = db.CreateDbContext())
        {
            job = (await c.Jobs.FindAsync([jobId], cancellationToken))!;
        }
        var handler = new EvaluationJobHandler(host, db.Images, Microsoft.Extensions.Options.Options.Create(new PortalOptions { DataDirectory = db.Folder }),
            Microsoft.Extensions.Options.Options.Create(options ?? new EvaluationOptions { BootstrapResamples = 200 }), new EvaluationScoreCache(db), NullLogger<EvaluationJobHandler>.Instance);
        await handler.RunAsync(new JobContext(job, db, notifier ?? new JobNotifier(), TimeProvider.System), cancellationToken);
    }
}
