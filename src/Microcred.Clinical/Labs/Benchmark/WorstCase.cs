namespace Microcred.Clinical.Labs.Benchmark;

/// <summary>A lab whose slowest realistic submission is not its model answer, for example a de-identification
/// submitted unchanged, where every cell is a finding to report. The benchmark times it beside the model answer.</summary>
internal interface ILabWorstCase
{
    /// <summary>What the submission is, in a few words (for the benchmark table).</summary>
    string WorstCaseDescription { get; }

    /// <summary>The submission for the scenario of <paramref name="request"/>.</summary>
    LabSubmission CreateWorstCase(LabScenarioRequest request);
}
