using System.Net;
using System.Security.Cryptography;
using Microcred.Web.Tests.Infrastructure;

namespace Microcred.Web.Tests.Platform;

/// The key-encryption key as an operator meets it: the app started as a process from a working
/// directory, the way `dotnet run` and a deployment start it.
public sealed class KeyEncryptionStartTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly string folder = Path.Combine(Path.GetTempPath(), "microcred-start-" + Guid.NewGuid().ToString("N")[..10]);

    public KeyEncryptionStartTests()
    {
        Directory.CreateDirectory(folder);
    }

    public void Dispose()
    {
        Directory.Delete(folder, recursive: true);
    }

    private static Dictionary<string, string> Settings(string environment, string? kek = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = environment,
            ["Content:Path"] = Path.Combine(AppContext.BaseDirectory, "Fixtures", "content"),
            ["Seed:DemoAccounts"] = "false",
        };
        if (kek is not null)
        {
            settings["DataProtection:KeyEncryptionKey"] = kek;
        }
        return settings;
    }

    [Fact]
    public async Task Missing_kek_outside_development_stops_the_app_naming_the_setting_before_the_database_is_touched()
    {
        using var app = AppProcess.Start(folder, Settings("Production"));

        Assert.Equal(1, await app.ExitCodeAsync(Patience));
        Assert.Contains("Microcred cannot start: DataProtection:KeyEncryptionKey must be set outside Development", app.Output);
        Assert.DoesNotContain("   at ", app.Output);
        Assert.False(Directory.Exists(Path.Combine(folder, "data")));
    }

    [Fact]
    public async Task Every_wrong_setting_is_named_when_several_are_wrong()
    {
        var settings = Settings("Production", kek: "not base64!");
        settings["Database:Provider"] = "Oracle";
        using var app = AppProcess.Start(folder, settings);

        Assert.Equal(1, await app.ExitCodeAsync(Patience));
        Assert.Contains("Microcred cannot start: DataProtection:KeyEncryptionKey is not base64; it must be 32 random bytes in base64.", app.Output);
        Assert.Contains("Microcred cannot start: Database:Provider must be Sqlite or Postgres (it is 'Oracle').", app.Output);
        Assert.DoesNotContain("not base64!", app.Output);
    }

    [Fact]
    public async Task Development_run_generates_a_kek_under_data_reuses_it_and_a_node_with_another_kek_is_refused()
    {
        var file = Path.Combine(folder, "data", "keys", "kek");
        string generated;
        using (var first = AppProcess.Start(folder, Settings("Development")))
        {
            var site = await first.ListeningAsync(Patience);
            using var client = new HttpClient { BaseAddress = site };
            // A page with a form makes the site create (and store) its first data-protection key.
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/login")).StatusCode);
            Assert.Contains($"No DataProtection:KeyEncryptionKey configured: generated a development key-encryption key in {file}. In production, set it", first.Output);
            generated = File.ReadAllText(file);
        }

        Assert.Equal(32, Convert.FromBase64String(generated).Length);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }

        using (var second = AppProcess.Start(folder, Settings("Development")))
        {
            var site = await second.ListeningAsync(Patience);
            using var client = new HttpClient { BaseAddress = site };
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/login")).StatusCode);
            Assert.Contains($"No DataProtection:KeyEncryptionKey configured: using the development key-encryption key in {file}", second.Output);
            Assert.DoesNotContain("generated", second.Output);
        }
        Assert.Equal(generated, File.ReadAllText(file));

        using var misconfigured = AppProcess.Start(folder, Settings("Development", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));
        Assert.Equal(1, await misconfigured.ExitCodeAsync(Patience));
        Assert.Matches(
            "Microcred cannot start: Data-protection key key-[0-9a-f-]{36} in the database cannot be opened\\. The data-protection key was encrypted under " +
            "key-encryption key [0-9a-f]{16}, but DataProtection:KeyEncryptionKey is key [0-9a-f]{16}\\.",
            misconfigured.Output);
    }
}
