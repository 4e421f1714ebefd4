using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace FacePortal.Web.Platform.Auth;

/// <summary>Signs in API clients that send one of the keys in "FacePortal:ApiKeys" in the X-Api-Key header (as operators).</summary>
public sealed class ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IConfiguration configuration)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var sent) || string.IsNullOrEmpty(sent))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        var keys = configuration.GetSection("FacePortal:ApiKeys").Get<string[]>() ?? [];
        var given = Encoding.UTF8.GetBytes(sent.ToString());
        // Constant-time comparison, so the response time does not reveal how much of a key was right.
        var match = keys.Any(k => k.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(k), given));
        if (!match)
        {
            return Task.FromResult(AuthenticateResult.Fail("Unknown API key."));
        }
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "api-key"), new Claim(ClaimTypes.Role, Roles.Operator)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
