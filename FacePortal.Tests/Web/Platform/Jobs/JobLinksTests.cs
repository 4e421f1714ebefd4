using FacePortal.Web.Features.Evaluations;
using FacePortal.Web.Features.Imports;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.Jobs;
using System.Text.Json;

namespace FacePortal.Tests.Web.Platform.Jobs;

public class JobLinksTests
{
    [Fact]
    public void For_TheParametersJobsReallyCarry_LinksTheirPage()
    {
        Assert.Equal("/evaluations/12", JobLinks.For(JsonSerializer.Serialize(new EvaluationJobParameters(12))));
        Assert.Equal("/galleries/3", JobLinks.For(new ImportParameters { GalleryId = 3, Source = ImportSourceKind.Zip }.ToJson()));
        // A run's parameters that also name a gallery link the run, the more specific page.
        Assert.Equal("/evaluations/5", JobLinks.For("""{"galleryId":2,"runId":5}"""));
        Assert.Equal("/pairsets/9", JobLinks.For("""{"PairSetId":9}"""));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"file":"pairs.txt"}""")]
    [InlineData("""{"galleryId":"7"}""")]
    [InlineData("""{"galleryId":0}""")]
    [InlineData("""{"runId":-1}""")]
    public void For_NothingToLinkOrJunk_IsNull(string json) => Assert.Null(JobLinks.For(json));

    [Fact]
    public void Duration_RunningAndFinished_FromStartToEndOrNow()
    {
        var start = new DateTimeOffset(2026, 12, 2, 4, 0, 0, TimeSpan.Zero);
        var queued = new JobProgress(1, "import", "t", JobState.Queued, 0, 0, null, 0, null, null, 0);
        var running = queued with { State = JobState.Running, StartedAt = start };
        var done = running with { State = JobState.Completed, FinishedAt = start.AddSeconds(75) };

        Assert.Null(queued.Duration(start));
        Assert.Equal(TimeSpan.FromSeconds(30), running.Duration(start.AddSeconds(30)));
        Assert.Equal(TimeSpan.FromSeconds(75), done.Duration(start.AddHours(1)));
    }
}
