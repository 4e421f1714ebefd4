using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FacePortal.Tests.TestSupport;
using FacePortal.Tests.Web.Features.Imports;
using FacePortal.Web.Features.Clusters;
using FacePortal.Web.Features.Galleries;
using FacePortal.Web.Features.Identification;
using FacePortal.Web.Features.PairSets;
using FacePortal.Web.Platform.Analysis;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FacePortal.Tests.Web.Features.Clusters;

/// <summary>
/// Unlabelled import through the REST API into the hosted portal (real engine, real job runner), on LFW photos:
/// every face kept on its own row, nothing of it reaching pair sets or 1:N answers; then clustered and named.
/// </summary>
[Collection(ImportPortalCollection.Name)]
public class UnlabelledImportTests(ImportPortalFixture portal)
{
    private static string Lfw(string person, int n) => Path.Combine(RepoPaths.Lfw, "images", person, $"{person}_{n:0000}.jpg");

    private T Service<T>() where T : notnull => portal.Factory.Services.GetRequiredService<T>();

    [LfwImagesFact]
    public async Task Unlabelled_ServerFolder_EveryFaceOwnRow_LeaksIntoNoPairSetOr1ToN_ThenClusteredAndNamed()
    {
        var root = Directory.CreateTempSubdirectory("fp-unlabelled-");
        try
        {
            var named = Directory.CreateDirectory(Path.Combine(root.FullName, "named", "Colin_Powell"));
            File.Copy(Lfw("Colin_Powell", 1), Path.Combine(named.FullName, "p1.jpg"));
            File.Copy(Lfw("Colin_Powell", 2), Path.Combine(named.FullName, "p2.jpg"));
            // A flat pile (files at the top, one in a folder whose name means nothing).
            var pile = Directory.CreateDirectory(Path.Combine(root.FullName, "pile"));
            foreach (var (person, n) in new[] { ("Colin_Powell", 3), ("Colin_Powell", 4), ("Tony_Blair", 1), ("Tony_Blair", 2), ("Tony_Blair", 3), ("Hugo_Chavez", 1) })
            {
                File.Copy(Lfw(person, n), Path.Combine(pile.FullName, $"{person}_{n}.jpg"));
            }
            Directory.CreateDirectory(Path.Combine(pile.FullName, "misc"));
            File.Copy(Lfw("Hugo_Chavez", 2), Path.Combine(pile.FullName, "misc", "Hugo_Chavez_2.jpg"));

            var gallery = await portal.Api.CreateGalleryAsync("unlabelled-" + Guid.NewGuid().ToString("N")[..8]);
            Assert.Equal("completed", (await portal.Api.WaitAsync(await portal.Api.StartServerFolderAsync(gallery, Path.Combine(root.FullName, "named")))).GetProperty("state").GetString());
            var generation = Service<PairSetGeneration>();
            var pairsBefore = await generation.GenuineCapacityAsync(gallery, true, 2, null, CancellationToken.None);

            var response = await portal.Api.Http.PostAsJsonAsync($"/api/galleries/{gallery}/import", new { serverFolder = pile.FullName, unlabelled = true });
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var job = await portal.Api.WaitAsync((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetInt32());
            Assert.Equal("completed", job.GetProperty("state").GetString());
            Assert.Equal(7, job.GetProperty("done").GetInt32());

            await using var db = portal.Db();
            var identities = await db.Identities.Where(i => i.GalleryId == gallery).OrderBy(i => i.Name).ToListAsync();
            Assert.Equal([("(unlabelled)", true), ("Colin_Powell", false)], identities.Select(i => (i.Name, i.Unlabelled)));
            var holding = identities[0].Id;
            var rows = await db.Images.Include(i => i.Faces).Where(i => i.IdentityId == holding).ToListAsync();
            // Every file is there; every row holds one face, the one it stands for; the faces of one photo are 0..n-1.
            Assert.Equal(7, rows.Select(r => r.ContentHash).Distinct().Count());
            Assert.All(rows, r => Assert.True(r.Faces.Count <= 1 && (r.Faces.Count == 0 ? r.PrimaryFaceIndex == -1 : r.Faces[0].Index == r.PrimaryFaceIndex)));
            Assert.All(rows.GroupBy(r => r.ContentHash), g => Assert.Equal(Enumerable.Range(0, g.Count()), g.Select(r => Math.Max(0, r.PrimaryFaceIndex)).Order()));
            Assert.True(rows.Count(r => r.PrimaryFaceIndex >= 0) >= 7, "each LFW photo has a face");

            // No leak: the same genuine pairs as before, no identity counted, no 1:N answer from the pile.
            Assert.Equal(pairsBefore, await generation.GenuineCapacityAsync(gallery, true, 2, null, CancellationToken.None));
            Assert.Equal(["Colin_Powell"], (await Service<IdentityReader>().ListIdentitiesAsync(gallery, null, CancellationToken.None)).Select(i => i.Name));
            Assert.Equal(1, (await Service<GalleryService>().GetGalleryAsync(gallery, CancellationToken.None))!.Identities);
            var probe = new ImageInput("blair.jpg", await File.ReadAllBytesAsync(Lfw("Tony_Blair", 1)));
            var answer = await Service<IdentificationService>().IdentifyAsync(probe, gallery, new IdentifyOptions { K = 10 }, CancellationToken.None);
            Assert.All(answer.Faces.SelectMany(f => f.Candidates), c => Assert.Equal(identities[1].Id, c.IdentityId));

            // Clustered by the portal's job runner at the model's default; Blair's three photos form one cluster.
            var clusterJob = await Service<ClusterService>().StartAsync(gallery, null, null, TestUsers.Operator, CancellationToken.None);
            Assert.Equal("completed", (await portal.Api.WaitAsync(clusterJob)).GetProperty("state").GetString());
            var overview = (await Service<ClusterService>().OverviewAsync(gallery, CancellationToken.None))!;
            var blair = overview.Largest.Single(c => c.Faces.Any(f => f.OriginalName == "Tony_Blair_1.jpg" && f.FaceIndex == 0));
            Assert.Equal(3, blair.Faces.Count(f => f.OriginalName.StartsWith("Tony_Blair", StringComparison.Ordinal)));
            Assert.DoesNotContain(blair.Faces, f => !f.OriginalName.StartsWith("Tony_Blair", StringComparison.Ordinal) && f.FaceIndex == 0);

            var tony = (await Service<ClusterCuration>().NameAsync(blair.Id, "Tony Blair", TestUsers.Operator, CancellationToken.None)).Result;
            Assert.Equal(blair.Size, await db.Images.CountAsync(i => i.IdentityId == tony));
            // Named, Blair now answers 1:N (the activity entry moved the gallery's version, so the index reloaded).
            var named1 = await Service<IdentificationService>().IdentifyAsync(probe, gallery, new IdentifyOptions { K = 1 }, CancellationToken.None);
            Assert.Contains(named1.Faces, f => f.Candidates.FirstOrDefault()?.IdentityId == tony);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }
}
