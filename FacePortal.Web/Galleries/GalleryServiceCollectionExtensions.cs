namespace FacePortal.Web.Galleries;

public static class GalleryServiceCollectionExtensions
{
    public static IServiceCollection AddGalleries(this IServiceCollection services) => services;
}
