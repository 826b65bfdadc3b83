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
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var count = parse.GetValue(patients);
            if (count is < 100 or > 1_000_000 || parse.GetValue(repetitions) is < 1 or > 100)
            {
                await error.WriteLineAsync("--patients must be 100 to 1,000,000 and --repetitions 1 to 100.").ConfigureAwait(false);
                return 1;
            }

            var labs = new List<ILab>();
            foreach (var name in parse.GetValue(only) ?? [])
            {
                var found = LabCatalog.Default.Find(name);
                if (found is null)
                {
                    await error.WriteLineAsync($"Unknown lab '{name}'. Labs: {string.Join(", ", LabCatalog.Default.Labs.Select(l => l.Info.Number + " " + l.Info.Slug))}.").ConfigureAwait(false);
                    return 1;
                }

                labs.Add(found);
            }

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
                return Run(output, labs, options, cancellationToken);
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
        Print($"Lab grading benchmark: {labs.Count} labs, {options.Patients:N0} patients, seed {options.Seed}, median of {options.Repetitions} gradings after a warm-up, target < {options.TargetMilliseconds:0} ms per grading, {Environment.ProcessorCount} cores, {(optimized ? "optimized build" : "DEBUG BUILD - build with -c Release for figures")}.");
        Print($"Generating the shared population ({options.Patients:N0} patients)…");
        var generation = LabBenchmark.GeneratePopulation(options);
        Print($"Population generated in {generation:0.0} s.");
        Print($"");
        Print($"{"lab",-4} {"slug",-32} {"scale",-32} {"scenario s",10} {"grade ms",9} {"score",5} {"SQL ms",9} {"grade/SQL",9} {"SQL=grader",10} {"result",6}");

        var results = new List<LabBenchmarkResult>();
        foreach (var lab in labs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            LabBenchmarkResult result;
            try
            {
                result = LabBenchmark.Run(lab, options);
            }
#pragma warning disable CA1031 // One lab failing to build must not hide the figures of the others; it is reported as a failure.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                Print($"{lab.Info.Number,-4} {lab.Info.Slug,-32} FAILED: {exception.GetType().Name}: {exception.Message}");
                results.Add(new LabBenchmarkResult(lab.Info.Number, lab.Info.Slug, "-", 0, double.NaN, 0, "-", null, null, null, null, false));
                continue;
            }

            results.Add(result);
            var sql = result.SqlMilliseconds is { } ms ? ms.ToString("0.0", CultureInfo.InvariantCulture) : "-";
            var ratio = result.Ratio is { } r ? r.ToString("0.00", CultureInfo.InvariantCulture) : "-";
            var agrees = result.SqlAgrees switch { true => "yes", false => "NO", null => "-" };
            var verdict = (result.Passed ? "PASS" : "FAIL") + (result.Submission == LabBenchmark.EmptySubmission ? "*" : string.Empty);
            Print($"{result.Number,-4} {result.Slug,-32} {result.Scale,-32} {result.ScenarioSeconds,10:0.0} {result.GradeMilliseconds,9:0.0} {result.Score,5} {sql,9} {ratio,9} {agrees,10} {verdict,6}");
        }

        Print($"");
        Print($"Graded submission: each lab's model answer. * The lab has no model answer (ILabModelAnswer), so an empty submission was graded: only the refusal path is timed.");
        Print($"SQL ms: a plain query over an SQLite file loaded from the same scenario files, computing the grader's core aggregate:");
        foreach (var result in results.Where(r => r.SqlDescription is not null))
        {
            Print($"  lab {result.Number}: {result.SqlDescription} (files loaded into SQLite in {result.SqlLoadSeconds:0.0} s)");
        }

        var failed = results.Count(r => !r.Passed);
        var disagreements = results.Count(r => r.SqlAgrees == false);
        Print($"{results.Count - failed} of {results.Count} labs grade under {options.TargetMilliseconds:0} ms; {disagreements} SQL disagreement{(disagreements == 1 ? string.Empty : "s")}.");
        return failed == 0 && disagreements == 0 ? 0 : 2;
    }
}
