using Bunit;
using FacePortal.Engine;
using FacePortal.Engine.Evaluation;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Features.PairSets;
using FacePortal.Web.Platform.Auth;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FacePortal.Tests.Web.Features.PairSets;

/// <summary>The generate form says before generating what the gallery can give; a set's parameters read as fields.</summary>
public class PairSetFormsTests
{
    private static PairSetGeneration Service(PortalTestDatabase db) =>
        new(db, Microsoft.Extensions.Options.Options.Create(new FaceEngineOptions()), TimeProvider.System);

    /// <summary>The form's three services: generation (the one under test), files and the catalogue; and the job feed it watches.</summary>
    private static void Register(IServiceCollection services, PortalTestDatabase db, PairSetGeneration generation, JobNotifier? notifier = null) => services
        .AddSingleton(notifier ?? new JobNotifier())
        .AddSingleton(generation)
        .AddSingleton(new PairSetFiles(db, TimeProvider.System))
        .AddSingleton(new PairSetCatalog(db, TimeProvider.System));

    [Fact]
    public async Task GenerateForm_MorePairsAskedThanTheGalleryHolds_WarnsWithTheCapBeforeGenerating()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        // 3 + 3 + 1 genuine pairs at most; the singleton gives none.
        var gallery = await db.SeedGalleryAsync("g", [3, 3, 2, 1]);
        var service = Service(db);
        await using var ctx = PortalTestContext.Create(Roles.Operator, s => Register(s, db, service));

        var cut = ctx.Render<PairSetForms>();

        cut.WaitForAssertion(() => Assert.Contains("at most 7 genuine pairs", cut.Find("[data-testid=genuine-cap]").TextContent, StringComparison.Ordinal));
        Assert.Contains($"not {PairSetGenerator.DefaultPositives}", cut.Find("[data-testid=genuine-cap]").TextContent, StringComparison.Ordinal);
        // What the form said is what generating gives.
        var set = await service.GenerateAsync(new GeneratePairSetRequest { GalleryId = gallery, Folds = 1 }, TestUsers.Operator, default);
        Assert.Equal(7, set.Positives);
    }

    [Fact]
    public async Task GenerateForm_LimitPerIdentityTyped_TheCapFollows()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        await db.SeedGalleryAsync("g", [3, 3, 2, 1]);
        await using var ctx = PortalTestContext.Create(Roles.Operator, s => Register(s, db, Service(db)));
        var cut = ctx.Render<PairSetForms>();
        cut.WaitForAssertion(() => Assert.Contains("at most 7", cut.Find("[data-testid=genuine-cap]").TextContent, StringComparison.Ordinal));

        cut.Find("input[data-testid=max-per-identity]").Change("1");

        cut.WaitForAssertion(() => Assert.Contains("at most 3 genuine pairs", cut.Find("[data-testid=genuine-cap]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task GenerateForm_JobSizedSet_ShowsTheJobThenOpensTheSetItStored()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        await db.SeedGalleryAsync("g", [.. Enumerable.Range(0, 30).Select(i => 1 + (i % 6))]);
        var notifier = new JobNotifier();
        var jobs = new JobService(db, notifier, TimeProvider.System);
        var service = new PairSetGeneration(db, Microsoft.Extensions.Options.Options.Create(new FaceEngineOptions()), TimeProvider.System,
            Microsoft.Extensions.Options.Options.Create(new PairSetOptions { JobAbovePairs = 10 }), jobs);
        await using var ctx = PortalTestContext.Create(Roles.Operator, s => Register(s, db, service, notifier));
        int? created = null;
        var cut = ctx.Render<PairSetForms>(p => p.Add(f => f.Created, id => created = id));
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=genuine-cap]")));

        await cut.InvokeAsync(() => cut.Find("[data-testid=generate-pairset]").Click());

        cut.WaitForAssertion(() => Assert.Contains("background", cut.Find("[data-testid=pairset-job]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Job job;
        await using (var c = db.CreateDbContext())
        {
            job = await c.Jobs.SingleAsync();
        }
        Assert.Equal(PairSetJobHandler.JobKind, job.Kind);
        Assert.Null(created);
        // What the job runner does: run the handler, then publish the end.
        await new PairSetJobHandler(service).RunAsync(new JobContext(job, db, notifier, TimeProvider.System), default);
        job.State = JobState.Completed;
        notifier.Publish(JobProgress.From(job, 0));

        var set = await service.SetOfJobAsync(job.Id, default);
        Assert.NotNull(set);
        cut.WaitForAssertion(() => Assert.Equal(set.Id, created), TimeSpan.FromSeconds(10));
        Assert.Empty(cut.FindAll("[data-testid=pairset-job]"));
    }

    [Fact]
    public void GenuineCapacity_Images_CountsPairsPerIdentityUpToTheLimits()
    {
        PairSourceImage[] images = [new(1, 10), new(2, 10), new(3, 10), new(4, 10), new(5, 20), new(6, 20), new(7, 30)];

        Assert.Equal(6 + 1, PairSetGenerator.GenuineCapacity(images, 1, int.MaxValue));
        Assert.Equal(2 + 1, PairSetGenerator.GenuineCapacity(images, 1, 2));
        Assert.Equal(6, PairSetGenerator.GenuineCapacity(images, 3, int.MaxValue));
    }

    [Fact]
    public async Task Parameters_GeneratedSet_ReadAsLabelledFields()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var gallery = await db.SeedGalleryAsync("g", [3, 3, 2, 2]);
        var set = await Service(db).GenerateAsync(new GeneratePairSetRequest { GalleryId = gallery, Seed = 42, Folds = 2, NegativeSampling = NegativeSampling.Random }, TestUsers.Operator, default);

        var fields = PairSetParameters.Fields(set.Parameters);

        Assert.Contains(("Seed", "42"), fields);
        Assert.Contains(("Folds asked", "2"), fields);
        Assert.Contains(("Impostor sampling", "random"), fields);
        Assert.DoesNotContain(fields, f => f.Label.Contains("gallery", StringComparison.OrdinalIgnoreCase) || f.Value.Contains('{', StringComparison.Ordinal));
        Assert.Equal("42", PairSetParameters.Seed(set.Parameters));
        Assert.Equal("random", PairSetParameters.Sampling(set.Parameters));
        Assert.Null(PairSetParameters.Sampling("{\"file\":\"pairs.txt\"}"));
        Assert.Equal([("File", "pairs.txt")], PairSetParameters.Fields("{\"file\":\"pairs.txt\"}"));
    }
}
