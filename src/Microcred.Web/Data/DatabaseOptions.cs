using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Microcred.Web.Data;

internal enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// `Database:Provider` (Sqlite or Postgres) and `ConnectionStrings:Default`.
internal sealed class DatabaseOptions
{
    public const string Section = "Database";
    public const string DefaultSqliteConnectionString = "Data Source=data/microcred.db";

    public string Provider { get; set; } = nameof(DatabaseProvider.Sqlite);

    /// Filled from `ConnectionStrings:Default`, the standard place for it.
    public string? ConnectionString { get; set; }

    public DatabaseProvider ParsedProvider =>
        Enum.TryParse<DatabaseProvider>(Provider, ignoreCase: true, out var provider) ? provider : DatabaseProvider.Sqlite;

    public string EffectiveConnectionString =>
        string.IsNullOrWhiteSpace(ConnectionString) && ParsedProvider == DatabaseProvider.Sqlite
            ? DefaultSqliteConnectionString
            : ConnectionString ?? "";

    /// Where the data lives, for the start-up log; never includes a password.
    public string Describe()
    {
        if (ParsedProvider == DatabaseProvider.Sqlite)
        {
            var dataSource = new SqliteConnectionStringBuilder(EffectiveConnectionString).DataSource;
            return $"SQLite file {Path.GetFullPath(dataSource)}";
        }
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(EffectiveConnectionString);
        return $"PostgreSQL database {builder.Database} on {builder.Host}:{builder.Port}";
    }
}

internal sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        if (!Enum.TryParse<DatabaseProvider>(options.Provider, ignoreCase: true, out var provider)
            || !Enum.IsDefined(provider) || int.TryParse(options.Provider, out _))
        {
            return ValidateOptionsResult.Fail(
                $"Database:Provider must be Sqlite or Postgres (it is '{options.Provider}').");
        }
        if (provider == DatabaseProvider.Postgres && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail(
                "ConnectionStrings:Default must be set when Database:Provider is Postgres.");
        }
        try
        {
            _ = options.Describe();
        }
        catch (ArgumentException ex)
        {
            return ValidateOptionsResult.Fail($"ConnectionStrings:Default is not a valid {provider} connection string: {ex.Message}");
        }
        return ValidateOptionsResult.Success;
    }
}
