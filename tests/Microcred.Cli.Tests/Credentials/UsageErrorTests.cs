namespace Microcred.Cli.Tests.Credentials;

public class UsageErrorTests
{
    [Theory]
    [InlineData(new[] { "keygen" }, "Option '--out' is required.")]
    [InlineData(new[] { "keygen", "--out" }, "--out")]
    [InlineData(new[] { "keygen", "--out", "x.json", "--bogus" }, "Unrecognized command or argument '--bogus'.")]
    [InlineData(new[] { "issue" }, "Option '--key' is required.")]
    [InlineData(new[] { "issue", "--key", "/nonexistent/key.json", "--achievement", "a.json", "--recipient", "a@example.org", "--name", "A" }, "Cannot read the key file")]
    [InlineData(new[] { "verify" }, "input")]
    [InlineData(new[] { "verify", "/nonexistent/credential.json" }, "is neither a file nor a directory")]
    [InlineData(new[] { "verify", "--now", "someday", "-" }, "--now 'someday' is not a date")]
    [InlineData(new[] { "status-list" }, "Choose a subcommand")]
    [InlineData(new[] { "status-list", "create", "--purpose", "expiry" }, "Argument 'expiry' not recognized")]
    [InlineData(new[] { "status-list", "revoke", "--key", "k.json", "--list", "l.json", "--index", "seven" }, "seven")]
    [InlineData(new[] { "bench", "--count", "5" }, "--count must be between 10 and 100,000.")]
    public async Task Usage_mistakes_exit_2_with_a_helpful_message(string[] args, string expected)
    {
        var run = await CliRunner.RunAsync(args);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
        Assert.Contains("--help' for usage.", run.Error, StringComparison.Ordinal);
        Assert.Equal("", run.Output);
    }

    [Fact]
    public async Task Keygen_writes_a_secret_key_file_and_refuses_to_overwrite_it()
    {
        using var temp = new TempFolder();
        var path = temp.File("issuer.json");

        var first = await CliRunner.RunAsync("keygen", "--out", path);
        Assert.Equal(0, first.ExitCode);
        Assert.StartsWith("did:key:z6Mk", first.Output, StringComparison.Ordinal);
        Assert.Contains("secret key", first.Error, StringComparison.Ordinal);
        var json = File.ReadAllText(path);
        Assert.Contains("secretKeyMultibase", json, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        var second = await CliRunner.RunAsync("keygen", "--out", path);
        Assert.Equal(2, second.ExitCode);
        Assert.Contains("pass --force", second.Error, StringComparison.Ordinal);
        Assert.Equal(json, File.ReadAllText(path));

        Assert.Equal(0, (await CliRunner.RunAsync("keygen", "--out", path, "--force")).ExitCode);
        Assert.NotEqual(json, File.ReadAllText(path));
    }

    [Fact]
    public async Task Invalid_achievement_file_lists_every_problem()
    {
        using var temp = new TempFolder();
        var key = temp.File("key.json");
        await CliRunner.RunAsync("keygen", "--out", key);
        var achievement = temp.File("ach.json");
        File.WriteAllText(achievement, """{"id":"not-a-uri","name":"","description":"D","criteria":{}}""");

        var run = await CliRunner.RunAsync("issue", "--key", key, "--achievement", achievement, "--recipient", "a@example.org", "--name", "Avery Sample");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("achievement.id \"not-a-uri\" is not an absolute URI.", run.Error, StringComparison.Ordinal);
        Assert.Contains("achievement.name is required", run.Error, StringComparison.Ordinal);
        Assert.Contains("achievement.criteria needs a narrative", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue_with_a_bad_recipient_address_is_a_usage_error()
    {
        using var temp = new TempFolder();
        var key = temp.File("key.json");
        await CliRunner.RunAsync("keygen", "--out", key);
        var run = await CliRunner.RunAsync("issue", "--key", key, "--achievement", ExampleAchievement, "--recipient", "not-an-address", "--name", "Avery Sample");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("is not an e-mail address", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_issuance_refuses_single_credential_options()
    {
        using var temp = new TempFolder();
        var key = temp.File("key.json");
        await CliRunner.RunAsync("keygen", "--out", key);
        var run = await CliRunner.RunAsync("issue", "--key", key, "--demo", "--count", "2", "--out", temp.File("d.jsonl"), "--recipient", "a@example.org");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--demo makes its own", run.Error, StringComparison.Ordinal);
    }

    internal static string ExampleAchievement
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "src", "Microcred.Cli", "Credentials", "examples", "achievement.json");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
            throw new FileNotFoundException("src/Microcred.Cli/Credentials/examples/achievement.json was not found above the test output folder.");
        }
    }
}
