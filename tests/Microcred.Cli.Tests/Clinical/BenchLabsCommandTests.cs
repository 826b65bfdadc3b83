using Microcred.Cli.Clinical;
using Microcred.Clinical.Labs;

namespace Microcred.Cli.Tests.Clinical;

public sealed class BenchLabsCommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "microcred-bench-labs-cli-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static CliRunner.Result Run(params string[] args) => CliRunner.Run(root =>
    {
        root.Add(BenchLabsCommand.Create());
        root.AddLabCommands();
    }, args);

    [Fact]
    public void Bench_labs_times_the_graders_beside_the_sql_reference_and_passes_them()
    {
        var (code, output, error) = Run("bench-labs", "--patients", "300", "--repetitions", "1", "--lab", "5", "--lab", "visit-forecast", "--work-dir", _root);

        Assert.True(code == 0, error + output);
        Assert.Contains("Lab grading benchmark: 2 labs, 300 patients", output, StringComparison.Ordinal);
        Assert.Contains("load average", output, StringComparison.Ordinal);
        var diabetes = output.Split('\n').Single(l => l.StartsWith("5 ", StringComparison.Ordinal));
        Assert.Contains("diabetes-quality-measure", diabetes, StringComparison.Ordinal);
        Assert.Contains("model answer", diabetes, StringComparison.Ordinal);
        Assert.Contains(" 100 ", diabetes, StringComparison.Ordinal);
        Assert.Contains("yes", diabetes, StringComparison.Ordinal);
        Assert.EndsWith("PASS", diabetes.TrimEnd(), StringComparison.Ordinal);
        Assert.Contains("visit-forecast", output, StringComparison.Ordinal);
        Assert.Contains("2 of 2 gradings pass", output, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_root));
    }

    [Fact]
    public void Bench_labs_times_the_deidentification_model_answer_and_the_unchanged_table()
    {
        var (code, output, error) = Run("bench-labs", "--patients", "100", "--repetitions", "1", "--lab", "10", "--work-dir", _root);

        Assert.True(code == 0, error + output);
        var rows = output.Split('\n').Where(l => l.StartsWith("10 ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Contains("model answer", rows[0], StringComparison.Ordinal);
        Assert.Contains(" 100 ", rows[0], StringComparison.Ordinal);
        Assert.Contains("worst case", rows[1], StringComparison.Ordinal);
        Assert.Contains(" 20 ", rows[1], StringComparison.Ordinal);
        Assert.All(rows, row => Assert.EndsWith("PASS", row.TrimEnd(), StringComparison.Ordinal));
        Assert.Contains("the table unchanged (every identifier left in)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Bench_labs_exits_1_and_names_the_grading_when_a_target_is_missed()
    {
        var (code, output, _) = Run("bench-labs", "--patients", "100", "--repetitions", "1", "--lab", "4", "--target-ms", "0.000001", "--work-dir", _root);

        Assert.Equal(1, code);
        Assert.EndsWith("FAIL", output.Split('\n').Single(l => l.StartsWith("4 ", StringComparison.Ordinal)).TrimEnd(), StringComparison.Ordinal);
        Assert.Contains("FAIL lab 4 (model answer):", output, StringComparison.Ordinal);
        Assert.Contains("over the target", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--patients", "10", "--patients must be 100 to 1,000,000")]
    [InlineData("--repetitions", "0", "--repetitions 1 to 100")]
    [InlineData("--target-ms", "0", "--target-ms must be a positive number")]
    [InlineData("--lab", "nope", "Unknown lab 'nope'")]
    public void Bench_labs_refuses_bad_options_with_exit_2_and_a_message(string option, string value, string expected)
    {
        var (code, output, error) = Run("bench-labs", option, value);

        Assert.Equal(2, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Contains("Run 'microcred bench-labs --help' for usage.", error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, output);
    }

    [Fact]
    public void Lab_grade_grades_a_model_answer_of_an_analytics_lab_through_the_command_line()
    {
        Directory.CreateDirectory(_root);
        var path = Path.Combine(_root, "forecast.csv");
        var lab = (ILabModelAnswer)LabCatalog.Default.Find("visit-forecast")!;
        File.WriteAllText(path, lab.CreateModelAnswer(new LabScenarioRequest(9)).Content);

        var (code, output, error) = Run("lab", "grade", "8", "--seed", "9", path);

        Assert.True(code == 0, error);
        Assert.True(output.Contains("\"score\": 100", StringComparison.Ordinal), output);
    }
}
