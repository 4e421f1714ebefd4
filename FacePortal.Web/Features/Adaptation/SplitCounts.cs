namespace FacePortal.Web.Features.Adaptation;

/// <summary>The identity split as the page shows it: identities and images (with a base-model descriptor) on each side.</summary>
public sealed record SplitCounts(int TrainIdentities, int TrainImages, int HeldOutIdentities, int HeldOutImages, int ImagesWithoutDescriptor);
