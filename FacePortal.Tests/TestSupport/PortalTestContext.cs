using Bunit;
using FacePortal.Web.Platform.Auth;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace FacePortal.Tests.TestSupport;

/// <summary>A bunit context set up as the portal's pages need: MudBlazor services and popovers, loose JS interop, a signed-in role.</summary>
public static class PortalTestContext
{
    /// <param name="role">Signed in with this role; null for no authorization set-up.</param>
    /// <param name="services">The page's own services: registered before the first render (bunit refuses them after).</param>
    public static BunitContext Create(string? role = null, Action<IServiceCollection>? services = null)
    {
        var ctx = new BunitContext();
        ctx.Services.AddMudServices();
        services?.Invoke(ctx.Services);
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        if (role is not null)
        {
            var auth = ctx.AddAuthorization();
            auth.SetAuthorized(role + "@test.local");
            auth.SetRoles(role);
            if (role is Roles.Admin or Roles.Operator)
            {
                auth.SetPolicies(Roles.CanEdit);
            }
        }
        ctx.Render<MudPopoverProvider>();
        return ctx;
    }
}
