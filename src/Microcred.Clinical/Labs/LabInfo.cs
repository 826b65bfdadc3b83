namespace Microcred.Clinical.Labs;

/// <summary>What identifies a lab and how it is passed.</summary>
/// <param name="Number">The lab's number in the catalog (1, 2, …); also accepted wherever a slug is.</param>
/// <param name="Slug">Stable identifier, lowercase with hyphens, for example <c>ehr-charting</c>.</param>
/// <param name="Title">Human title.</param>
/// <param name="Area">Program area the lab belongs to.</param>
/// <param name="PassThreshold">Minimum score (0–100) that passes.</param>
/// <param name="Summary">One sentence on what the learner does.</param>
public sealed record LabInfo(int Number, string Slug, string Title, ProgramArea Area, int PassThreshold, string Summary);

/// <summary>A whole-number scenario parameter a lab accepts (for example the number of patients).</summary>
/// <param name="Name">Parameter name, lowercase, for example <c>patients</c>.</param>
/// <param name="Description">What the parameter changes.</param>
/// <param name="DefaultValue">Value used when the request does not set it.</param>
/// <param name="Minimum">Smallest accepted value.</param>
/// <param name="Maximum">Largest accepted value.</param>
public sealed record LabParameter(string Name, string Description, int DefaultValue, int Minimum, int Maximum);

/// <summary>What a scenario is built from: the seed and optional parameters. The same request always
/// yields the same scenario, and the grader rebuilds the truth from it.</summary>
/// <param name="Seed">The scenario seed.</param>
public sealed record LabScenarioRequest(long Seed)
{
    /// <summary>Parameter values by name; parameters not given take their defaults.</summary>
    public IReadOnlyDictionary<string, int> Parameters { get; init; } = new Dictionary<string, int>();
}
