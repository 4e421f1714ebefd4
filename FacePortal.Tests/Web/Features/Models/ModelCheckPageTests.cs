using Bunit;
using FacePortal.Tests.Engine.Recognition;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Features.Models;
using FacePortal.Web.Platform.Auth;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace FacePortal.Tests.Web.Features.Models;

[Collection(EngineCollection.Name)]
public sealed class ModelCheckPageTests(EngineFixture fixture) : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "fp-check-page-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private ModelCheckService Service(PortalTestDatabase db, string lfw, int sample = 20) =>
        new(fixture.Host, Microsoft.Extensions.Options.Options.Create(new ModelCheckOptions { LfwDirectory = lfw, SampleSize = sample }),
            db, db.Images, NullLoggerFactory.Instance, TimeProvider.System);

    [Fact]
    public async Task Check_NotAnOnnxFile_SaysSoWithoutStarting()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var service = Service(db, Path.Combine(_folder, "no-lfw"));
        await using var ctx = PortalTestContext.Create(Roles.Operator, s => s.AddSingleton(service));
        var cut = ctx.Render<ModelCheck>();

        Assert.Contains("LFW is not there", cut.Find("[data-testid=check-sample]").TextContent);
        cut.Find("input[data-testid=check-path]").Change("/etc/passwd");
        cut.Find("button[data-testid=check-start]").Click();

        cut.WaitForAssertion(() => Assert.Contains(".onnx", cut.Find("[data-testid=check-error]").TextContent));
        Assert.Null(service.Current);
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => service.StartAsync("m.onnx", null, TestUsers.Viewer, default));
    }

    [LfwFact]
    public async Task Check_TinyModelOnAnLfwSample_ShowsProgressThenTheRankedPreprocessingsAndTheBlock()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var service = Service(db, RepoPaths.Lfw);
        var model = TinyEmbeddingModel.Write(_folder, "tiny", TinyEmbeddingModel.BatchKind.FixedOne);
        await using var ctx = PortalTestContext.Create(Roles.Operator, s => s.AddSingleton(service));
        var cut = ctx.Render<ModelCheck>();
        Assert.Contains("first fold", cut.Find("[data-testid=check-sample]").TextContent);

        cut.Find("input[data-testid=check-path]").Change(model);
        cut.Find("button[data-testid=check-start]").Click();

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=check-run]")), TimeSpan.FromSeconds(15));
        await service.Completion.WaitAsync(TimeSpan.FromMinutes(10));
        cut.WaitForAssertion(() => Assert.Equal(32, cut.FindAll("[data-testid=check-table] tbody tr").Count), TimeSpan.FromSeconds(15));
        Assert.Equal(ModelCheckState.Completed, service.Current!.State);
        Assert.Equal(20, service.Current.Report!.Pairs);
        Assert.Contains("\"EmbeddingModels\"", cut.Find("[data-testid=check-configuration]").TextContent);
        Assert.NotNull(cut.Find("[data-testid=check-recommendation]"));
    }
}
