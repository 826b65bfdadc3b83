using System.CommandLine;
using System.Globalization;
using Microcred.Clinical.Export;
using Microcred.Clinical.Population;
using Spectre.Console;
using Region = Microcred.Clinical.Population.Region;

namespace Microcred.Cli.Clinical;

/// <summary><c>microcred generate</c>: writes a deterministic synthetic patient population.</summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var patients = new Option<int>("--patients", "-n")
        {
            Description = $"Number of patients (1 to {PopulationOptions.MaxPatients:N0}).",
            Required = true,
        };
        patients.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<int>();
            if (value is < 1 or > PopulationOptions.MaxPatients)
            {
                result.AddError($"--patients must be between 1 and {PopulationOptions.MaxPatients:N0}; got {value}.");
            }
        });
        var seed = new Option<long>("--seed", "-s") { Description = "Seed; the same seed and options give byte-identical output.", Required = true };
        var output = new Option<string>("--out", "-o") { Description = "Output directory (created if missing; must be empty unless --force).", Required = true };
        var format = new Option<string>("--format", "-f") { Description = "fhir (a transaction bundle per patient), ndjson (bulk FHIR), csv or sqlite.", DefaultValueFactory = _ => "fhir" };
        format.AcceptOnlyFromAmong("fhir", "ndjson", "csv", "sqlite");
        var region = new Option<string>("--region") { Description = "Region the patients live in.", DefaultValueFactory = _ => Region.DefaultName };
        region.AcceptOnlyFromAmong([.. Region.Names]);
        var asOf = new Option<DateOnly>("--as-of")
        {
            Description = "The data set's today (yyyy-MM-dd); nothing is generated after it.",
            DefaultValueFactory = _ => new PopulationOptions().AsOf,
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
                if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    return date;
                }
                result.AddError($"--as-of must be a date written yyyy-MM-dd; got '{text}'.");
                return default;
            },
        };
        var history = new Option<int>("--history-years") { Description = "Years of history before --as-of (1 to 5).", DefaultValueFactory = _ => 2 };
        history.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<int>();
            if (value is < 1 or > 5)
            {
                result.AddError($"--history-years must be between 1 and 5; got {value}.");
            }
        });
        var force = new Option<bool>("--force") { Description = "Replace the generated files in a non-empty output directory." };

        var command = new Command("generate", "Generate a synthetic patient population (FHIR R4, NDJSON, CSV or SQLite). All data is synthetic.")
        {
            patients, seed, output, format, region, asOf, history, force,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new PopulationOptions
            {
                PatientCount = parse.GetValue(patients),
                Seed = parse.GetValue(seed),
                Region = parse.GetValue(region)!,
                AsOf = parse.GetValue(asOf),
                HistoryYears = parse.GetValue(history),
            };
            var stdout = parse.InvocationConfiguration.Output;
            var problems = options.Validate();
            if (problems.Count > 0)
            {
                throw new UsageException(string.Join(Environment.NewLine, problems));
            }
            var directory = parse.GetValue(output)!;
            if (OutputDirectory.Prepare(directory, parse.GetValue(force)) is { } error)
            {
                throw new UsageException(error);
            }
            var chosen = Enum.Parse<PopulationFormat>(parse.GetValue(format)!, ignoreCase: true);
            var generator = new PopulationGenerator(options);
            var result = await ExportWithProgressAsync(generator, chosen, directory, cancellationToken).ConfigureAwait(false);
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Wrote {result.Patients:N0} synthetic patients as {chosen.ToString().ToLowerInvariant()} to {directory} in {result.Elapsed.TotalSeconds:F1} s ({result.Patients / Math.Max(result.Elapsed.TotalSeconds, 0.001):F0} patients/s)."));
            foreach (var (name, count) in result.Counts)
            {
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-20} {count,12:N0}"));
            }
            return ExitCode.Success;
        });
        return command;
    }

    /// <summary>Shows a progress bar on stderr for long runs when stderr is a terminal.</summary>
    internal static async Task<ExportResult> ExportWithProgressAsync(PopulationGenerator generator, PopulationFormat format, string directory, CancellationToken cancellationToken)
    {
        if (Console.IsErrorRedirected || generator.Options.PatientCount < 2_000)
        {
            return await PopulationExporter.ExportAsync(generator, format, directory, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        ExportResult? result = null;
        await console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask($"Generating {generator.Options.PatientCount:N0} patients", maxValue: generator.Options.PatientCount);
                result = await PopulationExporter.ExportAsync(generator, format, directory, new TaskProgress(task), cancellationToken: cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);
        return result!;
    }

    private sealed class TaskProgress(ProgressTask task) : IProgress<ExportProgress>
    {
        public void Report(ExportProgress value) => task.Value = value.PatientsWritten;
    }
}
