using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace FacePortal.Tests.TestSupport;

/// <summary>The portal on a real loopback port and a signed-in headless Chromium page.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection
{
    // Browser tests run on their own after the rest: a page racing 400 parallel tests for 2 cores times out.
    public const string Name = "browser";
}

/// <summary>The portal on a real loopback port and a signed-in headless Chromium page.</summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private readonly DirectoryInfo _profile = Directory.CreateTempSubdirectory("fp-chromium-");
    private IPlaywright? _playwright;
    private IBrowserContext? _browser;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _console = new();

    private BrowserSession(PortalFactory factory, string address)
    {
        Factory = factory;
        Address = address.TrimEnd('/');
    }

    public PortalFactory Factory { get; }

    public string Address { get; }

    public IPage Page { get; private set; } = default!;

    public static async Task<BrowserSession> StartAsync()
    {
        var factory = new PortalFactory();
        return await StartAsync(factory);
    }

    public static async Task<BrowserSession> StartAsync(PortalFactory factory)
    {
        factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var session = new BrowserSession(factory, address);
        session._playwright = await Playwright.CreateAsync();
        session._browser = await session._playwright.Chromium.LaunchPersistentContextAsync(session._profile.FullName, new()
        {
            ExecutablePath = BrowserFactAttribute.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        session.Page = await session._browser.NewPageAsync();
        session.Page.SetDefaultTimeout(60_000);
        // Blazor reports a lost connection or a failed event in the console: kept for Describe.
        session.Page.Console += (_, m) =>
        {
            if (m.Type is "error" or "warning")
            {
                session._console.Enqueue($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {m.Type}: {m.Text}");
            }
        };
        session.Page.PageError += (_, e) => session._console.Enqueue($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} page error: {e}");
        session.Page.WebSocket += (_, ws) => ws.Close += (_, _) => session._console.Enqueue($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} websocket closed: {ws.Url}");
        return session;
    }

    /// <summary>Opens a page signed out, goes through the sign-in form, and lands back on it.</summary>
    public async Task SignInAsync(string path = "/")
    {
        await Page.GotoAsync(Address + path);
        await Page.WaitForURLAsync("**/account/login**");
        await Page.FillAsync("input[name=email]", PortalFactory.AdminEmail);
        await Page.FillAsync("input[name=password]", PortalFactory.AdminPassword);
        await Page.ClickAsync("button[type=submit]");
        await Page.WaitForSelectorAsync("[data-testid=signed-in-user]");
        await WaitInteractiveAsync();
    }

    /// <summary>Waits for the Blazor circuit: before it, typing into a prerendered input reaches no component.</summary>
    public Task WaitInteractiveAsync() =>
        Page.WaitForSelectorAsync("[data-testid=circuit][data-interactive=true]", new() { State = WaitForSelectorState.Attached, Timeout = 60_000 });

    /// <summary>
    /// What a failing step should print: the page's address and text, the browser's errors and closed sockets, the
    /// server's circuits and its warnings and errors.
    /// </summary>
    public async Task<string> DescribeAsync()
    {
        var text = await Page.Locator("body").InnerTextAsync(new() { Timeout = 5_000 });
        return string.Join(Environment.NewLine,
            $"at {DateTimeOffset.UtcNow:HH:mm:ss.fff}, url {Page.Url}",
            "page text: " + (text.Length > 2_000 ? text[..2_000] + " ..." : text).ReplaceLineEndings(" | "),
            "browser: " + string.Join(Environment.NewLine + "  ", _console),
            "circuits: " + Factory.Circuits.Describe(),
            "server: " + string.Join(Environment.NewLine + "  ", Factory.Log.Entries));
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
        await Factory.DisposeAsync();
        try
        {
            _profile.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Chromium's last writes can race the delete; a leftover temp profile is harmless.
        }
    }
}
