using System.Diagnostics;
using Microcred.Clinical.Labs.Cohort;

namespace Microcred.Clinical.Labs.Benchmark;

/// <summary>What the lab benchmark runs.</summary>
public sealed record LabBenchmarkOptions
{
    /// <summary>Patients in the population-scale scenarios (labs whose <c>patients</c> parameter allows fewer use their maximum).</summary>
    public int Patients { get; init; } = 100_000;

    /// <summary>The scenario seed.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>Timed gradings (and reference queries) per lab, after untimed warm-up runs; the median is reported.</summary>
    public int Repetitions { get; init; } = 5;

    /// <summary>A grading at or above this many milliseconds fails the benchmark.</summary>
    public double TargetMilliseconds { get; init; } = 200;

    /// <summary>Directory for the SQLite reference databases (created if needed).</summary>
    public required string WorkDirectory { get; init; }
}

/// <summary>One lab's figures.</summary>
/// <param name="Number">Lab number.</param>
/// <param name="Slug">Lab slug.</param>
/// <param name="Scale">The scenario size used, in words (for example "100,000 patients").</param>
/// <param name="ScenarioSeconds">Time to build the scenario's truth and files (the shared population excluded).</param>
/// <param name="GradeMilliseconds">Median time of one grading.</param>
/// <param name="Score">Score of the graded submission.</param>
/// <param name="Submission">What was graded: the lab's model answer, or an empty submission for a lab without one.</param>
/// <param name="SqlMilliseconds">Median time of the reference SQL query, when the lab has one.</param>
/// <param name="SqlLoadSeconds">Time to load the scenario files into SQLite, when the lab has a reference.</param>
/// <param name="SqlDescription">What the reference query computes.</param>
/// <param name="SqlAgrees">Whether the query's figures equal the grader's.</param>
/// <param name="Passed">Whether the grading median is under the target.</param>
public sealed record LabBenchmarkResult(int Number, string Slug, string Scale, double ScenarioSeconds, double GradeMilliseconds, int Score, string Submission,
    double? SqlMilliseconds, double? SqlLoadSeconds, string? SqlDescription, bool? SqlAgrees, bool Passed)
{
    /// <summary>Grading time over reference-query time, when there is a reference.</summary>
    public double? Ratio => SqlMilliseconds is { } sql && sql > 0 ? GradeMilliseconds / sql : null;
}

/// <summary>
/// Times every lab's grader on one scenario per lab and, for the population-scale labs, a plain SQL query
/// over an SQLite file of the same scenario files computing the grader's core aggregate, so each grader's
/// time is read beside a reference measured in the same run on the same machine.
/// </summary>
public static class LabBenchmark
{
    /// <summary>The <see cref="LabBenchmarkResult.Submission"/> of a lab graded without a model answer.</summary>
    public const string EmptySubmission = "empty submission (no model answer)";

    /// <summary>Generates the shared population of the population-scale labs and returns the seconds it took.</summary>
    public static double GeneratePopulation(LabBenchmarkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clock = Stopwatch.StartNew();
        ScenarioPopulation.Get(options.Seed, options.Patients);
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>Runs one lab and returns its figures.</summary>
    public static LabBenchmarkResult Run(ILab lab, LabBenchmarkOptions options)
    {
        ArgumentNullException.ThrowIfNull(lab);
        ArgumentNullException.ThrowIfNull(options);
        var (request, scale) = RequestFor(lab, options);
        var clock = Stopwatch.StartNew();
        var scenario = lab.CreateScenario(request);
        var scenarioSeconds = clock.Elapsed.TotalSeconds;

        var (submission, kind) = lab is ILabModelAnswer model
            ? (model.CreateModelAnswer(request).ToSubmission(), "model answer")
            : (LabSubmission.FromText(string.Empty), EmptySubmission);
        var grade = lab.Grade(request, submission);
        WarmUp(() => lab.Grade(request, submission));
        var gradeMs = Median(options.Repetitions, () => lab.Grade(request, submission));

        double? sqlMs = null;
        double? loadSeconds = null;
        bool? agrees = null;
        string? description = null;
        if (lab is ILabSqlReference reference)
        {
            Directory.CreateDirectory(options.WorkDirectory);
            var path = Path.Combine(options.WorkDirectory, $"lab-{lab.Info.Number}.db");
            clock.Restart();
            ScenarioDatabase.Create(scenario, reference.SqlTables, path);
            loadSeconds = clock.Elapsed.TotalSeconds;
            using (var connection = ScenarioDatabase.Open(path))
            {
                var row = ScenarioDatabase.QueryRow(connection, reference.ReferenceSql);
                sqlMs = Median(options.Repetitions, () => ScenarioDatabase.QueryRow(connection, reference.ReferenceSql));
                agrees = Agrees(row, reference.CoreFigures(request));
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(path);
            description = reference.ReferenceDescription;
        }

        return new LabBenchmarkResult(lab.Info.Number, lab.Info.Slug, scale, scenarioSeconds, gradeMs, grade.Score, kind, sqlMs, loadSeconds, description, agrees,
            gradeMs < options.TargetMilliseconds);
    }

    private static (LabScenarioRequest Request, string Scale) RequestFor(ILab lab, LabBenchmarkOptions options)
    {
        var patients = lab.Parameters.FirstOrDefault(p => p.Name == "patients");
        if (patients is null)
        {
            var described = lab.Parameters.Count == 0 ? "fixed size" : string.Join(", ", lab.Parameters.Select(p => $"{p.Name} {p.DefaultValue}"));
            return (new LabScenarioRequest(options.Seed), described);
        }

        var count = Math.Clamp(options.Patients, patients.Minimum, patients.Maximum);
        var scale = count == options.Patients ? $"{count:N0} patients" : $"{count:N0} patients (the lab's maximum)";
        return (new LabScenarioRequest(options.Seed) { Parameters = new Dictionary<string, int> { ["patients"] = count } }, scale);
    }

    private static bool Agrees(IReadOnlyDictionary<string, double> sql, IReadOnlyDictionary<string, double> grader) =>
        sql.Count == grader.Count && grader.All(g => sql.TryGetValue(g.Key, out var s) && Math.Abs(s - g.Value) <= 1e-6 * Math.Max(1, Math.Abs(g.Value)));

    /// <summary>Runs the grader until the runtime has compiled its hot paths fully (tiered compilation
    /// promotes methods after repeated calls), so the timed runs measure the steady state a server reaches.</summary>
    private static void WarmUp(Action action)
    {
        var clock = Stopwatch.StartNew();
        for (var runs = 0; runs < 30 && (runs < 3 || clock.Elapsed < TimeSpan.FromSeconds(3)); runs++)
        {
            action();
        }

        // Promoted code is compiled in the background; give it time to be installed.
        Thread.Sleep(300);
        for (var runs = 0; runs < 3; runs++)
        {
            action();
        }
    }

    private static double Median(int repetitions, Action action)
    {
        var times = new List<double>(repetitions);
        for (var i = 0; i < Math.Max(1, repetitions); i++)
        {
            var clock = Stopwatch.StartNew();
            action();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return times[times.Count / 2];
    }
}
