using System.Diagnostics;
using System.Globalization;
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

    /// <summary>A grading that takes this many milliseconds of processor time or more fails the benchmark.</summary>
    public double TargetMilliseconds { get; init; } = 200;

    /// <summary>Scratch directory for the scenario files and the SQLite reference databases (created if needed).</summary>
    public required string WorkDirectory { get; init; }
}

/// <summary>One graded submission's figures: a lab's model answer, or a slower realistic submission of the same lab.</summary>
/// <param name="Number">Lab number.</param>
/// <param name="Slug">Lab slug.</param>
/// <param name="Scale">The scenario size used, in words (for example "100,000 patients").</param>
/// <param name="ScenarioSeconds">Time to build the scenario and write its files to disk (the shared population excluded).</param>
/// <param name="GradeMilliseconds">Median wall-clock time of one grading.</param>
/// <param name="GradeCpuMilliseconds">Median processor time of one grading (the process's, so garbage collection counts).</param>
/// <param name="Score">Score of the graded submission.</param>
/// <param name="Submission">What was graded: <see cref="LabBenchmark.ModelAnswer"/> or a lab's slower case.</param>
/// <param name="ExpectedScore">The score the submission must get (100 for a model answer), or null when any score will do.</param>
/// <param name="SqlMilliseconds">Median time of the reference SQL query, when the lab has one.</param>
/// <param name="SqlLoadSeconds">Time to load the scenario files into SQLite, when the lab has a reference.</param>
/// <param name="SqlDescription">What the reference query computes.</param>
/// <param name="SqlAgrees">Whether the query's figures equal the grader's.</param>
/// <param name="TargetMilliseconds">The per-grading target the row is judged against.</param>
public sealed record LabBenchmarkResult(int Number, string Slug, string Scale, double ScenarioSeconds, double GradeMilliseconds, double GradeCpuMilliseconds,
    int Score, string Submission, int? ExpectedScore, double? SqlMilliseconds, double? SqlLoadSeconds, string? SqlDescription, bool? SqlAgrees, double TargetMilliseconds)
{
    /// <summary>Grading time over reference-query time, when there is a reference.</summary>
    public double? Ratio => SqlMilliseconds is { } sql && sql > 0 ? GradeMilliseconds / sql : null;

    /// <summary>Under the target in processor time, with the expected score and, where there is a reference, the same figures as SQL.
    /// Processor time, because on a machine shared with other work the wall clock also counts that work.</summary>
    public bool Passed => GradeCpuMilliseconds < TargetMilliseconds && (ExpectedScore is null || Score == ExpectedScore) && SqlAgrees != false;

    /// <summary>Why the row failed, or null when it passed.</summary>
    public string? Failure =>
        ExpectedScore is { } expected && Score != expected ? string.Create(CultureInfo.InvariantCulture, $"scored {Score}, not {expected}")
        : SqlAgrees == false ? "the SQL reference disagrees with the grader"
        : GradeCpuMilliseconds >= TargetMilliseconds ? string.Create(CultureInfo.InvariantCulture, $"{GradeCpuMilliseconds:0.0} ms of processor time, over the target")
        : null;
}

/// <summary>
/// Times every lab's grader on its model answer (and on a slower realistic submission where a lab has one) on
/// one scenario per lab and, for the population-scale labs, a plain SQL query over an SQLite file of the same
/// scenario files computing the grader's core aggregate, so each grader's time is read beside a reference
/// measured in the same run on the same machine.
/// </summary>
public static class LabBenchmark
{
    /// <summary>The <see cref="LabBenchmarkResult.Submission"/> of a lab's model answer.</summary>
    public const string ModelAnswer = "model answer";

    /// <summary>Generates the shared population of the population-scale labs and returns the seconds it took.</summary>
    public static double GeneratePopulation(LabBenchmarkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clock = Stopwatch.StartNew();
        ScenarioPopulation.Get(options.Seed, options.Patients);
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>Runs one lab: its model answer first, then any slower case. Throws
    /// <see cref="InvalidOperationException"/> for a lab without a model answer.</summary>
    public static IReadOnlyList<LabBenchmarkResult> Run(ILab lab, LabBenchmarkOptions options)
    {
        ArgumentNullException.ThrowIfNull(lab);
        ArgumentNullException.ThrowIfNull(options);
        if (lab is not ILabModelAnswer model)
        {
            throw new InvalidOperationException($"Lab {lab.Info.Number} has no model answer (ILabModelAnswer), so its grader cannot be timed on a full answer.");
        }

        var (request, scale) = RequestFor(lab, options);
        Directory.CreateDirectory(options.WorkDirectory);
        var clock = Stopwatch.StartNew();
        var scenario = lab.CreateScenario(request);
        var files = Path.Combine(options.WorkDirectory, $"lab-{lab.Info.Number}-scenario");
        scenario.WriteTo(files);
        var scenarioSeconds = clock.Elapsed.TotalSeconds;
        Directory.Delete(files, recursive: true);

        var (answerMs, answerCpuMs, answerScore) = TimeGrading(lab, request, model.CreateModelAnswer(request).ToSubmission(), options);
        double? sqlMs = null;
        double? loadSeconds = null;
        bool? agrees = null;
        string? description = null;
        if (lab is ILabSqlReference reference)
        {
            var path = Path.Combine(options.WorkDirectory, $"lab-{lab.Info.Number}.db");
            clock.Restart();
            ScenarioDatabase.Create(scenario, reference.SqlTables, path);
            loadSeconds = clock.Elapsed.TotalSeconds;
            using (var connection = ScenarioDatabase.Open(path))
            {
                var row = ScenarioDatabase.QueryRow(connection, reference.ReferenceSql);
                sqlMs = Median(options.Repetitions, () => ScenarioDatabase.QueryRow(connection, reference.ReferenceSql)).Wall;
                agrees = Agrees(row, reference.CoreFigures(request));
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(path);
            description = reference.ReferenceDescription;
        }

        var results = new List<LabBenchmarkResult>
        {
            new(lab.Info.Number, lab.Info.Slug, scale, scenarioSeconds, answerMs, answerCpuMs, answerScore, ModelAnswer, 100,
                sqlMs, loadSeconds, description, agrees, options.TargetMilliseconds),
        };
        if (lab is ILabWorstCase worst)
        {
            var (ms, cpuMs, score) = TimeGrading(lab, request, worst.CreateWorstCase(request), options);
            results.Add(new LabBenchmarkResult(lab.Info.Number, lab.Info.Slug, scale, scenarioSeconds, ms, cpuMs, score, worst.WorstCaseDescription, null,
                null, null, null, null, options.TargetMilliseconds));
        }

        return results;
    }

    private static (double Wall, double Cpu, int Score) TimeGrading(ILab lab, LabScenarioRequest request, LabSubmission submission, LabBenchmarkOptions options)
    {
        var grade = lab.Grade(request, submission);
        WarmUp(() => lab.Grade(request, submission));
        var (wall, cpu) = Median(options.Repetitions, () => lab.Grade(request, submission));
        return (wall, cpu, grade.Score);
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

    /// <summary>The median wall-clock and processor milliseconds of one run.</summary>
    private static (double Wall, double Cpu) Median(int repetitions, Action action)
    {
        var walls = new List<double>(repetitions);
        var cpus = new List<double>(repetitions);
        using var process = Process.GetCurrentProcess();
        for (var i = 0; i < Math.Max(1, repetitions); i++)
        {
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            action();
            walls.Add(clock.Elapsed.TotalMilliseconds);
            process.Refresh();
            cpus.Add((process.TotalProcessorTime - cpu).TotalMilliseconds);
        }

        walls.Sort();
        cpus.Sort();
        return (walls[walls.Count / 2], cpus[cpus.Count / 2]);
    }
}
