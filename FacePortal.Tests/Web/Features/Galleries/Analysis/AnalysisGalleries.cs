using FacePortal.Tests.TestSupport;
using FacePortal.Web.Features.Galleries;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace FacePortal.Tests.Web.Features.Galleries.Analysis;

/// <summary>
/// Small galleries with one planted defect each, over 16-d hand-made descriptors (Euclidean, threshold 0.6): identity
/// k sits at 2·e_k (k &lt; 8, centres 2.8 apart) and its i-th face adds 0.3·e_(8+i), so faces of one identity are 0.42
/// apart (linked, yet farther than the 0.25 near-duplicate distance) and identities never link.
/// </summary>
internal static class AnalysisGalleries
{
    public static readonly CancellationToken None = CancellationToken.None;

    public static Task<PortalTestDatabase> CreateAsync() => PortalTestDatabase.CreateAsync(services: s =>
    {
        s.AddSingleton<JobNotifier>();
        s.AddSingleton<JobService>();
    });

    public static GalleryAnalysisService Analysis(this PortalTestDatabase data) => data.Services.GetRequiredService<GalleryAnalysisService>();

    public static StoredCurationReader Stored(this PortalTestDatabase data) => data.Services.GetRequiredService<StoredCurationReader>();

    public static DefectFixService Fixes(this PortalTestDatabase data) => data.Services.GetRequiredService<DefectFixService>();

    public static CurationUndo Undo(this PortalTestDatabase data) => data.Services.GetRequiredService<CurationUndo>();

    public static float[] Vec(int centre, int jitter, float amount = 0.3f)
    {
        var v = new float[16];
        v[centre] = 2;
        if (jitter >= 0)
        {
            v[8 + (jitter % 8)] = amount;
        }
        return v;
    }

    /// <summary>Identities P0..P(n-1) at centres 0..n-1 with <paramref name="faces"/> images each; returns their ids.</summary>
    public static async Task<List<int>> PeopleAsync(PortalTestDatabase data, int gallery, int people, int faces)
    {
        var ids = new List<int>();
        for (var p = 0; p < people; p++)
        {
            var id = await data.AddIdentityAsync(gallery, $"P{p}");
            for (var i = 0; i < faces; i++)
            {
                await data.AddImageAsync(id, null, $"p{p}_{i}.jpg", PortalTestDatabase.Face(Vec(p, i)));
            }
            ids.Add(id);
        }
        return ids;
    }

    public static Task<bool> ComputeAsync(this PortalTestDatabase data, int gallery) => data.Analysis().ComputeAsync(gallery, "test-model", null, null, None);

    public static async Task<ActivityEntry> LatestEntryAsync(this PortalTestDatabase data, int gallery) => (await data.Activity.LatestAsync(gallery, 1, None))[0];
}
