using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microcred.Web.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Microcred.Web.Tests.Infrastructure;

/// The site on an in-memory test server, with its own empty database (a SQLite file in a temp
/// folder, or a fresh PostgreSQL database) and its own content and mail folders.
public abstract class MicrocredAppFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string PostgresVariable = "MICROCRED_TEST_POSTGRES";

    private readonly string folder = Path.Combine(Path.GetTempPath(), "microcred-tests", Guid.NewGuid().ToString("N")[..12]);
    private int visitorCount;

    protected MicrocredAppFactory()
    {
        Directory.CreateDirectory(folder);
    }

    public abstract string ProviderName { get; }

    /// Content root; tests may point it at another folder before the first request.
    public string ContentPath { get; set; } = Path.Combine(AppContext.BaseDirectory, "Fixtures", "content");

    public string MailFolder => Path.Combine(folder, "mail");

    /// This deployment's key-encryption key (base64), random per factory.
    public string KeyEncryptionKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    protected string TempFolder => folder;

    protected abstract string ConnectionString { get; }

    /// Skips the calling test when this provider is not available on the machine (but fails in CI).
    public virtual void EnsureAvailable()
    {
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", ProviderName);
        builder.UseSetting("ConnectionStrings:Default", ConnectionString);
        builder.UseSetting("Content:Path", ContentPath);
        builder.UseSetting("Email:PickupDirectory", MailFolder);
        builder.UseSetting("DataProtection:KeyEncryptionKey", KeyEncryptionKey);
        builder.UseSetting("Seed:DemoAccounts", "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:Console:FormatterName", "simple");
    }

    /// A browser-like client: cookies kept, redirects followed by hand so tests can see them.
    public Visitor CreateVisitor() =>
        new(CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("https://localhost"),
            AllowAutoRedirect = false,
            HandleCookies = true,
        }));

    public string NewEmail(string who = "learner") =>
        $"{who}-{Interlocked.Increment(ref visitorCount)}-{Guid.NewGuid().ToString("N")[..6]}@example.org";

    public async Task<Visitor> RegisterLearnerAsync(string? email = null, string password = Visitor.DefaultPassword)
    {
        var visitor = CreateVisitor();
        await visitor.RegisterAsync(email ?? NewEmail(), password);
        return visitor;
    }

    /// A JSON client holding a bearer token from the Identity API, for a freshly registered learner.
    public async Task<HttpClient> CreateApiLearnerAsync(string? email = null, string password = Visitor.DefaultPassword)
    {
        email ??= NewEmail("api");
        var client = CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), HandleCookies = false });
        var register = await client.PostAsJsonAsync("/api/v1/identity/register", new { email, password });
        register.EnsureSuccessStatusCode();
        var login = await client.PostAsJsonAsync("/api/v1/identity/login", new { email, password });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<TokenResponse>())!.AccessToken;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    internal async Task<T> QueryAsync<T>(Func<AppDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    internal async Task<T> WithServicesAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public virtual Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await DropDatabaseAsync();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a closing connection; the temp folder is cleaned by the OS.
        }
    }

    protected virtual Task DropDatabaseAsync() => Task.CompletedTask;

    private sealed record TokenResponse(string AccessToken);
}

public sealed class SqliteAppFactory : MicrocredAppFactory
{
    public override string ProviderName => "Sqlite";

    protected override string ConnectionString => $"Data Source={Path.Combine(TempFolder, "microcred.db")}";

    protected override Task DropDatabaseAsync()
    {
        SqliteConnection.ClearAllPools();
        return Task.CompletedTask;
    }
}

/// Runs only when MICROCRED_TEST_POSTGRES names a server whose role may create databases; each
/// factory creates `microcred_test_<random>` and drops it afterwards.
public sealed class PostgresAppFactory : MicrocredAppFactory
{
    private readonly string? serverConnectionString = Environment.GetEnvironmentVariable(PostgresVariable);
    private readonly string databaseName = "microcred_test_" + Guid.NewGuid().ToString("N")[..12];
    private bool created;

    public override string ProviderName => "Postgres";

    protected override string ConnectionString =>
        serverConnectionString is null
            ? "Host=unavailable"
            : new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = databaseName }.ConnectionString;

    public override void EnsureAvailable()
    {
        if (serverConnectionString is null && string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"CI must run the PostgreSQL tests: set {PostgresVariable}.");
        }
        Skip.If(serverConnectionString is null, $"PostgreSQL tests need {PostgresVariable} (an Npgsql connection string).");
    }

    public override async Task InitializeAsync()
    {
        if (serverConnectionString is null)
        {
            return;
        }
        await using var connection = new NpgsqlConnection(serverConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{databaseName}\"", connection);
        await command.ExecuteNonQueryAsync();
        created = true;
    }

    protected override async Task DropDatabaseAsync()
    {
        if (!created)
        {
            return;
        }
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(serverConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{databaseName}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
