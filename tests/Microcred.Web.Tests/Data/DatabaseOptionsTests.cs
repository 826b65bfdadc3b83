using Microcred.Web.Data;

namespace Microcred.Web.Tests.Data;

public sealed class DatabaseOptionsTests
{
    private static string? Validate(string provider, string? connectionString) =>
        new DatabaseOptionsValidator().Validate(null, new DatabaseOptions { Provider = provider, ConnectionString = connectionString }).FailureMessage;

    [Fact]
    public void Sqlite_without_a_connection_string_uses_the_data_folder()
    {
        Assert.Null(Validate("Sqlite", null));
        Assert.Equal("Data Source=data/microcred.db", new DatabaseOptions().EffectiveConnectionString);
    }

    [Theory]
    [InlineData("Oracle")]
    [InlineData("1")]
    [InlineData("")]
    public void Unknown_provider_is_refused_with_the_setting_named(string provider) =>
        Assert.Equal($"Database:Provider must be Sqlite or Postgres (it is '{provider}').", Validate(provider, null));

    [Fact]
    public void Postgres_needs_a_connection_string() =>
        Assert.Equal("ConnectionStrings:Default must be set when Database:Provider is Postgres.", Validate("postgres", null));

    [Fact]
    public void Description_for_the_log_never_includes_the_password()
    {
        var options = new DatabaseOptions { Provider = "Postgres", ConnectionString = "Host=db.example.org;Database=microcred;Username=app;Password=hunter22" };
        Assert.Equal("PostgreSQL database microcred on db.example.org:5432", options.Describe());
    }
}
