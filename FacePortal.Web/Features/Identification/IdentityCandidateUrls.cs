using FacePortal.Engine.Search;

namespace FacePortal.Web.Features.Identification;

/// <summary>Where the portal serves a candidate's image (the galleries feature's image route).</summary>
public static class IdentityCandidateUrls
{
    extension(IdentityCandidate candidate)
    {
        public string ThumbnailUrl => $"/images/{candidate.ContentHash}";
    }
}
