using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Microcred.Clinical.Labs;
using Microcred.Clinical.Labs.Benchmark;

namespace Microcred.Cli.Clinical;

/// <summary>
/// <c>microcred bench-labs</c>: milliseconds per grading for every lab in the catalog on a large scenario,
/// each population-scale grader beside a plain SQL query over an SQLite file of the same data computing the
/// grader's core aggregate (absolute times drift on shared machines; the ratio does not), and PASS or FAIL
/// against the per-grading target.
/// </summary>
internal static class BenchLabsCommand
{
    public static Command Create()
    {
        var patients = new Option<int>("--patients") { Description = "Patients in the population-scale scenarios.", DefaultValueFactory = _ => 100_000 };
        var seed = new Option<long>("--seed") { Description = "Scenario seed.", DefaultValueFactory = _ => 1 };
        var repetitions = new Option<int>("--repetitions") { Description = "Timed runs per lab (median reported).", DefaultValueFactory = _ => 5 };
        var target = new Option<double>("--target-ms") { Description = "Per-grading target in milliseconds.", DefaultValueFactory = _ => 200 };
        var only = new Option<string[]>("--lab") { Description = "Only these labs (number or slug); default every lab in the catalog.", AllowMultipleArgumentsPerToken = true };
        var work = new Option<string?>("--work-dir") { Description = "Scratch directory for the SQLite files (default: a new temporary directory, removed afterwards)." };

        var command = new Command("bench-labs", "Benchmark every lab grader on a large scenario beside an SQL reference query over the same data.")
        {
            patients, seed, repetitions, target, only, work,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var count = parse.GetValue(patients);
            if (count is < 100 or > 1_000_000 || parse.GetValue(repetitions) is < 1 or > 100)
            {
                throw new UsageException("--patients must be 100 to 1,000,000 and --repetitions 1 to 100.");
            }

            if (parse.GetValue(target) is not (> 0 and < 1e6))
            {
                throw new UsageException("--target-ms must be a positive number of milliseconds.");
            }

            var labs = (parse.GetValue(only) ?? []).Select(name => LabsCommand.Find(LabCatalog.Default, name)).ToList();
            if (labs.Count == 0)
            {
                labs.AddRange(LabCatalog.Default.Labs);
            }

            var scratch = parse.GetValue(work) ?? Path.Combine(Path.GetTempPath(), "microcred-bench-labs-" + Guid.NewGuid().ToString("N"));
            var removeScratch = parse.GetValue(work) is null;
            try
            {
                var options = new LabBenchmarkOptions
                {
                    Patients = count,
                    Seed = parse.GetValue(seed),
                    Repetitions = parse.GetValue(repetitions),
                    TargetMilliseconds = parse.GetValue(target),
                    WorkDirectory = scratch,
                };
                return Task.FromResult(Run(output, labs, options, cancellationToken));
            }
            finally
            {
                if (removeScratch && Directory.Exists(scratch))
                {
                    Directory.Delete(scratch, recursive: true);
                }
            }
        });
        return command;
    }

    private static int Run(TextWriter output, List<ILab> labs, LabBenchmarkOptions options, CancellationToken cancellationToken)
    {
        void Print(FormattableString line) => output.WriteLine(line.ToString(CultureInfo.InvariantCulture));

        var optimized = typeof(LabCatalog).Assembly.GetCustomAttribute<DebuggableAttribute>()?.IsJITOptimizerDisabled != true;
        Print($"Lab grading benchmark: {labs.Count} labs, {options.Patients:N0} patients, seed {options.Seed}, median of {options.Repetitions} gradings after a warm-up, target < {options.TargetMilliseconds:0} ms of processor time per grading, {Environment.ProcessorCount} cores, load average {MachineLoad.Average()}, {(optimized ? "optimized build" : "DEBUG BUILD - build with -c Release for figures")}.");
        Print($"Generating the shared population ({options.Patients:N0} patients)…");
        var generation = LabBenchmark.GeneratePopulation(options);
        Print($"Population generated in {generation:0.0} s.");
        Print($"");
        Print($"{"lab",-4} {"slug",-31} {"submission",-14} {"scale",-32} {"scenario s",10} {"grade ms",9} {"CPU ms",8} {"score",5} {"SQL ms",9} {"grade/SQL",9} {"SQL=grader",10} {"result",6}");

        var results = new List<LabBenchmarkResult>();
        var failures = new List<string>();
        var crashed = 0;
        foreach (var lab in labs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            IReadOnlyList<LabBenchmarkResult> rows;
            try
            {
                rows = LabBenchmark.Run(lab, options);
            }
#pragma warning disable CA1031 // One lab failing to run must not hide the figures of the others; it is reported as a failure.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                Print($"{lab.Info.Number,-4} {lab.Info.Slug,-31} FAIL: {exception.GetType().Name}: {exception.Message}");
                failures.Add($"lab {lab.Info.Number}: {exception.Message}");
                crashed++;
                continue;
            }

            foreach (var result in rows)
            {
                results.Add(result);
                var sql = result.SqlMilliseconds is { } ms ? ms.ToString("0.0", CultureInfo.InvariantCulture) : "-";
                var ratio = result.Ratio is { } r ? r.ToString("0.00", CultureInfo.InvariantCulture) : "-";
                var agrees = result.SqlAgrees switch { true => "yes", false => "NO", null => "-" };
                var submission = result.Submission == LabBenchmark.ModelAnswer ? "model answer" : "worst case †";
                Print($"{result.Number,-4} {result.Slug,-31} {submission,-14} {result.Scale,-32} {result.ScenarioSeconds,10:0.0} {result.GradeMilliseconds,9:0.0} {result.GradeCpuMilliseconds,8:0.0} {result.Score,5} {sql,9} {ratio,9} {agrees,10} {(result.Passed ? "PASS" : "FAIL"),6}");
                if (result.Failure is { } failure)
                {
                    failures.Add($"lab {result.Number} ({result.Submission}): {failure}");
                }
            }
        }

        Print($"");
        Print($"Each lab grades its model answer (a full-marks answer built from the grader's truth; it must score 100). † The slowest realistic submission: {string.Join("; ", results.Where(r => r.Submission != LabBenchmark.ModelAnswer).Select(r => $"lab {r.Number}, {r.Submission}"))}.");
        Print($"scenario s: building the scenario and writing its files to disk. grade ms: wall clock; CPU ms: processor time of the process (judged against the target, since other work on the machine inflates the wall clock).");
        Print($"SQL ms: a plain query over an SQLite file loaded from the same scenario files, computing the grader's core aggregate:");
        foreach (var result in results.Where(r => r.SqlDescription is not null))
        {
            Print($"  lab {result.Number}: {result.SqlDescription} (files loaded into SQLite in {result.SqlLoadSeconds:0.0} s)");
        }

        var passed = results.Count(r => r.Passed);
        Print($"{passed} of {results.Count + crashed} gradings pass (under {options.TargetMilliseconds:0} ms of processor time, with the expected score and the SQL reference agreeing).");
        foreach (var failure in failures)
        {
            Print($"FAIL {failure}");
        }

        return failures.Count == 0 ? ExitCode.Success : ExitCode.Failure;
    }
}
