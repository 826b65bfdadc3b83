using System.Net;
using Microcred.Web.Data;
using Microcred.Web.Features.Catalog.Content;
using Microcred.Web.Features.Identity;
using Microcred.Web.Tests.Catalog;
using Microcred.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Microcred.Web.Tests.Data;

/// Two nodes of one deployment starting at the same moment on one database: migrations, the
/// stored-key check, the catalog and the demo accounts each happen once, and both nodes serve.
public abstract class StartupLockTests : IAsyncLifetime
{
    private readonly MicrocredAppFactory app;

    protected StartupLockTests(MicrocredAppFactory app)
    {
        app.EnsureAvailable();
        // The real catalog: the largest content there is, so seeding takes long enough to overlap.
        app.ContentPath = RealCatalog.ContentPath;
        this.app = app;
    }

    public Task InitializeAsync() => app.InitializeAsync();

    Task IAsyncLifetime.DisposeAsync() => ((IAsyncLifetime)app).DisposeAsync();

    private WebApplicationFactory<Program> Node() =>
        app.WithWebHostBuilder(builder => builder.UseSetting("Seed:DemoAccounts", "true"));

    private static async Task<HttpStatusCode> HealthAsync(WebApplicationFactory<Program> node)
    {
        using var client = node.CreateClient();
        return (await client.GetAsync("/health")).StatusCode;
    }

    private static async Task<T> QueryAsync<T>(WebApplicationFactory<Program> node, Func<AppDbContext, Task<T>> query)
    {
        await using var scope = node.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    [SkippableFact]
    public async Task Two_nodes_starting_together_on_a_fresh_database_both_serve_and_seed_everything_once()
    {
        using var first = Node();
        using var second = Node();
        using var ready = new Barrier(2);

        // Both start on thread-pool threads released at the same instant.
        await Task.WhenAll(new[] { first, second }.Select(node => Task.Run(() =>
        {
            ready.SignalAndWait();
            return node.Services;
        })));

        Assert.Equal(HttpStatusCode.OK, await HealthAsync(first));
        Assert.Equal(HttpStatusCode.OK, await HealthAsync(second));

        var content = ContentLoader.Load(RealCatalog.ContentPath);
        var stored = await QueryAsync(first, async db => new
        {
            Programs = await db.Programs.Select(p => p.Slug).ToListAsync(),
            Modules = await db.Modules.CountAsync(),
            Lessons = await db.Lessons.CountAsync(),
            Migrations = (await db.Database.GetAppliedMigrationsAsync()).ToList(),
        });
        Assert.Equal(content.Programs.Select(p => p.Slug).Order(), stored.Programs.Order());
        Assert.Equal(content.Programs.Sum(p => p.Modules.Count), stored.Modules);
        Assert.Equal(content.Programs.Sum(p => p.Modules.Sum(m => m.Lessons.Count)), stored.Lessons);
        Assert.Equal(stored.Migrations.Distinct(), stored.Migrations);

        var demoEmails = DemoAccounts.All.Select(a => a.Email.ToUpperInvariant()).ToList();
        var accounts = await QueryAsync(second, async db => new
        {
            Users = await db.Users.Where(u => demoEmails.Contains(u.NormalizedEmail!)).Select(u => u.NormalizedEmail).ToListAsync(),
            Memberships = await db.UserRoles.CountAsync(),
            Roles = await db.Roles.Select(r => r.Name).ToListAsync(),
        });
        Assert.Equal(demoEmails.Order(), accounts.Users.Order());
        Assert.Equal(DemoAccounts.All.Count, accounts.Memberships);
        Assert.Equal(Roles.All.Order(), accounts.Roles.Order());
    }

    [SkippableFact]
    public async Task Node_waits_while_another_holds_the_startup_lock_and_then_starts()
    {
        using var first = Node();
        Assert.Equal(HttpStatusCode.OK, await HealthAsync(first));
        using var second = Node();
        Task<IServiceProvider>? starting = null;

        await using (var scope = first.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await StartupLock.RunExclusiveAsync(db, async token =>
            {
                starting = Task.Run(() => second.Services);
                var finished = await Task.WhenAny(starting, Task.Delay(TimeSpan.FromSeconds(3), token));
                Assert.NotSame(starting, finished);
            }, NullLogger.Instance, CancellationToken.None);
        }

        await starting!.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(HttpStatusCode.OK, await HealthAsync(second));
    }
}

public sealed class SqliteStartupLockTests() : StartupLockTests(new SqliteAppFactory());

public sealed class PostgresStartupLockTests() : StartupLockTests(new PostgresAppFactory());
