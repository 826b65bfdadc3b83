using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Microcred.Clinical.Export;
using Microcred.Clinical.Population;

namespace Microcred.Cli.Clinical;

/// <summary>
/// <c>microcred bench-clinical</c>: patients per second for each output format, printed beside the rate of
/// bare generation measured just before it (absolute rates drift on shared machines; ratios drift less), the
/// processor time the export used (patients per CPU-second stays meaningful when other work shares the cores),
/// the target rate with PASS or FAIL, and the working set sampled through a long streaming run to show that
/// memory stays flat.
/// </summary>
internal static class BenchClinicalCommand
{
    /// <summary>Patients per second every format is to reach, generation and writing together.</summary>
    public const int TargetRate = 2000;

    private const int WarmUpPatients = 3000;

    public static Command Create()
    {
        var patients = new Option<int>("--patients") { Description = "Patients per format run.", DefaultValueFactory = _ => 20_000 };
        var memoryPatients = new Option<int>("--memory-patients") { Description = "Patients in the streaming memory run (0 skips it).", DefaultValueFactory = _ => 200_000 };
        var memoryFormat = new Option<string>("--memory-format") { Description = "Format of the memory run.", DefaultValueFactory = _ => "ndjson" };
        memoryFormat.AcceptOnlyFromAmong("fhir", "ndjson", "csv", "sqlite");
        var formats = new Option<string[]>("--formats") { Description = "Formats to time.", DefaultValueFactory = _ => ["ndjson", "fhir", "csv", "sqlite"], AllowMultipleArgumentsPerToken = true };
        var seed = new Option<long>("--seed") { Description = "Seed.", DefaultValueFactory = _ => 2026 };
        var work = new Option<string?>("--work-dir") { Description = "Scratch directory (default: a new temporary directory, removed afterwards)." };

        var command = new Command("bench-clinical", "Benchmark synthetic population generation: patients/s per format and memory of a streaming run.")
        {
            patients, memoryPatients, memoryFormat, formats, seed, work,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var count = parse.GetValue(patients);
            var memoryCount = parse.GetValue(memoryPatients);
            if (count < 1 || memoryCount < 0 || count > PopulationOptions.MaxPatients || memoryCount > PopulationOptions.MaxPatients)
            {
                throw new UsageException($"--patients must be 1 to {PopulationOptions.MaxPatients:N0} and --memory-patients 0 to {PopulationOptions.MaxPatients:N0}.");
            }
            var chosen = new List<PopulationFormat>();
            foreach (var name in parse.GetValue(formats) ?? [])
            {
                if (!Enum.TryParse<PopulationFormat>(name, ignoreCase: true, out var parsed))
                {
                    throw new UsageException($"Unknown format '{name}'; use fhir, ndjson, csv or sqlite.");
                }
                chosen.Add(parsed);
            }
            var scratch = parse.GetValue(work) ?? Path.Combine(Path.GetTempPath(), "microcred-bench-" + Guid.NewGuid().ToString("N"));
            var removeScratch = parse.GetValue(work) is null;
            try
            {
                await RunAsync(parse.InvocationConfiguration.Output, count, memoryCount, Enum.Parse<PopulationFormat>(parse.GetValue(memoryFormat)!, ignoreCase: true), chosen, parse.GetValue(seed), scratch, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                if (removeScratch && Directory.Exists(scratch))
                {
                    Directory.Delete(scratch, recursive: true);
                }
            }
            return ExitCode.Success;
        });
        return command;
    }

    private static async Task RunAsync(TextWriter output, int count, int memoryCount, PopulationFormat memoryFormat, List<PopulationFormat> formats, long seed, string scratch, CancellationToken cancellationToken)
    {
        void Print(FormattableString line) => output.WriteLine(line.ToString(CultureInfo.InvariantCulture));

        var optimized = typeof(PopulationGenerator).Assembly.GetCustomAttribute<DebuggableAttribute>()?.IsJITOptimizerDisabled != true;
        Print($"Synthetic population benchmark: {count:N0} patients per run, seed {seed}, {Environment.ProcessorCount} cores, load average {MachineLoad.Average()}, {(optimized ? "optimized build" : "DEBUG BUILD - build with -c Release for figures")}.");
        var generator = new PopulationGenerator(new PopulationOptions { Seed = seed, PatientCount = count });

        // Warm-up so the timed runs measure steady state rather than JIT compilation: with tiered compilation the
        // hot methods are recompiled twice (instrumented, then optimized) on a background thread, which on two busy
        // cores takes a few thousand patients. The warm-up output is deleted only at the end: ext4 without a
        // journal will not reuse an inode freed in the last minute (longer while its inode table block awaits
        // writeback), so creating many files soon after deleting many makes every new inode skip past them.
        var warm = new PopulationGenerator(new PopulationOptions { Seed = seed, PatientCount = WarmUpPatients });
        var warmDirectories = new List<string>();
        foreach (var format in formats.Append(PopulationFormat.Csv).Distinct())
        {
            var directory = Path.Combine(scratch, "warm-" + format);
            warmDirectories.Add(directory);
            await PopulationExporter.ExportAsync(warm, format, directory, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        // The machine's load changes from minute to minute, so bare generation is timed again right before
        // each format and the ratio is taken against that neighbouring measurement.
        double GenerationRate()
        {
            var stopwatch = Stopwatch.StartNew();
            Parallel.For(0, count, new ParallelOptions { CancellationToken = cancellationToken }, i => generator.GeneratePatient(i));
            return count / stopwatch.Elapsed.TotalSeconds;
        }

        Print($"{"run",-16} {"patients/s",11} {"seconds",8} {"CPU s",6} {"per CPU-s",10} {"output MB",10} {"generation/s",13} {"ratio",6} {"target/s",9} {"result",6}");
        var failed = new List<string>();
        var fileSystemLines = new List<string>();
        // Outputs are deleted at the end, like the warm-up's, so that no timed run follows a mass deletion.
        var outputDirectories = new List<string>();
        foreach (var format in formats)
        {
            var generationRate = GenerationRate();
            var directory = Path.Combine(scratch, format.ToString().ToLowerInvariant());
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var result = await PopulationExporter.ExportAsync(generator, format, directory, cancellationToken: cancellationToken).ConfigureAwait(false);
            var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
            var rate = count / result.Elapsed.TotalSeconds;
            var passed = rate >= TargetRate;
            if (!passed)
            {
                failed.Add(Label(format));
            }
            Print($"{Label(format),-16} {rate,11:F0} {result.Elapsed.TotalSeconds,8:F1} {cpu,6:F1} {count / cpu,10:F0} {Megabytes(directory),10:F0} {generationRate,13:F0} {rate / generationRate,6:F2} {TargetRate,9} {(passed ? "PASS" : "FAIL"),6}");
            if (format == PopulationFormat.Fhir)
            {
                fileSystemLines.Add(FileSystemReference(directory, Path.Combine(scratch, "file-system-reference"), rate, cancellationToken));
            }
            outputDirectories.Add(directory);
        }
        foreach (var line in fileSystemLines)
        {
            output.WriteLine(line);
        }
        Print($"Target {TargetRate:N0} patients/s: {(failed.Count == 0 ? "every format timed meets it" : "not met by " + string.Join(", ", failed))} (load average now {MachineLoad.Average()}).");
        foreach (var directory in warmDirectories.Concat(outputDirectories))
        {
            Directory.Delete(directory, recursive: true);
        }

        if (memoryCount == 0)
        {
            return;
        }
        var memoryGenerator = new PopulationGenerator(new PopulationOptions { Seed = seed, PatientCount = memoryCount });
        var samples = new List<(int Patients, long WorkingSet)>();
        var nextSample = 0;
        var progress = new SynchronousProgress(p =>
        {
            if (p.PatientsWritten >= nextSample)
            {
                samples.Add((p.PatientsWritten, Environment.WorkingSet));
                nextSample += Math.Max(1, memoryCount / 10);
            }
        });
        var memoryDirectory = Path.Combine(scratch, "memory");
        GC.Collect();
        var before = Environment.WorkingSet;
        var memoryResult = await PopulationExporter.ExportAsync(memoryGenerator, memoryFormat, memoryDirectory, progress, cancellationToken: cancellationToken).ConfigureAwait(false);
        Print($"Streaming {memoryCount:N0} patients as {Label(memoryFormat)}: {memoryCount / memoryResult.Elapsed.TotalSeconds:F0} patients/s, {Megabytes(memoryDirectory):F0} MB written.");
        var sampled = string.Join(", ", samples.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Patients:N0}: {s.WorkingSet / 1048576.0:F0}")));
        Print($"Working set before: {before / 1048576.0:F0} MB; sampled during the run (patients: MB): {sampled}");
        Print($"Largest sample {samples.Max(s => s.WorkingSet) / 1048576.0:F0} MB; process peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MB.");
        Directory.Delete(memoryDirectory, recursive: true);
    }

    /// <summary>
    /// The floor under the bundle format: the same number of files, of the same sizes, in the same folder layout,
    /// written on all cores with nothing to generate or format. Creating tens of thousands of files costs some
    /// volumes more than formatting them, and how much depends on what was deleted there lately.
    /// </summary>
    private static string FileSystemReference(string bundles, string directory, double bundleRate, CancellationToken cancellationToken)
    {
        var files = new DirectoryInfo(Path.Combine(bundles, "patients")).EnumerateFiles("*.json", SearchOption.AllDirectories)
            .Select(f => (Folder: Path.GetFileName(f.DirectoryName!), f.Name, f.Length))
            .ToArray();
        var content = new byte[files.Length == 0 ? 0 : files.Max(f => f.Length)];
        Array.Fill(content, (byte)' ');
        foreach (var folder in files.Select(f => f.Folder).Distinct(StringComparer.Ordinal))
        {
            Directory.CreateDirectory(Path.Combine(directory, folder));
        }

        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();
        Parallel.ForEach(files, new ParallelOptions { CancellationToken = cancellationToken }, file =>
        {
            using var handle = File.OpenHandle(Path.Combine(directory, file.Folder, file.Name), FileMode.Create, FileAccess.Write);
            RandomAccess.Write(handle, content.AsSpan(0, (int)file.Length), 0);
        });
        var seconds = stopwatch.Elapsed.TotalSeconds;
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        var megabytes = Megabytes(directory);
        Directory.Delete(directory, recursive: true);
        var rate = files.Length / seconds;
        return string.Create(CultureInfo.InvariantCulture,
            $"File system reference for FHIR bundles: the same {files.Length:N0} files ({megabytes:F0} MB) written with nothing to format: {rate:F0} files/s, {seconds:F1} s, {cpu:F1} CPU s; the bundle run reached {bundleRate / rate:P0} of that rate.");
    }

    private static string Label(PopulationFormat format) => format switch
    {
        PopulationFormat.Fhir => "FHIR bundles",
        PopulationFormat.Ndjson => "FHIR NDJSON",
        PopulationFormat.Csv => "tables: CSV",
        _ => "tables: SQLite",
    };

    private static double Megabytes(string directory) =>
        new DirectoryInfo(directory).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) / 1048576.0;

    private sealed class SynchronousProgress(Action<ExportProgress> report) : IProgress<ExportProgress>
    {
        public void Report(ExportProgress value) => report(value);
    }
}
