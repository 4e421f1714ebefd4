using FacePortal.Web.Platform.Settings;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.Extensions.Options;

namespace FacePortal.Web.Platform.Security;

public static class SecurityServiceCollectionExtensions
{
    /// <summary>Settings from "FacePortal:Security": extra allowed origins, HSTS.</summary>
    public static IServiceCollection AddPortalSecurity(this IServiceCollection services)
    {
        services.AddPortalOptions<SecurityOptions, SecurityOptionsValidator>(SecurityOptions.Section);
        services.AddOptions<HstsOptions>().Configure<IOptions<SecurityOptions>>((hsts, security) =>
            hsts.MaxAge = TimeSpan.FromDays(security.Value.HstsMaxAgeDays));
        return services;
    }

    /// <summary>
    /// First in the pipeline: HSTS (HTTPS, outside Development; behind a proxy it needs the forwarded scheme),
    /// the security headers, and the cross-site check on changes made with the sign-in cookie.
    /// </summary>
    public static WebApplication UsePortalSecurity(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment() && app.Services.GetRequiredService<IOptions<SecurityOptions>>().Value.HstsMaxAgeDays > 0)
        {
            app.UseHsts();
        }
        app.UseMiddleware<SecurityHeaders>();
        app.UseMiddleware<CrossSiteRequestGuard>();
        return app;
    }
}
