using FacePortal.Tests.TestSupport;

namespace FacePortal.Tests.Web.Features.Galleries.Models;

// The portal's paths for a second model (the gallery-embed job with restart and cancel, switching a gallery's model for
// Identify and Verify, an evaluation that computes only its model's descriptors), once more with the second model's
// batch dimension fixed at 1 (most ArcFace / InsightFace exports): the same tests, the same expectations.

[Collection(FixedBatchTwoModelEngineCollection.Name)]
public sealed class GalleryEmbedJobFixedBatchTests(FixedBatchTwoModelEngineFixture fixture) : GalleryEmbedJobTests(fixture);

[Collection(FixedBatchTwoModelEngineCollection.Name)]
public sealed class GallerySwitchModelFixedBatchTests(FixedBatchTwoModelEngineFixture fixture) : GallerySwitchModelTests(fixture);
