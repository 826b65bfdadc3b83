using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Microcred.Web.BrowserTests;

/// The site on a real Kestrel port with the repository's catalog and an empty SQLite database,
/// and Debian's Chromium driven by Playwright.
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xUnit disposes class fixtures through IAsyncLifetime.DisposeAsync.")]
public sealed class BrowserSite : IAsyncLifetime
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "microcred-browser-" + Guid.NewGuid().ToString("N")[..10]);
    private SiteFactory? factory;
    private IPlaywright? playwright;

    public static string ChromiumPath => Environment.GetEnvironmentVariable("MICROCRED_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public IBrowser Browser { get; private set; } = null!;
    public Uri BaseAddress { get; private set; } = null!;
    public string AxeScript { get; } = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "axe", "axe.min.js"));

    /// Skips when Chromium is missing on a developer's machine; fails in CI, which installs it.
    public static void EnsureAvailable()
    {
        if (File.Exists(ChromiumPath))
        {
            return;
        }
        if (InCi)
        {
            throw new InvalidOperationException($"CI must run the browser tests, but Chromium is not at {ChromiumPath}.");
        }
        Skip.If(true, $"Browser tests need Chromium at {ChromiumPath} (apt-get install -y chromium, or set MICROCRED_CHROMIUM).");
    }

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            return;
        }
        Directory.CreateDirectory(folder);
        factory = new SiteFactory(folder);
        factory.UseKestrel(0);
        factory.StartServer();
        var addresses = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.First());

        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        playwright?.Dispose();
        if (factory is not null)
        {
            await factory.DisposeAsync();
        }
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private sealed class SiteFactory(string folder) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            // Development keeps cookies usable over plain http on 127.0.0.1.
            builder.UseEnvironment("Development");
            builder.UseUrls("http://127.0.0.1:0");
            builder.UseSetting("ConnectionStrings:Default", $"Data Source={Path.Combine(folder, "microcred.db")}");
            builder.UseSetting("Content:Path", Path.Combine(AppContext.BaseDirectory, "content"));
            builder.UseSetting("Email:PickupDirectory", Path.Combine(folder, "mail"));
            builder.UseSetting("DataProtection:KeyEncryptionKeyFile", Path.Combine(folder, "keys", "kek"));
            builder.UseSetting("Seed:DemoAccounts", "false");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
        }
    }
}
