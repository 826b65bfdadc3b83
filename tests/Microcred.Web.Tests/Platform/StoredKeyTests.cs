using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Xml.Linq;
using Microcred.Web.Data;
using Microcred.Web.Platform.Secrets;
using Microcred.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Microcred.Web.Tests.Platform;

/// The data-protection keys (which sign cookies and tokens) are stored in the database encrypted
/// under the deployment's key-encryption key, and every node with that KEK reads them.
public abstract class StoredKeyTests : IAsyncLifetime
{
    private static readonly XNamespace DataProtection = "http://schemas.asp.net/2015/03/dataProtection";
    private readonly MicrocredAppFactory app;

    protected StoredKeyTests(MicrocredAppFactory app)
    {
        app.EnsureAvailable();
        this.app = app;
    }

    public Task InitializeAsync() => app.InitializeAsync();

    Task IAsyncLifetime.DisposeAsync() => ((IAsyncLifetime)app).DisposeAsync();

    private static HttpClient ClientOf(WebApplicationFactory<Program> node) =>
        node.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), HandleCookies = false });

    /// Registers through the API and signs in with a cookie; returns the `Cookie` header value.
    private async Task<string> SignedInCookieAsync()
    {
        using var client = ClientOf(app);
        var email = app.NewEmail();
        (await client.PostAsJsonAsync("/api/v1/identity/register", new { email, password = Visitor.DefaultPassword })).EnsureSuccessStatusCode();
        var login = await client.PostAsJsonAsync("/api/v1/identity/login?useCookies=true", new { email, password = Visitor.DefaultPassword });
        login.EnsureSuccessStatusCode();
        return login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("microcred.auth=", StringComparison.Ordinal)).Split(';')[0];
    }

    private static async Task<HttpStatusCode> MyEnrollmentsStatusAsync(WebApplicationFactory<Program> node, string? cookie)
    {
        using var client = ClientOf(node);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me/enrollments");
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }
        return (await client.SendAsync(request)).StatusCode;
    }

    private Task<List<XElement>> StoredKeysAsync() =>
        app.QueryAsync(async db => (await db.DataProtectionKeys.AsNoTracking().Select(k => k.Xml!).ToListAsync()).Select(x => XElement.Parse(x)).ToList());

    [SkippableFact]
    public async Task Stored_data_protection_keys_hold_no_plaintext_key_material()
    {
        var cookie = await SignedInCookieAsync();
        Assert.Equal(HttpStatusCode.OK, await MyEnrollmentsStatusAsync(app, cookie));

        var keys = await StoredKeysAsync();
        var protector = app.Services.GetRequiredService<SecretProtector>();
        Assert.NotEmpty(keys);
        foreach (var key in keys)
        {
            Assert.DoesNotContain(key.Descendants(), e => e.Name.LocalName == "masterKey");
            var secret = Assert.Single(key.Descendants(DataProtectionKeyEncryptor.ElementName));
            Assert.Equal("AES-256-GCM", secret.Attribute("algorithm")?.Value);
            Assert.Equal(protector.KeyId, secret.Attribute("keyEncryptionKeyId")?.Value);

            // What the ciphertext hides really is the key, and none of it shows in the stored row.
            var masterKey = XElement.Parse(protector.UnprotectString(DataProtectionKeyEncryptor.FromXml(secret), DataProtectionKeyEncryptor.Purpose));
            var material = masterKey.Descendants().Single(e => e.Name.LocalName == "value").Value;
            Assert.True(Convert.FromBase64String(material).Length >= 32);
            Assert.DoesNotContain(material, key.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(material[..16], key.ToString(), StringComparison.Ordinal);
        }
    }

    [SkippableFact]
    public async Task Cookie_issued_by_one_node_is_accepted_by_another_sharing_database_and_kek()
    {
        var cookie = await SignedInCookieAsync();

        using var secondNode = app.WithWebHostBuilder(_ => { });

        Assert.Equal(HttpStatusCode.OK, await MyEnrollmentsStatusAsync(secondNode, cookie));
        Assert.Equal(HttpStatusCode.Unauthorized, await MyEnrollmentsStatusAsync(secondNode, null));
        // The second node made no key of its own: it read the first node's.
        Assert.Single(await StoredKeysAsync());
    }

    [SkippableFact]
    public async Task Node_with_another_kek_refuses_to_start_and_says_why()
    {
        await SignedInCookieAsync();
        var otherKek = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var logs = new LogCapture();

        using var misconfigured = app.WithWebHostBuilder(builder => builder
            .UseSetting("DataProtection:KeyEncryptionKey", otherKek)
            .ConfigureServices(services => services.AddSingleton<ILoggerProvider>(logs)));
        var started = Record.Exception(() => ClientOf(misconfigured).GetAsync("/health").GetAwaiter().GetResult());

        Assert.NotNull(started);
        var reason = Assert.Single(logs.Messages, m => m.StartsWith("Microcred cannot start:", StringComparison.Ordinal));
        var expectedId = app.Services.GetRequiredService<SecretProtector>().KeyId;
        var otherId = SecretProtector.IdOf(Convert.FromBase64String(otherKek));
        Assert.Matches("^Microcred cannot start: Data-protection key key-[0-9a-f-]{36} in the database cannot be opened\\. ", reason);
        Assert.Contains($"The data-protection key was encrypted under key-encryption key {expectedId}, but DataProtection:KeyEncryptionKey is key {otherId}.", reason);
        // It refused before creating a key of its own that the other nodes could not read.
        Assert.Single(await StoredKeysAsync());
    }

    [SkippableFact]
    public async Task Keys_stored_unencrypted_before_are_encrypted_when_a_node_starts_and_still_work()
    {
        var cookie = await SignedInCookieAsync();
        // Put the key back in the unencrypted form the site wrote before key encryption existed.
        await app.WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<AppDbContext>();
            foreach (var row in await db.DataProtectionKeys.ToListAsync())
            {
                var key = XElement.Parse(row.Xml!);
                foreach (var wrapper in key.Descendants(DataProtection + "encryptedSecret").ToList())
                {
                    wrapper.ReplaceWith(new DataProtectionKeyDecryptor(services).Decrypt(wrapper.Elements().Single()));
                }
                row.Xml = key.ToString(SaveOptions.DisableFormatting);
            }
            return await db.SaveChangesAsync();
        });
        Assert.Single(await StoredKeysAsync(), k => k.Descendants().Any(e => e.Name.LocalName == "masterKey"));

        using var restarted = app.WithWebHostBuilder(_ => { });

        Assert.Equal(HttpStatusCode.OK, await MyEnrollmentsStatusAsync(restarted, cookie));
        var key = Assert.Single(await StoredKeysAsync());
        Assert.DoesNotContain(key.Descendants(), e => e.Name.LocalName == "masterKey");
        Assert.Single(key.Descendants(DataProtectionKeyEncryptor.ElementName));
        Assert.Equal(typeof(DataProtectionKeyDecryptor).AssemblyQualifiedName, key.Descendants(DataProtection + "encryptedSecret").Single().Attribute("decryptorType")?.Value);
    }
}

public sealed class SqliteStoredKeyTests() : StoredKeyTests(new SqliteAppFactory());

public sealed class PostgresStoredKeyTests() : StoredKeyTests(new PostgresAppFactory());
