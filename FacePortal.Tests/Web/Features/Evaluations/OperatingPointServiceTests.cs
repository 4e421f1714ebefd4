using Bunit;
using FacePortal.Engine.Recognition;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Features.PairSets;
using FacePortal.Web.Features.Evaluations;
using FacePortal.Web.Platform.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FacePortal.Tests.Web.Features.Evaluations;

/// <summary>Operating points: saved with one click, listed per model, renamed, deleted, and the default of Verify and Identify.</summary>
public sealed class OperatingPointServiceTests : IAsyncDisposable
{
    private const string PairsTxt = "1\t1\nP00\t1\t2\nP00\t1\tP01\t1\n";

    private PortalTestDatabase? _db;

    public async ValueTask DisposeAsync()
    {
        if (_db is not null)
        {
            await _db.DisposeAsync();
        }
    }

    private async Task<(EvaluationService Evaluations, OperatingPointService Points, int RunId)> RunAsync()
    {
        _db = await PortalTestDatabase.CreateAsync();
        var gallery = await _db.SeedGalleryAsync("g", [2, 2]);
        var set = await new PairSetFiles(_db, TimeProvider.System).ImportAsync(gallery, PairsTxt, "pairs.txt", null, TestUsers.Operator, default);
        var (started, service) = await EvaluationTestRuns.StartAsync(_db, set.Id);
        return (service, new OperatingPointService(_db, TimeProvider.System), started.Id);
    }

    [Fact]
    public async Task Rename_ToAFreeName_RenamesAndStaysTheDefault()
    {
        var (evaluations, points, run) = await RunAsync();
        await evaluations.SaveOperatingPointAsync(run, new OperatingPointRequest("lenient", -0.7), TestUsers.Operator, default);
        var strict = await evaluations.SaveOperatingPointAsync(run, new OperatingPointRequest("strict", -0.5), TestUsers.Operator, default);

        var renamed = await points.RenameAsync(strict.Id, "  border control ", TestUsers.Operator, default);

        Assert.Equal("border control", renamed.Name);
        var listed = await points.ListAsync(strict.Model, default);
        Assert.Equal(["border control", "lenient"], listed.Select(p => p.Name));
        Assert.Equal(0.5, listed[0].Distance, 10);
        var chosen = await points.DefaultForAsync(strict.Model, DistanceMetric.Euclidean, default);
        Assert.Equal(strict.Id, chosen?.Id);
        Assert.Equal("border control", chosen?.Name);
    }

    [Fact]
    public async Task Rename_ToANameTheModelHasAlready_IsRefusedClearly()
    {
        var (evaluations, points, run) = await RunAsync();
        await evaluations.SaveOperatingPointAsync(run, new OperatingPointRequest("lenient", -0.7), TestUsers.Operator, default);
        var strict = await evaluations.SaveOperatingPointAsync(run, new OperatingPointRequest("strict", -0.5), TestUsers.Operator, default);

        var e = await Assert.ThrowsAsync<EvaluationException>(() => points.RenameAsync(strict.Id, "lenient", TestUsers.Operator, default));

        Assert.Contains("already has an operating point named 'lenient'", e.Message, StringComparison.Ordinal);
        Assert.Equal(["strict", "lenient"], (await points.ListAsync(null, default)).Select(p => p.Name));
    }

    [Fact]
    public async Task Delete_TheNewest_TheDefaultFallsBackToTheOlderThenToTheModel()
    {
        var (evaluations, points, run) = await RunAsync();
        var lenient = await evaluations.SaveOperatingPointAsync(run, new OperatingPointRequest("lenient", -0.7), TestUsers.Operator, default);
        var strict = await evaluations.SaveOperatingPointAsync(run, new OperatingPointRequest("strict", -0.5), TestUsers.Operator, default);

        Assert.True(await points.DeleteAsync(strict.Id, TestUsers.Operator, default));
        Assert.Equal(lenient.Id, (await points.DefaultForAsync(lenient.Model, DistanceMetric.Euclidean, default))?.Id);
        Assert.True(await points.DeleteAsync(lenient.Id, TestUsers.Operator, default));
        Assert.Null(await points.DefaultForAsync(lenient.Model, DistanceMetric.Euclidean, default));
        Assert.False(await points.DeleteAsync(lenient.Id, TestUsers.Operator, default));

        await using var c = _db!.CreateDbContext();
        Assert.Equal(2, await c.Activity.CountAsync(a => a.Action == "operating-point" && a.Details.Contains("deleted")));
    }

    [Fact]
    public async Task RenameAndDelete_Viewer_Refused()
    {
        var (evaluations, points, run) = await RunAsync();
        var strict = await evaluations.SaveOperatingPointAsync(run, new OperatingPointRequest("strict", -0.5), TestUsers.Operator, default);

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => points.RenameAsync(strict.Id, "other", TestUsers.Viewer, default));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => points.DeleteAsync(strict.Id, TestUsers.Viewer, default));

        Assert.Equal(["strict"], (await points.ListAsync(null, default)).Select(p => p.Name));
    }

    [Fact]
    public async Task Save_SameNameConcurrently_EachSucceedsOrFailsWithAClearError()
    {
        var (evaluations, points, run) = await RunAsync();

        var saves = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            try
            {
                await evaluations.SaveOperatingPointAsync(run, new OperatingPointRequest("race", -0.5 - (i * 0.01)), TestUsers.Operator, default);
                return null;
            }
            catch (EvaluationException e)
            {
                return e.Message;
            }
        }));
        var failures = await Task.WhenAll(saves);

        // No DbUpdateException escapes (it would be a 500 on the API): the losers of the race say what happened.
        Assert.All(failures.OfType<string>(), m => Assert.Contains("at the same moment", m, StringComparison.Ordinal));
        Assert.Contains(failures, f => f is null);
        Assert.Equal(["race"], (await points.ListAsync(null, default)).Select(p => p.Name));
    }

    [Fact]
    public async Task Form_NameTyped_SaveIsEnabledAtOnceAndTheListShowsThePoint()
    {
        var (evaluations, points, run) = await RunAsync();
        await using var ctx = PortalTestContext.Create(Roles.Operator, s => s.AddSingleton(evaluations).AddSingleton(points));
        var version = 0;
        var form = ctx.Render<OperatingPointForm>(p => p.Add(c => c.RunId, run).Add(c => c.Model, "face-api").Add(c => c.Threshold, -0.55)
            .Add(c => c.OnSaved, _ => version++));
        var list = ctx.Render<OperatingPointList>(p => p.Add(c => c.Model, "face-api"));
        Assert.NotEmpty(list.FindAll("[data-testid=no-operating-points]"));
        Assert.True(form.Find("button[data-testid=save-operating-point]").HasAttribute("disabled"));

        // Typing alone (no blur) enables the button: one click saves.
        form.Find("input").Input("strict");
        Assert.False(form.Find("button[data-testid=save-operating-point]").HasAttribute("disabled"));
        form.Find("button[data-testid=save-operating-point]").Click();

        form.WaitForAssertion(() => Assert.Equal(1, version));
        list.Render(p => p.Add(c => c.Model, "face-api").Add(c => c.Version, version));
        list.WaitForAssertion(() => Assert.Equal("strict", list.Find("[data-testid=operating-point-name]").TextContent));
        var row = list.Find("[data-testid=operating-point]").TextContent;
        Assert.Contains("distance <= 0.55", row, StringComparison.Ordinal);
        Assert.NotEmpty(list.FindAll("[data-testid=default-point]"));
    }

    [Fact]
    public async Task List_DeleteClicked_RemovesThePoint()
    {
        var (evaluations, points, run) = await RunAsync();
        await evaluations.SaveOperatingPointAsync(run, new OperatingPointRequest("strict", -0.5), TestUsers.Operator, default);
        await using var ctx = PortalTestContext.Create(Roles.Operator, s => s.AddSingleton(points));
        var list = ctx.Render<OperatingPointList>();
        list.WaitForAssertion(() => Assert.Single(list.FindAll("[data-testid=operating-point]")));

        list.Find("button[data-testid=delete-point]").Click();

        list.WaitForAssertion(() => Assert.NotEmpty(list.FindAll("[data-testid=no-operating-points]")));
        Assert.Empty(await points.ListAsync(null, default));
    }
}
