using Microcred.Clinical.Labs;
using Microcred.Clinical.Labs.Cohort;
using Microcred.Clinical.Labs.FhirQuery;
using Microcred.Clinical.Labs.Forecasting;
using Microcred.Clinical.Labs.Operations;
using Microcred.Clinical.Labs.PopulationHealth;
using Microcred.Clinical.Labs.QualityMeasures;
using Microcred.Clinical.Labs.RemoteMonitoring;
using Microcred.Clinical.Tests.Labs.Kit;

namespace Microcred.Clinical.Tests.Labs;

/// <summary>What every analytics lab (5, 6, 7, 8, 9, 11, 12) must do: be registered, survive hostile
/// submissions with a specific message, and build the same files from the same seed.</summary>
public class AnalyticsLabsTests
{
    public static TheoryData<int> LabNumbers => [5, 6, 7, 8, 9, 11, 12];

    internal static ILab Create(int number) => number switch
    {
        5 => new DiabetesControlLab(),
        6 => new BloodPressureControlLab(),
        7 => new OperationsDashboardLab(),
        8 => new VisitForecastLab(),
        9 => new RemoteTriageLab(),
        11 => new ProgramEvaluationLab(),
        _ => new FhirQueryLab(),
    };

    internal static LabScenarioRequest SmallRequest(ILab lab, long seed = LabTestKit.Seed) => lab.Parameters.Any(p => p.Name == "patients")
        ? LabTestKit.Request(Math.Max(LabTestKit.Patients, lab.Parameters.Single(p => p.Name == "patients").Minimum), seed)
        : new LabScenarioRequest(seed);

    [Theory]
    [MemberData(nameof(LabNumbers))]
    public void Lab_is_in_the_default_catalog_with_a_model_answer(int number)
    {
        var lab = LabCatalog.Default.Find(number.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.NotNull(lab);
        Assert.Equal(Create(number).GetType(), lab.GetType());
        Assert.IsAssignableFrom<ILabModelAnswer>(lab);
        var grade = lab.Grade(SmallRequest(lab), ((ILabModelAnswer)lab).CreateModelAnswer(SmallRequest(lab)).ToSubmission());
        Assert.Equal(100, grade.Criteria.Sum(c => c.MaxPoints));
        Assert.Equal(100, grade.Score);
    }

    [Theory]
    [MemberData(nameof(LabNumbers))]
    public void Hostile_and_malformed_submissions_get_a_specific_message_and_no_points(int number)
    {
        var lab = Create(number);
        var request = SmallRequest(lab);

        foreach (var (name, submission) in LabTestKit.HostileSubmissions())
        {
            var grade = lab.Grade(request, submission);

            Assert.True(grade.Score == 0, $"{name}: scored {grade.Score}");
            Assert.False(grade.Passed, name);
            Assert.All(grade.Criteria, c => Assert.DoesNotContain("unexpected problem", c.Feedback, StringComparison.Ordinal));
            Assert.All(grade.Criteria, c => Assert.False(string.IsNullOrWhiteSpace(c.Feedback), name));
        }
    }

    [Theory]
    [MemberData(nameof(LabNumbers))]
    public void Oversized_submission_is_refused_naming_the_limit(int number)
    {
        var lab = Create(number);

        var grade = lab.Grade(SmallRequest(lab), LabSubmission.FromBytes(new byte[Microcred.Clinical.Labs.Submissions.SubmissionLimits.MaxBytes + 1]));

        Assert.Contains("the limit is 2 MiB", grade.Criteria[0].Feedback, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(LabNumbers))]
    public void Task_statement_states_format_example_and_pass_threshold(int number)
    {
        var lab = Create(number);

        Assert.Contains("## Submission format", lab.TaskStatement, StringComparison.Ordinal);
        Assert.Contains("```", lab.TaskStatement, StringComparison.Ordinal);
        Assert.Contains($"pass at {lab.Info.PassThreshold}", lab.TaskStatement, StringComparison.Ordinal);
        Assert.DoesNotContain("{{", lab.TaskStatement, StringComparison.Ordinal);
    }
}

[CollectionDefinition("Scenario population cache", DisableParallelization = true)]
public sealed class ScenarioPopulationCacheGroup;

/// <summary>Determinism needs the population generated afresh, so these tests clear the shared cache and
/// run alone.</summary>
[Collection("Scenario population cache")]
public class AnalyticsLabsDeterminismTests
{
    [Theory]
    [MemberData(nameof(AnalyticsLabsTests.LabNumbers), MemberType = typeof(AnalyticsLabsTests))]
    public void Same_seed_gives_identical_scenario_files(int number)
    {
        var request = AnalyticsLabsTests.SmallRequest(AnalyticsLabsTests.Create(number), seed: 2024);

        ScenarioPopulation.ClearCache();
        var first = AnalyticsLabsTests.Create(number).CreateScenario(request).Files.Select(f => (f.Path, f.Content)).ToList();
        ScenarioPopulation.ClearCache();
        var second = AnalyticsLabsTests.Create(number).CreateScenario(request).Files.Select(f => (f.Path, f.Content)).ToList();
        var other = AnalyticsLabsTests.Create(number).CreateScenario(AnalyticsLabsTests.SmallRequest(AnalyticsLabsTests.Create(number), seed: 2025))
            .Files.Select(f => (f.Path, f.Content)).ToList();

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }
}
