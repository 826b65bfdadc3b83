using System.Globalization;
using System.Text;
using Microcred.Clinical.Labs.Submissions;

namespace Microcred.Clinical.Labs;

/// <summary>Base of every lab: builds the scenario truth from the request (cached for a few requests,
/// since graders rebuild it on every grade), writes the scenario files with a README that carries the
/// task statement, and guards grading so that it always returns a grade.</summary>
/// <typeparam name="TScenario">The lab's scenario truth: everything the files and the grader derive from.</typeparam>
internal abstract class Lab<TScenario> : ILab
    where TScenario : class
{
    private const int CachedScenarios = 4;
    private readonly LinkedList<(string Key, TScenario Scenario)> _cache = new();
    private readonly Lock _cacheLock = new();

    public abstract LabInfo Info { get; }

    public virtual IReadOnlyList<LabParameter> Parameters => [];

    public abstract string TaskStatement { get; }

    /// <summary>The lab's criteria, in report order; their points add up to 100.</summary>
    internal abstract IReadOnlyList<CriterionDefinition> Criteria { get; }

    public LabScenario CreateScenario(LabScenarioRequest request)
    {
        var scenario = Scenario(request);
        var files = new ScenarioFileSet();
        WriteScenario(scenario, files);
        var readme = new StringBuilder()
            .Append("# Lab ").Append(Info.Number.ToString(CultureInfo.InvariantCulture)).Append(": ").Append(Info.Title).Append("\n\n")
            .Append("Synthetic data for practice. Every person, identifier and record here is fictional.\n\n")
            .Append(TaskStatement.TrimEnd()).Append("\n\n## This scenario\n\n")
            .Append("- Seed: `").Append(request.Seed.ToString(CultureInfo.InvariantCulture)).Append("`\n");
        foreach (var parameter in Parameters)
        {
            readme.Append("- ").Append(parameter.Name).Append(": ")
                .Append(ParameterValues.Resolve(Parameters, request)[parameter.Name].ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        readme.Append("\nFiles:\n\n");
        foreach (var file in files.Files)
        {
            readme.Append("- `").Append(file.Path).Append("` — ").Append(file.Description).Append('\n');
        }

        if (files.Notes.Length > 0)
        {
            readme.Append('\n').Append(files.Notes.ToString().TrimEnd()).Append('\n');
        }

        var all = new List<LabScenarioFile> { new("README.md", "text/markdown", "Task statement and scenario notes.", readme.ToString()) };
        all.AddRange(files.Files);
        return new LabScenario(Info, request, all);
    }

    public LabGrade Grade(LabScenarioRequest request, LabSubmission submission)
    {
        var sheet = new GradeSheet(Criteria, Info.PassThreshold);
        try
        {
            ArgumentNullException.ThrowIfNull(request);
            ArgumentNullException.ThrowIfNull(submission);
            var problem = ParameterValues.Check(Parameters, request);
            if (problem is not null)
            {
                sheet.NotGraded($"Not graded: {problem}");
                return sheet.ToGrade();
            }

            GradeSubmission(Scenario(request), submission, sheet);
            return sheet.ToGrade();
        }
#pragma warning disable CA1031 // The grader must return a grade whatever happens; the learner gets a generic message.
        catch (Exception)
#pragma warning restore CA1031
        {
            var failed = new GradeSheet(Criteria, Info.PassThreshold);
            failed.NotGraded("Not graded: the grader met an unexpected problem with this submission. " +
                "Check it against the submission format in the task statement and submit again.");
            return failed.ToGrade();
        }
    }

    /// <summary>The scenario truth for a request, built once and kept for the next few grades.</summary>
    internal TScenario Scenario(LabScenarioRequest request)
    {
        var problem = ParameterValues.Check(Parameters, request);
        if (problem is not null)
        {
            throw new ArgumentException(problem, nameof(request));
        }

        var values = ParameterValues.Resolve(Parameters, request);
        var key = request.Seed.ToString(CultureInfo.InvariantCulture) + "|" +
            string.Join(',', values.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => v.Key + "=" + v.Value.ToString(CultureInfo.InvariantCulture)));
        lock (_cacheLock)
        {
            for (var node = _cache.First; node is not null; node = node.Next)
            {
                if (node.Value.Key == key)
                {
                    _cache.Remove(node);
                    _cache.AddFirst(node);
                    return node.Value.Scenario;
                }
            }
        }

        var scenario = BuildScenario(request.Seed, values);
        lock (_cacheLock)
        {
            _cache.AddFirst((key, scenario));
            while (_cache.Count > CachedScenarios)
            {
                _cache.RemoveLast();
            }
        }

        return scenario;
    }

    /// <summary>Builds the truth deterministically from the seed and resolved parameters.</summary>
    internal abstract TScenario BuildScenario(long seed, IReadOnlyDictionary<string, int> parameters);

    /// <summary>Adds the learner's files (the README is added by the base).</summary>
    internal abstract void WriteScenario(TScenario scenario, ScenarioFileSet files);

    /// <summary>Grades a submission against the truth, recording every criterion on the sheet.</summary>
    internal abstract void GradeSubmission(TScenario scenario, LabSubmission submission, GradeSheet sheet);
}

/// <summary>The files a lab writes for its scenario, and notes appended to the README.</summary>
internal sealed class ScenarioFileSet
{
    private readonly List<LabScenarioFile> _files = [];

    public IReadOnlyList<LabScenarioFile> Files => _files;

    public StringBuilder Notes { get; } = new();

    public void Add(string path, string mediaType, string description, string content) =>
        _files.Add(new LabScenarioFile(path, mediaType, description, content.ReplaceLineEndings("\n")));

    public void AddCsv(string path, string description, CsvDocument table) => Add(path, "text/csv", description, table.ToString());

    public void AddJson(string path, string description, string json) => Add(path, "application/json", description, json);

    /// <summary>Adds files that are generated together and streamed to disk when the scenario is written,
    /// for scenarios too large to hold in memory. <paramref name="write"/> gets one writer per file, in order,
    /// and must write LF line endings.</summary>
    public void AddStreamed(IReadOnlyList<(string Path, string MediaType, string Description)> files, Action<IReadOnlyList<TextWriter>> write)
    {
        var source = new StreamedFiles([.. files.Select(f => f.Path)], write);
        _files.AddRange(files.Select(f => new LabScenarioFile(f.Path, f.MediaType, f.Description, source)));
    }
}

internal static class ParameterValues
{
    public static string? Check(IReadOnlyList<LabParameter> parameters, LabScenarioRequest request)
    {
        foreach (var (name, value) in request.Parameters)
        {
            var parameter = parameters.FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
            if (parameter is null)
            {
                var known = parameters.Count == 0 ? "this lab takes no parameters" : "known: " + string.Join(", ", parameters.Select(p => p.Name));
                return $"unknown scenario parameter {Excerpt.Quote(name)} ({known}).";
            }

            if (value < parameter.Minimum || value > parameter.Maximum)
            {
                return string.Create(CultureInfo.InvariantCulture,
                    $"scenario parameter \"{parameter.Name}\" must be between {parameter.Minimum} and {parameter.Maximum} (got {value}).");
            }
        }

        return null;
    }

    public static IReadOnlyDictionary<string, int> Resolve(IReadOnlyList<LabParameter> parameters, LabScenarioRequest request)
    {
        var values = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in parameters)
        {
            var given = request.Parameters.FirstOrDefault(p => p.Key.Equals(parameter.Name, StringComparison.OrdinalIgnoreCase));
            values[parameter.Name] = given.Key is null ? parameter.DefaultValue : given.Value;
        }

        return values;
    }
}
