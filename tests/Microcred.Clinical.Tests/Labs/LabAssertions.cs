using Microcred.Clinical.Labs;

namespace Microcred.Clinical.Tests.Labs;

internal static class LabAssertions
{
    public static CriterionResult Criterion(this LabGrade grade, string id) => grade.Criteria.Single(c => c.Id == id);

    /// <summary>Every criterion has no points and its feedback contains the expected message.</summary>
    public static void AssertNotGraded(LabGrade grade, string expected)
    {
        Assert.Equal(0, grade.Score);
        Assert.False(grade.Passed);
        Assert.All(grade.Criteria, c =>
        {
            Assert.Equal(0, c.Points);
            Assert.Contains(expected, c.Feedback, StringComparison.Ordinal);
        });
    }

    public static void AssertPerfect(LabGrade grade)
    {
        Assert.True(grade.Score == 100, string.Join("\n", grade.Criteria.Select(c => $"{c.Id} {c.Points}/{c.MaxPoints}: {c.Feedback}")));
        Assert.True(grade.Passed);
        Assert.All(grade.Criteria, c => Assert.Equal(c.MaxPoints, c.Points));
    }

    /// <summary>The lab's model answer for the request scores 100 with every criterion at its maximum.</summary>
    public static void AssertModelAnswerPerfect(ILabModelAnswer lab, LabScenarioRequest request) =>
        AssertPerfect(((ILab)lab).Grade(request, lab.CreateModelAnswer(request).ToSubmission()));

    public static string Describe(LabGrade grade) =>
        grade.Score + "\n" + string.Join("\n", grade.Criteria.Select(c => $"{c.Id} {c.Points}/{c.MaxPoints}: {c.Feedback}"));
}
