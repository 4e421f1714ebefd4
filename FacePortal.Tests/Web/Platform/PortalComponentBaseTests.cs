using FacePortal.Tests.TestSupport;
using FacePortal.Web.Components;

namespace FacePortal.Tests.Web.Platform;

public class PortalComponentBaseTests
{
    private sealed class TokenProbe : PortalComponentBase
    {
        public CancellationToken Token => PageToken;
    }

    [Fact]
    public async Task PageToken_ComponentDisposed_IsCancelled()
    {
        await using var ctx = PortalTestContext.Create();
        var cut = ctx.Render<TokenProbe>();
        var token = cut.Instance.Token;
        Assert.False(token.IsCancellationRequested);

        await ctx.DisposeComponentsAsync();

        Assert.True(token.IsCancellationRequested);
    }
}
