using FacePortal.Web.Cli;
using FacePortal.Web.Components;
using FacePortal.Web.Features.Clusters;
using FacePortal.Web.Features.Accounts;
#if FACEPORTAL_TORCH
using FacePortal.Web.Features.Adaptation;
#endif
using FacePortal.Web.Features.Evaluations;
using FacePortal.Web.Features.Evaluations.Differentials;
using FacePortal.Web.Features.Evaluations.Quality;
using FacePortal.Web.Features.Galleries;
using FacePortal.Web.Features.Identification;
using FacePortal.Web.Features.Imports;
using FacePortal.Web.Features.Models;
using FacePortal.Web.Features.PairSets;
#if FACEPORTAL_TORCH
using FacePortal.Web.Features.Robustness;
#endif
using FacePortal.Web.Features.Verification;
using FacePortal.Web.Platform.Analysis;
using FacePortal.Web.Platform.Api;
using FacePortal.Web.Platform.Auth;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.EngineHost;
using FacePortal.Web.Platform.Jobs;
using FacePortal.Web.Platform.Search;
using FacePortal.Web.Platform.Security;
using MudBlazor.Services;

if (CommandLine.IsVerb(args))
{
    return await CommandLine.RunAsync(args, Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    // The top-level appsettings.json and wwwroot-assets are copied beside the program at build.
    ContentRootPath = AppContext.BaseDirectory,
    WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot-assets"),
});
builder.WebHost.UseStaticWebAssets();
builder.Configuration.AddEnvironmentVariables("FACEPORTAL_");

// A page left while it still draws is ended by the browser's disconnect request before its socket closes, so its
// charts' pending JS calls are never failed: each waits for this timeout, and the request (and the portal's shutdown)
// with it. Every call the portal makes answers in well under a second; 60 s (the default) held a left page a minute.
builder.Services.AddRazorComponents().AddInteractiveServerComponents(o => o.JSInteropDefaultCallTimeout = TimeSpan.FromSeconds(10));
builder.Services.AddMudServices();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddPortalData();
builder.Services.AddPortalAuth();
builder.Services.AddPortalSecurity();
builder.Services.AddAccounts();
builder.Services.AddFaceEngine();
builder.Services.AddJobs();
builder.Services.AddImports();
builder.Services.AddGalleries();
builder.Services.AddClusters();
builder.Services.AddEvaluations();
builder.Services.AddModelCheck();
builder.Services.AddPairSets();
builder.Services.AddDifferentials();
builder.Services.AddQualityGates();
builder.Services.AddFaceAnalysis();
builder.Services.AddVerification();
builder.AddFaceSearch();
builder.Services.AddIdentification();
#if FACEPORTAL_TORCH
builder.Services.AddAdaptation();
builder.Services.AddRobustness();
#endif
builder.Services.AddPortalApi();
builder.Services.AddOpenApi();

var app = builder.Build();
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error", createScopeForErrors: true);
}
app.UsePortalSecurity();
// A page address that matches nothing shows the portal's not-found page; the REST API keeps its bare 404s and
// problem details, and a refused form post (antiforgery, cross-site check) keeps its own status.
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.Use((context, next) =>
{
    if ((context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
            || !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)))
        && context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } statusPages)
    {
        statusPages.Enabled = false;
    }
    return next(context);
});
app.UseStaticFiles();
app.UseAuthentication();
app.UseMiddleware<PasswordChangeGate>();
app.UseAuthorization();
app.UseAntiforgery();
app.UseBadRequestProblems();
app.MapHealth();
app.MapAccount();
app.MapAccounts();
app.MapApi();
app.MapGalleryEndpoints();
app.MapClusterApi();
app.MapCurationUndoApi();
app.MapPairSetApi();
app.MapEvaluationApi();
app.MapDifferentialsApi();
app.MapQualityApi();
app.MapVerificationApi();
app.MapIdentificationApi();
#if FACEPORTAL_TORCH
app.MapAdaptationApi();
app.MapRobustnessApi();
#endif
// The REST API described as OpenAPI 3 at /openapi/v1.json (sign-in required like the API itself).
app.MapOpenApi();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.Run();
return 0;

/// <summary>Entry point; public so tests can host the app.</summary>
public partial class Program;
