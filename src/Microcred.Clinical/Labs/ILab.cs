namespace Microcred.Clinical.Labs;

/// <summary>An auto-graded lab: a task statement, a seeded scenario, and a deterministic grader that
/// rebuilds the truth from the same request and never trusts the submission.</summary>
public interface ILab
{
    /// <summary>Number, slug, title, area and pass threshold.</summary>
    LabInfo Info { get; }

    /// <summary>The scenario parameters the lab accepts (may be empty).</summary>
    IReadOnlyList<LabParameter> Parameters { get; }

    /// <summary>The task statement in Markdown: what to produce, the submission format with an
    /// example, the definitions to apply and the pass threshold.</summary>
    string TaskStatement { get; }

    /// <summary>Builds the scenario for a request. Throws <see cref="ArgumentException"/> for an
    /// unknown or out-of-range parameter.</summary>
    LabScenario CreateScenario(LabScenarioRequest request);

    /// <summary>Grades a submission against the scenario of <paramref name="request"/>. Never throws:
    /// unreadable or hostile submissions get a failing grade whose feedback says why.</summary>
    LabGrade Grade(LabScenarioRequest request, LabSubmission submission);
}
