using Microcred.Web.Data.Postgres;
using Microcred.Web.Data.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Microcred.Web.Data;

internal static class DataModule
{
    public static WebApplicationBuilder AddData(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.Section)
            .Configure<IConfiguration>((options, configuration) =>
                options.ConnectionString = configuration.GetConnectionString("Default"))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>();

        builder.Services.AddDbContext<SqliteAppDbContext>((services, options) =>
            options.UseSqlite(services.GetRequiredService<IOptions<DatabaseOptions>>().Value.EffectiveConnectionString));
        builder.Services.AddDbContext<PostgresAppDbContext>((services, options) =>
            options.UseNpgsql(services.GetRequiredService<IOptions<DatabaseOptions>>().Value.EffectiveConnectionString));
        // Everything else asks for AppDbContext; the configured provider decides which one it gets.
        builder.Services.AddScoped<AppDbContext>(services =>
            services.GetRequiredService<IOptions<DatabaseOptions>>().Value.ParsedProvider == DatabaseProvider.Postgres
                ? services.GetRequiredService<PostgresAppDbContext>()
                : services.GetRequiredService<SqliteAppDbContext>());
        return builder;
    }

    /// Creates the SQLite folder, applies the provider's migrations and switches SQLite to WAL.
    public static async Task MigrateDatabaseAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        var options = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        app.Logger.LogInformation("Database: {Database}", options.Describe());
        if (options.ParsedProvider == DatabaseProvider.Sqlite)
        {
            var file = new SqliteConnectionStringBuilder(options.EffectiveConnectionString).DataSource;
            var folder = Path.GetDirectoryName(Path.GetFullPath(file));
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }
        }

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            // WAL lets readers proceed while a writer commits; the setting persists in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }

    /// Runs every registered IStartupTask under the start-up lock, so that nodes starting together
    /// on one database take turns.
    public static async Task RunStartupTasksAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await StartupLock.RunExclusiveAsync(db, async token =>
        {
            foreach (var task in scope.ServiceProvider.GetServices<IStartupTask>())
            {
                await task.RunAsync(token);
            }
        }, app.Logger, cancellationToken);
    }
}
