using System.Net;
using System.Text.RegularExpressions;
using FacePortal.Tests.TestSupport;

namespace FacePortal.Tests.Web.Platform.Auth;

/// <summary>
/// A browser-like client of the hosted portal that keeps its cookies itself, so a test can copy them (a stolen
/// cookie) or send requests from another Origin. Sends the portal's own Origin unless told otherwise.
/// </summary>
public sealed partial class CookieSession : IDisposable
{
    public const string OwnOrigin = "http://localhost";

    private readonly PortalFactory _factory;
    private readonly HttpClient _http;

    private CookieSession(PortalFactory factory, Dictionary<string, string> cookies)
    {
        _factory = factory;
        _http = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        Cookies = cookies;
    }

    public Dictionary<string, string> Cookies { get; }

    public static CookieSession Anonymous(PortalFactory factory) => new(factory, []);

    /// <summary>Signs in through the sign-in form; fails the test unless the portal redirects to <paramref name="returnUrl"/>.</summary>
    public static async Task<CookieSession> SignInAsync(PortalFactory factory, string email, string password, string returnUrl = "/")
    {
        var session = Anonymous(factory);
        var response = await session.PostLoginAsync(email, password, returnUrl);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(returnUrl, response.Headers.Location?.ToString());
        return session;
    }

    /// <summary>The sign-in form's post, with the form's antiforgery token.</summary>
    public async Task<HttpResponseMessage> PostLoginAsync(string email, string password, string? returnUrl)
    {
        var fields = new Dictionary<string, string> { ["email"] = email, ["password"] = password };
        if (returnUrl is not null)
        {
            fields["returnUrl"] = returnUrl;
        }
        return await PostFormAsync("/account/login", "/account/login", fields);
    }

    /// <summary>Loads <paramref name="formPage"/> for its antiforgery token, then posts <paramref name="fields"/> with it.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string formPage, string action, Dictionary<string, string> fields, string? origin = OwnOrigin)
    {
        var page = await SendAsync(HttpMethod.Get, formPage);
        var token = TokenField().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value;
        Assert.NotEmpty(token);
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(token);
        return await SendAsync(HttpMethod.Post, action, new FormUrlEncodedContent(fields), origin);
    }

    /// <summary>A second client holding a copy of this one's cookies, as someone who copied them would.</summary>
    public CookieSession Copy() => new(_factory, new Dictionary<string, string>(Cookies));

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, HttpContent? content = null, string? origin = OwnOrigin, string? referer = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        if (Cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", Cookies.Select(c => $"{c.Key}={c.Value}")));
        }
        if (origin is not null && method != HttpMethod.Get)
        {
            request.Headers.Add("Origin", origin);
        }
        if (referer is not null)
        {
            request.Headers.Referrer = new Uri(referer);
        }
        var response = await _http.SendAsync(request);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            foreach (var setCookie in setCookies)
            {
                var pair = setCookie.Split(';')[0];
                var eq = pair.IndexOf('=');
                var (name, value) = (pair[..eq], pair[(eq + 1)..]);
                // A deletion sets an empty value with an expiry in the past.
                if (value.Length == 0 || setCookie.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
                {
                    Cookies.Remove(name);
                }
                else
                {
                    Cookies[name] = value;
                }
            }
        }
        return response;
    }

    public Task<HttpResponseMessage> GetAsync(string url) => SendAsync(HttpMethod.Get, url);

    public Task<HttpResponseMessage> PostJsonAsync(string url, object body, string? origin = OwnOrigin) =>
        SendAsync(HttpMethod.Post, url, System.Net.Http.Json.JsonContent.Create(body), origin);

    public bool HasSignInCookie => Cookies.ContainsKey(".AspNetCore.Identity.Application");

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
