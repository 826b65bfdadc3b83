namespace Microcred.Clinical.Labs;

/// <summary>A lab that can produce a full-marks answer for a scenario, computed from the same truth its
/// grader uses: for instructors reviewing a scenario, and for benchmarking the grader on a realistic submission.</summary>
public interface ILabModelAnswer
{
    /// <summary>An answer that scores 100 on the scenario of <paramref name="request"/>.</summary>
    LabModelAnswer CreateModelAnswer(LabScenarioRequest request);
}

/// <summary>A model answer as the learner would submit it.</summary>
/// <param name="FileName">A file name with the extension the lab expects, for example <c>report.json</c>.</param>
/// <param name="Content">The file's text.</param>
public sealed record LabModelAnswer(string FileName, string Content)
{
    /// <summary>The answer as a submission, ready to grade.</summary>
    public LabSubmission ToSubmission() => LabSubmission.FromText(Content, FileName);
}
