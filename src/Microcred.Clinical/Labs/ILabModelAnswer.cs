namespace Microcred.Clinical.Labs;

/// <summary>A lab that can produce a full-marks answer for a scenario, computed from the same truth its
/// grader uses: for instructors reviewing a scenario, and for benchmarking the grader on a realistic submission.</summary>
public interface ILabModelAnswer
{
    /// <summary>A submission that scores 100 on the scenario of <paramref name="request"/>.</summary>
    LabSubmission CreateModelAnswer(LabScenarioRequest request);
}
