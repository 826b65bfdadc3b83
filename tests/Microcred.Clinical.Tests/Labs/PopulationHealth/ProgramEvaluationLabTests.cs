using System.Globalization;
using System.Text;
using Microcred.Clinical.Labs.PopulationHealth;
using Microcred.Clinical.Tests.Labs.Kit;

namespace Microcred.Clinical.Tests.Labs.PopulationHealth;

public class ProgramEvaluationLabTests
{
    private static readonly ProgramEvaluationLab Lab = new();

    private static ProgramScenario Scenario() => Lab.Scenario(LabTestKit.Request());

    private static string Submission(Dictionary<(string Zip3, int Band), PrevalenceCell>? cells, ProgramEffect? effect, double? did = null)
    {
        var json = new StringBuilder("{");
        if (cells is not null)
        {
            json.Append("\"prevalence\": [");
            json.AppendJoin(",", cells.Select(c => string.Create(CultureInfo.InvariantCulture,
                $"{{\"zip3\": \"{c.Key.Zip3}\", \"ageBand\": \"{ProgramEvaluationLab.AgeBands[c.Key.Band]}\", \"population\": {c.Value.Population}, \"cases\": {c.Value.Cases}, \"prevalence\": {c.Value.Prevalence:0.######}}}")));
            json.Append(']');
        }

        if (effect is not null)
        {
            json.Append(cells is null ? string.Empty : ", ").Append(string.Create(CultureInfo.InvariantCulture,
                $"\"program\": {{\"programPatients\": {effect.ProgramPatients}, \"comparisonPatients\": {effect.ComparisonPatients}, \"programBefore\": {effect.ProgramBefore:0.######}, \"programAfter\": {effect.ProgramAfter:0.######}, \"comparisonBefore\": {effect.ComparisonBefore:0.######}, \"comparisonAfter\": {effect.ComparisonAfter:0.######}, \"differenceInDifferences\": {did ?? effect.DifferenceInDifferences:0.######}}}"));
        }

        return json.Append('}').ToString();
    }

    [Fact]
    public void Model_answer_scores_full_marks()
    {
        var grade = LabTestKit.Grade(Lab, LabTestKit.ModelAnswer(Lab));

        Assert.Equal(100, grade.Score);
        Assert.True(grade.Passed);
    }

    [Fact]
    public void Planted_program_effect_shows_as_a_fall_in_hba1c()
    {
        var effect = ProgramEvaluationLab.Evaluate(Scenario());

        Assert.True(effect.ProgramPatients >= 5);
        Assert.InRange(effect.DifferenceInDifferences, -1.2, -0.2);
    }

    [Fact]
    public void Reporting_only_the_program_groups_change_loses_the_effect_points_and_is_explained()
    {
        var scenario = Scenario();
        var effect = ProgramEvaluationLab.Evaluate(scenario);

        var grade = LabTestKit.Grade(Lab, Submission(ProgramEvaluationLab.PrevalenceCells(scenario), effect, effect.ProgramAfter - effect.ProgramBefore));

        Assert.Equal(80, grade.Score);
        Assert.Contains("It is the program group's own change", LabTestKit.Criterion(grade, "difference-in-differences").Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void Reversed_sign_is_explained()
    {
        var scenario = Scenario();
        var effect = ProgramEvaluationLab.Evaluate(scenario);

        var grade = LabTestKit.Grade(Lab, Submission(ProgramEvaluationLab.PrevalenceCells(scenario), effect, -effect.DifferenceInDifferences));

        Assert.Contains("the wrong sign", LabTestKit.Criterion(grade, "difference-in-differences").Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void Averaging_all_results_instead_of_patient_means_is_named()
    {
        var scenario = Scenario();
        var pooled = ProgramEvaluationLab.Evaluate(scenario, ProgramEvaluationLab.EffectRule.PooledResults);

        var grade = LabTestKit.Grade(Lab, Submission(ProgramEvaluationLab.PrevalenceCells(scenario), pooled));

        var means = LabTestKit.Criterion(grade, "group-means");
        Assert.True(means.Points < 20);
        Assert.Contains("average each patient's own results first", means.Feedback, StringComparison.Ordinal);
        Assert.Equal(10, LabTestKit.Criterion(grade, "cohorts").Points);
    }

    [Fact]
    public void Counting_the_deceased_in_the_denominators_is_named()
    {
        var scenario = Scenario();
        var cells = ProgramEvaluationLab.PrevalenceCells(scenario, keepDeceased: true);

        var grade = LabTestKit.Grade(Lab, Submission(cells, ProgramEvaluationLab.Evaluate(scenario)));

        var denominators = LabTestKit.Criterion(grade, "prevalence-denominators");
        Assert.True(denominators.Points < 15);
        Assert.Contains("patients who died before the end of 2025 are counted", denominators.Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void Leaving_out_the_program_evaluation_scores_only_the_prevalence()
    {
        var scenario = Scenario();

        var grade = LabTestKit.Grade(Lab, Submission(ProgramEvaluationLab.PrevalenceCells(scenario), null));

        // 5 format (5 off for the missing part) + 15 + 25 + 0 + 0 + 0.
        Assert.Equal(45, grade.Score);
        Assert.Contains("\"program\" is missing or is not an object.", LabTestKit.Criterion(grade, "format").Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_zip3_and_age_band_rows_are_named()
    {
        var grade = LabTestKit.Grade(Lab, "{\"prevalence\": [{\"zip3\": \"999\", \"ageBand\": \"18-44\", \"population\": 1, \"cases\": 0, \"prevalence\": 0}, " +
            "{\"zip3\": \"030\", \"ageBand\": \"teens\", \"population\": 1, \"cases\": 0, \"prevalence\": 0}]}");

        var format = LabTestKit.Criterion(grade, "format").Feedback;
        Assert.Contains("zip3 \"999\" is not a ZIP3 of this population", format, StringComparison.Ordinal);
        Assert.Contains("ageBand \"teens\" is not one of", format, StringComparison.Ordinal);
    }

    [Fact]
    public void Reference_sql_over_the_scenario_files_agrees_with_the_grader()
    {
        var (sql, grader) = LabTestKit.SqlAndGrader(Lab, LabTestKit.Request());

        Assert.Equal(grader.Keys.Order(), sql.Keys.Order());
        foreach (var (name, value) in grader)
        {
            Assert.Equal(value, sql[name], 9);
        }
    }
}
