using Microsoft.Extensions.Options;

namespace FacePortal.Web.Platform.Security;

public static class SecurityServiceCollectionExtensions
{
    /// <summary>Settings from "FacePortal:Security": extra allowed origins, HSTS.</summary>
    public static IServiceCollection AddPortalSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(SecurityOptions.Section).Get<SecurityOptions>() ?? new SecurityOptions();
        services.AddSingleton(Options.Create(options));
        services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(Math.Max(0, options.HstsMaxAgeDays)));
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
