using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.EngineHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FacePortal.Tests.Web.Features.Verification;

/// <summary>The calibration fields of /api/verify and the report card JSON, through the real portal and its HTTP client.</summary>
public sealed class VerificationCalibrationApiTests : IAsyncLifetime
{
    private readonly PortalFactory _portal = new();
    private HttpClient _client = null!;

    private const string PairsTxt = "2\t2\nP00\t1\t2\nP01\t1\t3\nP00\t1\tP01\t1\nP02\t1\tP03\t2\nP02\t1\t2\nP03\t1\t2\nP00\t2\tP03\t1\nP01\t2\tP02\t2\n";

    public async Task InitializeAsync()
    {
        _client = _portal.CreateApiClient();
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/health")).StatusCode);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _portal.DisposeAsync();
    }

    private async Task<JsonElement> VerifyAsync()
    {
        var bytes = await File.ReadAllBytesAsync(VerifyImages.Demo(2));
        using var form = new MultipartFormDataContent();
        foreach (var field in new[] { "a", "b" })
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(part, field, field + ".jpg");
        }
        var response = await _client.PostAsync("/api/verify", form);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement;
    }

    /// <summary>A gallery (genuine pairs 0.1-0.2 apart, impostors 1 or more) evaluated through the API, to completion.</summary>
    private async Task<int> EvaluateAsync()
    {
        var engine = await _portal.Services.GetRequiredService<FaceEngineHost>().GetAsync(default);
        var gallery = await PortalTestDatabase.SeedGalleryAsync(_portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>(), "g", [2, 3, 2, 2],
            (p, i) => [p, i * 0.1f, 0, 0], engine.Pipeline.Signature);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(gallery.ToString(System.Globalization.CultureInfo.InvariantCulture)), "galleryId" },
            { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(PairsTxt)), "file", "pairs.txt" },
        };
        var set = await (await _client.PostAsync("/api/pairsets/import", form)).Content.ReadFromJsonAsync<JsonElement>();
        var start = await _client.PostAsJsonAsync("/api/evaluations", new { pairSetId = set.GetProperty("id").GetInt32() });
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var id = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        for (var attempt = 0; attempt < 300; attempt++)
        {
            var state = (await _client.GetFromJsonAsync<JsonElement>($"/api/evaluations/{id}")).GetProperty("state").GetString();
            if (state is "completed" or "failed" or "cancelled")
            {
                Assert.Equal("completed", state);
                return id;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"evaluation {id} did not finish");
    }

    [Fact]
    public async Task Verify_NoReferenceEvaluation_SaysSoWithoutInventingANumber()
    {
        var body = await VerifyAsync();

        var calibration = body.GetProperty("calibration");
        Assert.False(calibration.GetProperty("available").GetBoolean());
        Assert.Contains("No completed evaluation of face-api", calibration.GetProperty("note").GetString());
        Assert.Equal(JsonValueKind.Null, calibration.GetProperty("falseMatchRate").ValueKind);
        Assert.Equal(JsonValueKind.Null, calibration.GetProperty("falseNonMatchRate").ValueKind);
        Assert.Equal(JsonValueKind.Null, calibration.GetProperty("operatingPoint").ValueKind);
        // The rest of the answer is as before.
        Assert.True(body.GetProperty("match").GetBoolean());
        Assert.Equal(0.6, body.GetProperty("threshold").GetDouble());
    }

    [Fact]
    public async Task Verify_AfterAnEvaluation_CarriesFmrAndFnmrWithIntervalsAndTheOperatingPoint()
    {
        var id = await EvaluateAsync();

        var calibration = (await VerifyAsync()).GetProperty("calibration");

        Assert.True(calibration.GetProperty("available").GetBoolean());
        Assert.Equal(id, calibration.GetProperty("referenceEvaluationId").GetInt32());
        // The same image twice: distance ~0, above every reference score. No impostor reaches it; every genuine is below.
        var fmr = calibration.GetProperty("falseMatchRate");
        Assert.Equal(0, fmr.GetProperty("estimate").GetDouble());
        Assert.Equal(4, fmr.GetProperty("trials").GetInt64());
        Assert.Equal(0.75, fmr.GetProperty("ruleOfThreeUpper").GetDouble());
        Assert.True(fmr.GetProperty("fewErrors").GetBoolean());
        Assert.True(fmr.GetProperty("upper95").GetDouble() >= 0);
        var fnmr = calibration.GetProperty("falseNonMatchRate");
        Assert.Equal(1, fnmr.GetProperty("estimate").GetDouble());
        Assert.Equal(1, fnmr.GetProperty("upper95").GetDouble());
        Assert.InRange(fnmr.GetProperty("lower95").GetDouble(), 0, 1);
        Assert.Equal(1, calibration.GetProperty("matedScoresBelow").GetDouble());
        Assert.Equal(1, calibration.GetProperty("nonMatedScoresBelow").GetDouble());
        var point = calibration.GetProperty("operatingPoint");
        Assert.Equal("the model's configured threshold", point.GetProperty("source").GetString());
        Assert.Equal(0.6, point.GetProperty("threshold").GetDouble());
        // At distance 0.6 the reference separates: no false match, no false non-match.
        Assert.Equal(0, point.GetProperty("falseMatchRate").GetProperty("estimate").GetDouble());
        Assert.Equal(0, point.GetProperty("falseNonMatchRate").GetProperty("estimate").GetDouble());
    }

    [Fact]
    public async Task Report_AfterAnEvaluation_AnswersTheReportCardInIsoTerms()
    {
        var id = await EvaluateAsync();

        var card = await _client.GetFromJsonAsync<JsonElement>($"/api/evaluations/{id}/report");

        Assert.True(card.GetProperty("standardsAvailable").GetBoolean());
        var failures = card.GetProperty("failures");
        Assert.Equal(0, failures.GetProperty("failureToAcquireRate").GetDouble());
        Assert.Equal(9, failures.GetProperty("samples").GetInt32());
        Assert.Equal(0, failures.GetProperty("failureToEnrolRate").GetDouble());
        var verification = card.GetProperty("verification");
        Assert.Equal(4, verification.GetProperty("falseMatchRate").GetProperty("trials").GetInt64());
        Assert.Equal(4, verification.GetProperty("falseNonMatchRate").GetProperty("trials").GetInt64());
        Assert.Equal(0, verification.GetProperty("equalErrorRate").GetProperty("estimate").GetDouble());
        Assert.Equal(6, verification.GetProperty("trueMatchRateAtFalseMatchRate").GetArrayLength());
        var system = card.GetProperty("system");
        Assert.Equal(0, system.GetProperty("falseAcceptRate").GetDouble());
        Assert.Equal(0, system.GetProperty("falseRejectRate").GetDouble());
        Assert.Equal(1.0, card.GetProperty("lfwConvention").GetProperty("accuracy").GetDouble());
        Assert.Equal(1000, card.GetProperty("uncertainty").GetProperty("resamples").GetInt32());
        Assert.True(card.GetProperty("errorRateCurve").GetArrayLength() > 0);
        Assert.False(string.IsNullOrEmpty(card.GetProperty("algorithm").GetProperty("pipelineSignature").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/api/evaluations/999/report")).StatusCode);
    }

    [Fact]
    public async Task Report_WithATaggedGallery_CarriesDifferentialsPerPrefixAndErrorVersusDiscard()
    {
        var id = await EvaluateAsync();
        var databases = _portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        await using (var db = await databases.CreateDbContextAsync())
        {
            var identities = await db.Identities.OrderBy(i => i.Id).ToListAsync();
            for (var i = 0; i < identities.Count; i++)
            {
                identities[i].Tags = [i % 2 == 0 ? "sex:f" : "sex:m"];
            }
            await db.SaveChangesAsync();
        }

        var all = await _client.GetFromJsonAsync<JsonElement>($"/api/evaluations/{id}/report");
        var asked = await _client.GetFromJsonAsync<JsonElement>($"/api/evaluations/{id}/report?tagPrefix=sex:");

        foreach (var card in new[] { all, asked })
        {
            var differentials = card.GetProperty("differentials");
            Assert.Equal(1, differentials.GetArrayLength());
            var sex = differentials[0];
            Assert.Equal("sex:", sex.GetProperty("prefix").GetString());
            Assert.Equal(["sex:f", "sex:m"], sex.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("tag").GetString()).Order());
            Assert.Equal(8, card.GetProperty("errorVersusDiscard").GetProperty("pairs").GetInt32());
        }
    }

    [Fact]
    public async Task OpenApi_DocumentsTheCalibrationAndTheReportCard()
    {
        using var doc = JsonDocument.Parse(await _client.GetStringAsync("/openapi/v1.json"));

        var root = doc.RootElement;
        Assert.True(root.GetProperty("paths").TryGetProperty("/api/evaluations/{id}/report", out _));
        var schemas = root.GetProperty("components").GetProperty("schemas");
        var verify = schemas.GetProperty("VerifyAnswer").GetProperty("properties");
        Assert.True(verify.TryGetProperty("calibration", out _));
        var calibration = schemas.GetProperty("ScoreCalibration").GetProperty("properties");
        foreach (var field in new[] { "available", "note", "falseMatchRate", "falseNonMatchRate", "matedScoresBelow", "nonMatedScoresBelow", "operatingPoint" })
        {
            Assert.True(calibration.TryGetProperty(field, out _), field);
        }
        var identify = schemas.GetProperty("IdentifyAnswer").GetProperty("properties");
        foreach (var field in new[] { "unknown", "candidates", "threshold", "faces", "partial", "searched", "calibration" })
        {
            Assert.True(identify.TryGetProperty(field, out _), field);
        }
        Assert.True(schemas.GetProperty("IdentifyFace").GetProperty("properties").TryGetProperty("answerRank", out _));
        Assert.EndsWith("/IdentifyAnswer", root.GetProperty("paths").GetProperty("/api/identify").GetProperty("post").GetProperty("responses").GetProperty("200")
            .GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString(), StringComparison.Ordinal);
        var card = schemas.GetProperty("ReportCard").GetProperty("properties");
        Assert.True(card.TryGetProperty("failures", out _));
        Assert.True(schemas.GetProperty("ReportFailures").GetProperty("properties").TryGetProperty("failureToAcquireRate", out _));
    }
}
