using Bunit;
using FacePortal.Engine.Models.Catalogue;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Features.Models;

namespace FacePortal.Tests.Web.Features.Models;

public class RecognitionModelCatalogueTests
{
    [Fact]
    public async Task Render_Catalogue_ShowsEachModelsLicenceInputPreprocessingEmbeddingSourceAndLfw()
    {
        await using var ctx = PortalTestContext.Create();

        var cut = ctx.Render<RecognitionModelCatalogue>(p => p.Add(c => c.Loaded, new HashSet<string> { "face-api", "mobileface" }));

        var rows = cut.FindAll("[data-testid=catalogue-table] tbody tr");
        Assert.Equal(1 + ModelCatalogue.All.Count, rows.Count);
        Assert.Contains("98.22%", rows[0].TextContent);
        foreach (var model in ModelCatalogue.All)
        {
            var row = rows.Single(r => r.QuerySelector($"[data-testid=catalogue-{model.Name}]") is not null).TextContent;
            Assert.Contains(model.Licence, row);
            Assert.Contains($"{model.InputWidth}x{model.InputHeight} NHWC {model.ChannelOrder}", row);
            Assert.Contains("ArcFace 5-point", row);
            Assert.Contains($"{model.EmbeddingSize}, {model.Metric}", row);
            Assert.Contains(model.SourceUrl, row);
            Assert.Contains(model.Package.Spec, row);
            Assert.Contains(model.MeasuredLfw ?? "not measured", row);
            Assert.Contains(model.LicenceVerified ? "verified" : "unverified", row);
        }
        var loaded = cut.FindAll("[data-testid=catalogue-loaded]");
        Assert.Equal(2, loaded.Count); // face-api and mobileface, not the others
        Assert.Contains("112x112 NHWC BGR", rows.Single(r => r.QuerySelector("[data-testid=catalogue-mobileface]") is not null).TextContent);
        Assert.Contains("(x - 0) / 1", rows.Single(r => r.QuerySelector("[data-testid=catalogue-faceres]") is not null).TextContent);
    }
}
