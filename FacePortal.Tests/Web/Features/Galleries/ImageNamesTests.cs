using FacePortal.Web.Features.Galleries;
using FacePortal.Web.Platform.Analysis;

namespace FacePortal.Tests.Web.Features.Galleries;

public class ImageNamesTests
{
    [Theory]
    [InlineData("Aaron_Peirsol/Aaron_Peirsol_0004.jpg", "Aaron_Peirsol", "_0004.jpg")]
    [InlineData("Zico_0001.jpg", "Zico", "_0001.jpg")]
    [InlineData("a\\b\\x.png", "", "x.png")]
    [InlineData("short.jpg", "", "short.jpg")]
    [InlineData("folder/", "", "folder/")]
    public void Split_KeepsTheDistinguishingEndWhole(string name, string head, string tail)
    {
        var split = ImageNames.Split(name);
        Assert.Equal((head, tail), split);
        Assert.True(split.Tail.Length <= Math.Max(ImageNames.TailLength, ImageNames.FileName(name).Length));
    }

    [Theory]
    [InlineData("Colin_Powell", "Colin_Powell/Colin_Powell_0001.jpg", "Colin_Powell/Colin_Powell_0001.jpg")]
    [InlineData("Colin_Powell", "Colin_Powell_0001.jpg", "Colin_Powell/Colin_Powell_0001.jpg")]
    [InlineData("Colin", "Colin_Powell/x.jpg", "Colin/Colin_Powell/x.jpg")]
    public void GalleryImageName_NeverRepeatsTheIdentity(string identity, string original, string shown) =>
        Assert.Equal(shown, GalleryImageLoader.DisplayName(identity, original));
}
