using FacePortal.Engine.Search;
using FacePortal.Web.Features.Identification;

namespace FacePortal.Tests.Web.Features.Identification;

public class IdentityCandidateUrlsTests
{
    [Fact]
    public void ThumbnailUrl_Candidate_IsTheGalleryImageRouteOfItsHash()
    {
        var candidate = new IdentityCandidate(3, "ann", 0.2, 0.8, 17, "abc123");

        Assert.Equal("/images/abc123", candidate.ThumbnailUrl);
    }
}
