namespace Microcred.Clinical.Labs;

/// <summary>The result of grading one submission.</summary>
/// <param name="Score">Score from 0 to 100: the sum of the criteria's points.</param>
/// <param name="Passed">Whether the score reaches the lab's pass threshold.</param>
/// <param name="PassThreshold">The lab's pass threshold.</param>
/// <param name="Criteria">Each criterion with its points and feedback, in the lab's order.</param>
public sealed record LabGrade(int Score, bool Passed, int PassThreshold, IReadOnlyList<CriterionResult> Criteria);

/// <summary>One graded criterion.</summary>
/// <param name="Id">Stable criterion identifier, for example <c>loinc-codes</c>.</param>
/// <param name="Title">Human title.</param>
/// <param name="Points">Points earned.</param>
/// <param name="MaxPoints">Points available.</param>
/// <param name="Feedback">What was right, or what to fix (row, code, identifier).</param>
public sealed record CriterionResult(string Id, string Title, int Points, int MaxPoints, string Feedback);
