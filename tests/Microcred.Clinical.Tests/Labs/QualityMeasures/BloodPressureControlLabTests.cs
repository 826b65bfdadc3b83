using System.Globalization;
using Microcred.Clinical.Labs.Cohort;
using Microcred.Clinical.Labs.QualityMeasures;
using Microcred.Clinical.Tests.Labs.Kit;

namespace Microcred.Clinical.Tests.Labs.QualityMeasures;

public class BloodPressureControlLabTests
{
    private static readonly BloodPressureControlLab Lab = new();

    private static MeasureTruth Truth() => Lab.Evaluate(Lab.Scenario(LabTestKit.Request()));

    private static string Report(MeasureCounts counts, int? numerator = null, int? denominator = null)
    {
        var n = numerator ?? counts.Numerator;
        var d = denominator ?? counts.Denominator;
        return string.Create(CultureInfo.InvariantCulture,
            $"{{\"initialPopulation\": {counts.InitialPopulation}, \"exclusions\": {counts.Exclusions}, \"denominator\": {d}, \"numerator\": {n}, \"rate\": {(double)n / d:0.######}}}");
    }

    [Fact]
    public void Model_answer_scores_full_marks()
    {
        var grade = LabTestKit.Grade(Lab, LabTestKit.ModelAnswer(Lab));

        Assert.Equal(100, grade.Score);
        Assert.True(grade.Passed);
    }

    [Fact]
    public void Scenario_has_same_visit_rechecks_and_planted_kidney_and_pregnancy_exclusions()
    {
        var scenario = Lab.Scenario(LabTestKit.Request());
        var truth = Truth();

        Assert.True(scenario.RepeatReadings > 20);
        Assert.True(truth.Variants.Single(v => v.Id == "no-kidney-pregnancy").Counts.Exclusions < truth.Counts.Exclusions);
        Assert.InRange(truth.Counts.Numerator, truth.Counts.Denominator / 4, truth.Counts.Denominator * 3 / 4);
    }

    [Theory]
    [InlineData("highest", "the highest reading of the day is used")]
    [InlineData("mean", "the day's readings are averaged")]
    [InlineData("acute-readings", "readings from emergency-department or inpatient encounters are counted")]
    [InlineData("at-or-below", "control means below 140 and below 90")]
    public void Typical_numerator_mistakes_cost_the_numerator_and_are_named(string variant, string named)
    {
        var truth = Truth();
        var mistaken = truth.Variants.Single(v => v.Id == variant).Counts;
        Assert.NotEqual(truth.Counts.Numerator, mistaken.Numerator);

        var grade = LabTestKit.Grade(Lab, Report(truth.Counts, numerator: mistaken.Numerator));

        // 10 + 20 + 15 + 10 + 0 numerator + 7 for a rate that follows the learner's own counts.
        Assert.Equal(62, grade.Score);
        Assert.Contains(named, LabTestKit.Criterion(grade, "numerator").Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void Dropping_patients_without_a_reading_costs_the_denominator_and_is_named()
    {
        var truth = Truth();
        var dropped = truth.Variants.Single(v => v.Id == "dropped-no-reading").Counts;
        Assert.True(dropped.Denominator < truth.Counts.Denominator);

        var grade = LabTestKit.Grade(Lab, Report(truth.Counts, numerator: dropped.Numerator, denominator: dropped.Denominator));

        Assert.Equal(0, LabTestKit.Criterion(grade, "denominator").Points);
        Assert.Contains("no reading means not controlled", LabTestKit.Criterion(grade, "denominator").Feedback, StringComparison.Ordinal);
        Assert.Equal(30, LabTestKit.Criterion(grade, "numerator").Points);
        Assert.Equal(82, grade.Score);
    }

    [Fact]
    public void Forgetting_the_kidney_and_pregnancy_exclusions_is_named()
    {
        var truth = Truth();
        var variant = truth.Variants.Single(v => v.Id == "no-kidney-pregnancy").Counts;

        var grade = LabTestKit.Grade(Lab, Report(variant));

        Assert.Contains("kidney transplant and pregnancy are not excluded", LabTestKit.Criterion(grade, "exclusions").Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void Reference_sql_over_the_scenario_files_agrees_with_the_grader()
    {
        var (sql, grader) = LabTestKit.SqlAndGrader(Lab, LabTestKit.Request());

        Assert.Equal(grader, sql);
    }

    [Fact]
    public void Task_statement_states_the_day_rule_and_the_ignored_readings()
    {
        foreach (var phrase in (string[])["lowest systolic", "lowest diastolic", "ignored", "not controlled", "2025-06-30", "Kidney failure", "Pregnancy"])
        {
            Assert.Contains(phrase, Lab.TaskStatement, StringComparison.Ordinal);
        }
    }
}
