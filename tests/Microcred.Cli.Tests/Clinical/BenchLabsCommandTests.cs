using System.CommandLine;
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

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        var root = new RootCommand("test");
        root.Add(BenchLabsCommand.Create());
        root.AddLabCommands();
        var output = new StringWriter();
        var error = new StringWriter();
        var code = root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void Bench_labs_times_the_graders_beside_the_sql_reference_and_passes_them()
    {
        var (code, output, error) = Run("bench-labs", "--patients", "300", "--repetitions", "1", "--lab", "5", "--lab", "visit-forecast", "--work-dir", _root);

        Assert.True(code == 0, error + output);
        Assert.Contains("Lab grading benchmark: 2 labs, 300 patients", output, StringComparison.Ordinal);
        var diabetes = output.Split('\n').Single(l => l.StartsWith("5 ", StringComparison.Ordinal));
        Assert.Contains("diabetes-quality-measure", diabetes, StringComparison.Ordinal);
        Assert.Contains(" 100 ", diabetes, StringComparison.Ordinal);
        Assert.Contains("yes", diabetes, StringComparison.Ordinal);
        Assert.EndsWith("PASS", diabetes.TrimEnd(), StringComparison.Ordinal);
        Assert.Contains("visit-forecast", output, StringComparison.Ordinal);
        Assert.Contains("2 of 2 labs grade under 200 ms; 0 SQL disagreements.", output, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_root));
    }

    [Theory]
    [InlineData("--patients", "10", "--patients must be 100 to 1,000,000")]
    [InlineData("--repetitions", "0", "--repetitions 1 to 100")]
    [InlineData("--lab", "nope", "Unknown lab 'nope'")]
    public void Bench_labs_refuses_bad_options_with_a_message(string option, string value, string expected)
    {
        var (code, _, error) = Run("bench-labs", option, value);

        Assert.Equal(1, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
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
