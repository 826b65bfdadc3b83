using System.Text.Json;
using Microcred.Cli.Clinical;

namespace Microcred.Cli.Tests.Clinical;

public sealed class LabsCommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "microcred-lab-cli-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static CliRunner.Result Run(params string[] args) => CliRunner.Run(root => root.AddLabCommands(), args);

    [Fact]
    public void Lab_list_shows_every_lab_with_area_and_threshold()
    {
        var (code, output, _) = Run("lab", "list");

        Assert.Equal(0, code);
        Assert.Contains("ehr-charting", output, StringComparison.Ordinal);
        Assert.Contains("medication-reconciliation", output, StringComparison.Ordinal);
        Assert.Contains("data-quality-audit", output, StringComparison.Ordinal);
        Assert.Contains("diagnosis-coding", output, StringComparison.Ordinal);
        Assert.Contains("safe-harbor-deidentification   billing-compliance         90", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Lab_scenario_writes_the_files_and_the_task_statement()
    {
        var directory = Path.Combine(_root, "coding");

        var (code, output, error) = Run("lab", "scenario", "diagnosis-coding", "--seed", "3", "--out", directory);

        Assert.True(code == 0, error);
        Assert.Contains("Start with README.md", output, StringComparison.Ordinal);
        Assert.Contains("## Submission format", File.ReadAllText(Path.Combine(directory, "README.md")), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(directory, "encounters.md")));
    }

    [Fact]
    public void Same_seed_writes_byte_identical_scenarios()
    {
        var a = Path.Combine(_root, "a");
        var b = Path.Combine(_root, "b");

        Run("lab", "scenario", "10", "-s", "4", "-o", a, "--param", "patients=15");
        Run("lab", "scenario", "10", "-s", "4", "-o", b, "--param", "patients=15");

        Assert.Equal(File.ReadAllBytes(Path.Combine(a, "patients.csv")), File.ReadAllBytes(Path.Combine(b, "patients.csv")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(a, "README.md")), File.ReadAllBytes(Path.Combine(b, "README.md")));
    }

    [Fact]
    public void Lab_grade_prints_the_grade_as_json_and_exits_zero_even_when_failing()
    {
        Directory.CreateDirectory(_root);
        var file = Path.Combine(_root, "codes.csv");
        File.WriteAllText(file, "case_id,sequence,code_system,code\nC01,1,ICD-10-CM,I10\n");

        var (code, output, error) = Run("lab", "grade", "4", "--seed", "3", file);

        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("diagnosis-coding", json.RootElement.GetProperty("lab").GetString());
        Assert.False(json.RootElement.GetProperty("passed").GetBoolean());
        Assert.Equal(5, json.RootElement.GetProperty("criteria").GetArrayLength());
        Assert.Contains("feedback", json.RootElement.GetProperty("criteria")[0].EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Lab_grade_of_a_hostile_file_still_exits_zero_with_the_reason()
    {
        Directory.CreateDirectory(_root);
        var file = Path.Combine(_root, "deep.json");
        File.WriteAllText(file, new string('[', 10_000));

        var (code, output, _) = Run("lab", "grade", "medication-reconciliation", "--seed", "1", file);

        Assert.Equal(0, code);
        Assert.Contains("nested more than 32 levels", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_lab_exits_2_and_names_the_known_labs()
    {
        var (code, _, error) = Run("lab", "grade", "no-such-lab", "--seed", "1", "x.csv");

        Assert.Equal(2, code);
        Assert.Contains("Run 'microcred lab ", error, StringComparison.Ordinal);
        Assert.Contains("Unknown lab 'no-such-lab'", error, StringComparison.Ordinal);
        Assert.Contains("4 (diagnosis-coding)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Unreadable_submission_path_exits_2()
    {
        var (code, _, error) = Run("lab", "grade", "4", "--seed", "1", Path.Combine(_root, "missing.csv"));

        Assert.Equal(2, code);
        Assert.Contains("Run 'microcred lab ", error, StringComparison.Ordinal);
        Assert.Contains("Cannot read the submission file", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("patients=abc", "must be written name=whole-number")]
    [InlineData("shoes=3", "has no parameter 'shoes'")]
    [InlineData("patients=5", "must be between 10 and 2000")]
    public void Bad_scenario_parameters_exit_2(string parameter, string message)
    {
        var (code, _, error) = Run("lab", "scenario", "10", "--seed", "1", "--out", Path.Combine(_root, "p"), "--param", parameter);

        Assert.Equal(2, code);
        Assert.Contains("Run 'microcred lab ", error, StringComparison.Ordinal);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }
}
