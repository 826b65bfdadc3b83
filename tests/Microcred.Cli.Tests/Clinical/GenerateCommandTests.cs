using Microcred.Cli.Clinical;

namespace Microcred.Cli.Tests.Clinical;

public sealed class GenerateCommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "microcred-cli-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static CliRunner.Result Run(params string[] args) => CliRunner.Run(root => root.AddClinicalCommands(), args);

    [Theory]
    [InlineData("fhir", "reference-data.json")]
    [InlineData("ndjson", "Patient.ndjson")]
    [InlineData("csv", "patients.csv")]
    [InlineData("sqlite", "population.db")]
    public void Generate_writes_a_small_population_in_each_format(string format, string expectedFile)
    {
        var directory = Path.Combine(_root, format);
        var (code, output, error) = Run("generate", "--patients", "25", "--seed", "7", "--out", directory, "--format", format);
        Assert.True(code == 0, error);
        Assert.True(File.Exists(Path.Combine(directory, expectedFile)), expectedFile);
        Assert.True(File.Exists(Path.Combine(directory, "NOTICE.txt")));
        Assert.Contains("Wrote 25 synthetic patients", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_with_the_wyoming_region_and_an_as_of_date_uses_them()
    {
        var directory = Path.Combine(_root, "wy");
        var (code, _, error) = Run("generate", "-n", "15", "-s", "3", "-o", directory, "-f", "csv", "--region", "wyoming", "--as-of", "2024-06-30");
        Assert.True(code == 0, error);
        var patients = File.ReadAllLines(Path.Combine(directory, "patients.csv")).Skip(1).ToList();
        Assert.Equal(15, patients.Count);
        Assert.All(patients, line => Assert.Contains(",WY,", line, StringComparison.Ordinal));
        Assert.Contains("as of 2024-06-30", File.ReadAllText(Path.Combine(directory, "NOTICE.txt")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0", "--patients must be between 1 and 1,000,000")]
    [InlineData("1000001", "--patients must be between 1 and 1,000,000")]
    public void Generate_refuses_a_patient_count_out_of_range(string count, string message)
    {
        var (code, _, error) = Run("generate", "--patients", count, "--seed", "1", "--out", Path.Combine(_root, "x"));
        Assert.Equal(2, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_root, "x")));
    }

    [Fact]
    public void Generate_refuses_an_unknown_format_and_a_malformed_date()
    {
        var (code, _, error) = Run("generate", "-n", "5", "-s", "1", "-o", Path.Combine(_root, "x"), "-f", "xml");
        Assert.Equal(2, code);
        Assert.Contains("xml", error, StringComparison.Ordinal);
        (code, _, error) = Run("generate", "-n", "5", "-s", "1", "-o", Path.Combine(_root, "x"), "--as-of", "31/12/2025");
        Assert.Equal(2, code);
        Assert.Contains("--as-of must be a date written yyyy-MM-dd", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_requires_seed_and_output_directory()
    {
        var (code, _, error) = Run("generate", "-n", "5");
        Assert.Equal(2, code);
        Assert.Contains("--seed", error, StringComparison.Ordinal);
        Assert.Contains("--out", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_refuses_a_non_empty_directory_unless_forced_and_force_keeps_foreign_files()
    {
        var directory = Path.Combine(_root, "busy");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "notes.txt"), "keep me");
        var (code, _, error) = Run("generate", "-n", "5", "-s", "1", "-o", directory, "-f", "csv");
        Assert.Equal(2, code);
        Assert.Contains("is not empty", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(directory, "patients.csv")));

        (code, _, error) = Run("generate", "-n", "5", "-s", "1", "-o", directory, "-f", "csv", "--force");
        Assert.True(code == 0, error);
        (code, _, error) = Run("generate", "-n", "5", "-s", "1", "-o", directory, "-f", "ndjson", "--force");
        Assert.True(code == 0, error);
        Assert.False(File.Exists(Path.Combine(directory, "patients.csv")));
        Assert.True(File.Exists(Path.Combine(directory, "Patient.ndjson")));
        Assert.Equal("keep me", File.ReadAllText(Path.Combine(directory, "notes.txt")));
    }

    [Fact]
    public void Generate_refuses_an_output_path_that_is_a_file()
    {
        Directory.CreateDirectory(_root);
        var file = Path.Combine(_root, "a-file");
        File.WriteAllText(file, "x");
        var (code, _, error) = Run("generate", "-n", "5", "-s", "1", "-o", file);
        Assert.Equal(2, code);
        Assert.Contains("is a file", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_is_deterministic_from_the_command_line()
    {
        var a = Path.Combine(_root, "a");
        var b = Path.Combine(_root, "b");
        Assert.Equal(0, Run("generate", "-n", "20", "-s", "99", "-o", a, "-f", "ndjson").ExitCode);
        Assert.Equal(0, Run("generate", "-n", "20", "-s", "99", "-o", b, "-f", "ndjson").ExitCode);
        foreach (var file in Directory.GetFiles(a))
        {
            Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(Path.Combine(b, Path.GetFileName(file))));
        }
    }

    [Fact]
    public void Bench_clinical_prints_rates_for_each_format_it_is_asked_for()
    {
        var (code, output, error) = Run("bench-clinical", "--patients", "300", "--memory-patients", "400", "--memory-format", "csv", "--formats", "csv", "ndjson", "--work-dir", Path.Combine(_root, "bench"));
        Assert.True(code == 0, error);
        Assert.Contains("generation/s", output, StringComparison.Ordinal);
        Assert.Contains("tables: CSV", output, StringComparison.Ordinal);
        Assert.Contains("FHIR NDJSON", output, StringComparison.Ordinal);
        Assert.Contains("Working set", output, StringComparison.Ordinal);
        var lines = output.Split('\n', StringSplitOptions.TrimEntries);
        foreach (var label in new[] { "tables: CSV", "FHIR NDJSON" })
        {
            // Each format's line carries its rate, the processor time and rate per CPU-second, the generation rate
            // beside it, the target and the verdict.
            var line = Assert.Single(lines, l => l.StartsWith(label, StringComparison.Ordinal));
            Assert.Matches(@"^\S+ \S+\s+\d+\s+[\d.]+\s+[\d.]+\s+\d+\s+\d+\s+\d+\s+[\d.]+\s+2000\s+(PASS|FAIL)$", line);
        }
        Assert.Contains(lines, l => l.StartsWith("Target 2,000 patients/s: ", StringComparison.Ordinal));
    }

    [Fact]
    public void Bench_clinical_measures_bundles_beside_writing_the_same_files_bare_and_leaves_no_output_behind()
    {
        var work = Path.Combine(_root, "bench-bundles");
        var (code, output, error) = Run("bench-clinical", "--patients", "200", "--memory-patients", "0", "--formats", "fhir", "--work-dir", work);

        Assert.True(code == 0, error);
        var reference = Assert.Single(output.Split('\n', StringSplitOptions.TrimEntries), l => l.StartsWith("File system reference for FHIR bundles", StringComparison.Ordinal));
        Assert.Matches(@"the same 200 files \(\d+ MB\) written with nothing to format: \d+ files/s, [\d.]+ s, [\d.]+ CPU s; the bundle run reached \d+ % of that rate\.$", reference);
        Assert.Empty(Directory.EnumerateFileSystemEntries(work));
    }
}
