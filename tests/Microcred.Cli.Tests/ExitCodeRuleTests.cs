using System.Text.Json;
using Microcred.Clinical.Labs;

namespace Microcred.Cli.Tests;

/// <summary>One exit-code rule across every command group, checked through the real entry point: 0 success,
/// 1 the work found a failure, 2 a usage error or a command that could not run.</summary>
public sealed class ExitCodeRuleTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("generate", "--patients", "0", "--seed", "1", "--out", "{temp}/population")]
    [InlineData("bench-clinical", "--patients", "0")]
    [InlineData("lab", "scenario", "no-such-lab", "--seed", "1", "--out", "{temp}/scenario")]
    [InlineData("lab", "grade", "4", "--seed", "1", "{temp}/missing.csv")]
    [InlineData("lab", "grade", "4", "--seed", "not-a-number", "{temp}/missing.csv")]
    [InlineData("bench-labs", "--repetitions", "0")]
    [InlineData("keygen")]
    [InlineData("verify", "{temp}/missing.json")]
    public void Usage_errors_and_commands_that_cannot_run_exit_2_with_a_hint_in_every_group(params string[] args)
    {
        var run = MicrocredProcess.Run(null, [.. args.Select(a => a.Replace("{temp}", _temp.Path, StringComparison.Ordinal))]);

        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}\n{run.Error}\n{run.Output}");
        Assert.StartsWith("error: ", run.Error, StringComparison.Ordinal);
        Assert.Contains("--help' for usage.", run.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Output);
    }

    [Fact]
    public void Lab_grade_exits_0_whether_the_submission_passes_or_fails()
    {
        var lab = LabCatalog.Default.Find("diagnosis-coding")!;
        var answer = ((ILabModelAnswer)lab).CreateModelAnswer(new LabScenarioRequest(1));
        var passing = _temp.File(answer.FileName);
        File.WriteAllText(passing, answer.Content);
        var failing = _temp.File("empty-codes.csv");
        File.WriteAllText(failing, "case_id,sequence,code_system,code\n");

        foreach (var (file, passed) in new[] { (passing, true), (failing, false) })
        {
            var run = MicrocredProcess.Run(null, "lab", "grade", "diagnosis-coding", "--seed", "1", file);

            Assert.True(run.ExitCode == 0, run.Error);
            using var json = JsonDocument.Parse(run.Output);
            Assert.Equal(passed, json.RootElement.GetProperty("passed").GetBoolean());
        }
    }

    [Fact]
    public void Help_exits_0_and_states_the_rule()
    {
        var run = MicrocredProcess.Run(null, "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Exit codes: 0 success; 1 the work ran and found a failure", run.Output, StringComparison.Ordinal);
    }
}
