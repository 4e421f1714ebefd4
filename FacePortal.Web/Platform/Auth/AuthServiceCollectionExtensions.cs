using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.Settings;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;

namespace FacePortal.Web.Platform.Auth;

public static class AuthServiceCollectionExtensions
{
    private const string Smart = "cookie-or-key";

    /// <summary>
    /// Sign-in for every page and API: ASP.NET Core Identity cookies for people, X-Api-Key for API clients;
    /// roles admin / operator / viewer.
    /// </summary>
    public static IServiceCollection AddPortalAuth(this IServiceCollection services)
    {
        services.AddPortalOptions<AdminOptions, AdminOptionsValidator>(AdminOptions.Section);
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = Smart;
                o.DefaultChallengeScheme = Smart;
            })
            .AddPolicyScheme(Smart, "cookie or API key", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.Header) ? ApiKeyAuthenticationHandler.SchemeName : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/login";
            // APIs answer 401/403 instead of redirecting to the sign-in page.
            o.Events.OnRedirectToLogin = context => Reject(context, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = Forbidden;
            // Instead of Identity's check every 30 minutes: sessions end as soon as they are ended.
            o.Events.OnValidatePrincipal = SessionValidator.ValidatePrincipalAsync;
        });
        services.AddIdentityCore<IdentityUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = AdminOptionsValidator.MinPasswordLength;
                o.Lockout.MaxFailedAccessAttempts = 10;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<PortalDbContext>()
            .AddSignInManager();
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Roles.CanEdit, p => p.RequireRole(Roles.Admin, Roles.Operator))
            .AddPolicy(Roles.IsAdmin, p => p.RequireRole(Roles.Admin));
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, SessionRevalidatingAuthenticationStateProvider>();
        services.AddSingleton<SecurityActivity>();
        services.AddHostedService<AdminSeeder>();
        return services;
    }

    /// <summary>Signed in, but the role does not allow it: 403 for pages too (a short page), not a redirect.</summary>
    private static Task Forbidden(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            return Task.CompletedTask;
        }
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not allowed - FacePortal</title>"
            + "<link href=\"/css/portal.css\" rel=\"stylesheet\"></head><body><div class=\"login-box\"><h1>Not allowed</h1>"
            + "<p>Your role does not allow this page.</p><p><a href=\"/\">Back to the dashboard</a></p></div></body></html>");
    }

    private static Task Reject(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
