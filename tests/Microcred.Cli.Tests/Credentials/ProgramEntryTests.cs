namespace Microcred.Cli.Tests.Credentials;

/// <summary>The credential commands through the real <c>microcred</c> entry point, as a separate process.</summary>
public class ProgramEntryTests
{
    private static CliRunner.Result Microcred(string? stdin, params string[] args) => MicrocredProcess.Run(stdin, args);

    [Fact]
    public async Task Credentials_piped_to_verify_on_stdin_are_checked_and_usage_errors_exit_2()
    {
        using var temp = new TempFolder();
        var key = temp.File("issuer.json");
        await CliRunner.RunAsync("keygen", "--out", key);
        var good = (await CliRunner.RunAsync("issue", "--key", key, "--achievement", UsageErrorTests.ExampleAchievement, "--recipient", "avery@example.org", "--name", "Avery Sample")).Output;

        var verified = Microcred(good, "verify", "-");
        Assert.True(verified.ExitCode == 0, verified.Error);
        Assert.Contains("\"verified\":true", verified.Output, StringComparison.Ordinal);

        var forged = Microcred(good.Replace("Avery Sample", "Someone Else", StringComparison.Ordinal), "verify", "-");
        Assert.Equal(1, forged.ExitCode);
        Assert.Contains("\"verified\":false", forged.Output, StringComparison.Ordinal);

        var usage = Microcred(null, "verify", "--status-list");
        Assert.Equal(2, usage.ExitCode);
        Assert.Contains("--help' for usage.", usage.Error, StringComparison.Ordinal);
    }
}
