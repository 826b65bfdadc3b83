using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microcred.Clinical.Labs;

namespace Microcred.Cli.Clinical;

/// <summary><c>microcred lab list | scenario | grade</c>: the auto-graded labs on synthetic data.</summary>
internal static class LabsCommand
{
    private static readonly JsonSerializerOptions GradeJson = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static RootCommand AddLabCommands(this RootCommand root, LabCatalog? catalog = null)
    {
        var labs = catalog ?? LabCatalog.Default;
        var lab = new Command("lab", "Auto-graded labs on synthetic EHR data: list them, write a scenario, grade a submission.")
        {
            List(labs),
            Scenario(labs),
            Grade(labs),
        };
        root.Add(lab);
        return root;
    }

    private static Command List(LabCatalog labs)
    {
        var command = new Command("list", "List the labs: number, slug, title, program area and pass threshold.");
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            output.WriteLine($"{"#",-3} {"slug",-30} {"area",-26} {"pass",-5} title");
            foreach (var info in labs.Labs.Select(l => l.Info))
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{info.Number,-3} {info.Slug,-30} {info.Area.ToKey(),-26} {info.PassThreshold,-5} {info.Title}"));
            }

            return ExitCode.Success;
        });
        return command;
    }

    private static Command Scenario(LabCatalog labs)
    {
        var labArgument = LabArgument();
        var seed = SeedOption();
        var parameters = ParameterOption();
        var output = new Option<string>("--out", "-o") { Description = "Directory to write the scenario files and README.md into (created if missing).", Required = true };
        var command = new Command("scenario", "Write a lab's scenario files and task statement (README.md) for a seed.") { labArgument, seed, parameters, output };
        command.SetAction(parse =>
        {
            var (found, request) = Resolve(labs, parse.GetValue(labArgument)!, parse.GetValue(seed), parse.GetValue(parameters));
            var directory = parse.GetValue(output)!;
            try
            {
                var scenario = found.CreateScenario(request);
                scenario.WriteTo(directory);
                parse.InvocationConfiguration.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Wrote lab {found.Info.Number} ({found.Info.Slug}), seed {request.Seed}: {scenario.Files.Count} files to {directory}. Start with README.md."));
                return ExitCode.Success;
            }
            catch (Exception exception) when (exception is ArgumentException or IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                throw new UsageException($"Could not write the scenario: {exception.Message}");
            }
        });
        return command;
    }

    private static Command Grade(LabCatalog labs)
    {
        var labArgument = LabArgument();
        var seed = SeedOption();
        var parameters = ParameterOption();
        var submission = new Argument<string>("submission") { Description = "The submission file (CSV or JSON, as the lab's task statement says)." };
        var command = new Command("grade", "Grade a submission against a lab's scenario for a seed and print the grade as JSON (exit 0 whether or not it passed).")
        {
            labArgument, seed, parameters, submission,
        };
        command.SetAction(parse =>
        {
            var (found, request) = Resolve(labs, parse.GetValue(labArgument)!, parse.GetValue(seed), parse.GetValue(parameters));
            LabSubmission file;
            var path = parse.GetValue(submission)!;
            try
            {
                file = LabSubmission.ReadFile(path);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                throw new UsageException($"Cannot read the submission file '{path}': {exception.Message}");
            }

            var grade = found.Grade(request, file);
            parse.InvocationConfiguration.Output.WriteLine(JsonSerializer.Serialize(new
            {
                lab = found.Info.Slug,
                seed = request.Seed,
                grade.Score,
                grade.Passed,
                grade.PassThreshold,
                grade.Criteria,
            }, GradeJson));
            return ExitCode.Success;
        });
        return command;
    }

    private static Argument<string> LabArgument() => new("lab") { Description = "Lab number or slug (see `microcred lab list`)." };

    private static Option<long> SeedOption() => new("--seed", "-s") { Description = "Scenario seed; the same seed gives the same scenario and the same grading truth.", Required = true };

    private static Option<string[]> ParameterOption() => new("--param", "-p")
    {
        Description = "A scenario parameter as name=value (for example patients=500); may be repeated.",
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>The lab a number or slug names; throws <see cref="UsageException"/> for an unknown one.</summary>
    internal static ILab Find(LabCatalog labs, string key) => labs.Find(key)
        ?? throw new UsageException($"Unknown lab '{key}'. Known labs: {string.Join(", ", labs.Labs.Select(l => $"{l.Info.Number} ({l.Info.Slug})"))}.");

    /// <summary>The lab and the scenario request the command line names; throws <see cref="UsageException"/> for
    /// an unknown lab or a parameter the lab does not take.</summary>
    internal static (ILab Lab, LabScenarioRequest Request) Resolve(LabCatalog labs, string key, long seed, string[]? parameters)
    {
        var lab = Find(labs, key);
        var values = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in parameters ?? [])
        {
            var parts = parameter.Split('=', 2);
            if (parts.Length != 2 || !int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            {
                throw new UsageException($"--param '{parameter}' must be written name=whole-number, for example patients=500.");
            }

            values[parts[0].Trim()] = value;
        }

        foreach (var (name, value) in values)
        {
            var known = lab.Parameters.FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
                ?? throw new UsageException($"Lab {lab.Info.Slug} has no parameter '{name}'{(lab.Parameters.Count == 0 ? "; it takes none" : "; it takes " + string.Join(", ", lab.Parameters.Select(p => $"{p.Name} ({p.Minimum}–{p.Maximum})")))}.");
            if (value < known.Minimum || value > known.Maximum)
            {
                throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"Parameter {known.Name} must be between {known.Minimum} and {known.Maximum}; got {value}."));
            }
        }

        return (lab, new LabScenarioRequest(seed) { Parameters = values });
    }
}
