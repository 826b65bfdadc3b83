using System.Globalization;
using Microcred.Clinical.Labs;
using Microcred.Clinical.Labs.Cohort;
using Microcred.Clinical.Labs.QualityMeasures;
using Microcred.Clinical.Tests.Labs.Kit;

namespace Microcred.Clinical.Tests.Labs.QualityMeasures;

public class DiabetesControlLabTests
{
    private static readonly DiabetesControlLab Lab = new();

    private static MeasureTruth Truth() => Lab.Evaluate(Lab.Scenario(LabTestKit.Request()));

    private static string Report(long ip, long exclusions, long denominator, long numerator, double rate, string extra = "") =>
        string.Create(CultureInfo.InvariantCulture,
            $"{{\"initialPopulation\": {ip}, \"exclusions\": {exclusions}, \"denominator\": {denominator}, \"numerator\": {numerator}, \"rate\": {rate:0.######}{extra}}}");

    [Fact]
    public void Model_answer_scores_full_marks()
    {
        var grade = LabTestKit.Grade(Lab, LabTestKit.ModelAnswer(Lab));

        Assert.Equal(100, grade.Score);
        Assert.True(grade.Passed);
        Assert.Contains("exactly right", LabTestKit.Criterion(grade, "numerator").Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void Scenario_has_enough_cases_to_teach_the_measure()
    {
        var truth = Truth();

        Assert.InRange(truth.Counts.InitialPopulation, 60, 400);
        Assert.InRange(truth.Counts.Exclusions, 4, truth.Counts.InitialPopulation / 3);
        Assert.InRange(truth.Counts.Numerator, 10, truth.Counts.Denominator - 10);
        Assert.NotEmpty(Lab.Scenario(LabTestKit.Request()).Cancelled);
    }

    [Fact]
    public void Counting_only_results_above_nine_costs_the_numerator_and_half_the_rate_and_names_the_mistake()
    {
        var truth = Truth();
        var counts = truth.Counts;
        var resultsOnly = truth.Variants.Single(v => v.Id == "results-only").Counts;
        Assert.True(resultsOnly.Numerator < counts.Numerator);

        var grade = LabTestKit.Grade(Lab, Report(counts.InitialPopulation, counts.Exclusions, counts.Denominator, resultsOnly.Numerator,
            (double)resultsOnly.Numerator / counts.Denominator));

        // 10 format + 20 initial population + 15 exclusions + 10 denominator + 0 numerator + 7 rate (own counts).
        Assert.Equal(62, grade.Score);
        Assert.False(grade.Passed);
        Assert.Contains("patients with no HbA1c in the period also count as poorly controlled", LabTestKit.Criterion(grade, "numerator").Feedback, StringComparison.Ordinal);
        Assert.Equal(7, LabTestKit.Criterion(grade, "rate").Points);
        Assert.Contains("your numerator divided by your denominator", LabTestKit.Criterion(grade, "rate").Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void Using_results_from_before_the_period_is_named()
    {
        var truth = Truth();
        var counts = truth.Counts;
        var lookback = truth.Variants.Single(v => v.Id == "lookback").Counts;
        Assert.NotEqual(counts.Numerator, lookback.Numerator);

        var grade = LabTestKit.Grade(Lab, Report(counts.InitialPopulation, counts.Exclusions, counts.Denominator, lookback.Numerator, counts.Rate));

        Assert.Contains("results from before 2025 are used", LabTestKit.Criterion(grade, "numerator").Feedback, StringComparison.Ordinal);
        Assert.Equal(15, LabTestKit.Criterion(grade, "rate").Points);
    }

    [Fact]
    public void Applying_nursing_home_and_frailty_exclusions_under_66_is_named()
    {
        var truth = Truth();
        var counts = truth.Counts;
        var gate = truth.Variants.Single(v => v.Id == "age-gate").Counts;
        Assert.True(gate.Exclusions > counts.Exclusions);

        var grade = LabTestKit.Grade(Lab, Report(gate.InitialPopulation, gate.Exclusions, gate.Denominator, gate.Numerator, gate.Rate));

        // 10 format + 20 initial population + 0 + 0 + 0 + 7 (rate of own counts).
        Assert.Equal(37, grade.Score);
        Assert.Contains("apply only at 66 and over", LabTestKit.Criterion(grade, "exclusions").Feedback, StringComparison.Ordinal);
        Assert.Contains("initial population minus your exclusions", LabTestKit.Criterion(grade, "denominator").Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void Denominator_equal_to_the_initial_population_is_told_to_subtract_exclusions()
    {
        var counts = Truth().Counts;

        var grade = LabTestKit.Grade(Lab, Report(counts.InitialPopulation, counts.Exclusions, counts.InitialPopulation, counts.Numerator, counts.Rate));

        Assert.Equal(0, LabTestKit.Criterion(grade, "denominator").Points);
        Assert.Contains("subtract the exclusions", LabTestKit.Criterion(grade, "denominator").Feedback, StringComparison.Ordinal);
        Assert.Equal(90, grade.Score);
    }

    [Fact]
    public void Rate_given_as_a_percentage_gets_half_the_rate_points()
    {
        var counts = Truth().Counts;

        var grade = LabTestKit.Grade(Lab, Report(counts.InitialPopulation, counts.Exclusions, counts.Denominator, counts.Numerator, counts.Rate * 100));

        Assert.Equal(7, LabTestKit.Criterion(grade, "rate").Points);
        Assert.Contains("percentage", LabTestKit.Criterion(grade, "rate").Feedback, StringComparison.Ordinal);
        Assert.Equal(92, grade.Score);
    }

    [Fact]
    public void Numerator_list_feedback_names_missed_and_extra_patients_with_the_reason()
    {
        var scenario = Lab.Scenario(LabTestKit.Request());
        var truth = Truth();
        var counts = truth.Counts;
        var listed = truth.NumeratorPatients.Skip(1).Select(i => "p" + (i + 1).ToString("D7", CultureInfo.InvariantCulture)).ToList();
        var missed = "p" + (truth.NumeratorPatients[0] + 1).ToString("D7", CultureInfo.InvariantCulture);
        var notPoor = Enumerable.Range(0, scenario.PatientCount).First(i => !truth.NumeratorPatients.Contains(i));
        listed.Add("p" + (notPoor + 1).ToString("D7", CultureInfo.InvariantCulture));
        var extra = ", \"numeratorPatients\": [" + string.Join(", ", listed.Select(id => "\"" + id + "\"")) + "]";

        var feedback = LabTestKit.Criterion(LabTestKit.Grade(Lab, Report(counts.InitialPopulation, counts.Exclusions, counts.Denominator, counts.Numerator, counts.Rate, extra)), "numerator").Feedback;

        Assert.Contains("misses 1 and adds 1 patient", feedback, StringComparison.Ordinal);
        Assert.Contains("missed " + missed + " (", feedback, StringComparison.Ordinal);
        Assert.Contains("should not be listed: p" + (notPoor + 1).ToString("D7", CultureInfo.InvariantCulture), feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void Listed_patients_outside_the_denominator_are_explained_by_the_rule_that_leaves_them_out()
    {
        var scenario = Lab.Scenario(LabTestKit.Request());
        var start = scenario.Population.PeriodStart;
        var end = scenario.Population.PeriodEnd;
        var indexes = Enumerable.Range(0, scenario.PatientCount).ToList();
        bool HasDiabetes(int i) => scenario.Patients[i].Conditions.Any(c => c.Code.Code.StartsWith("E11", StringComparison.Ordinal) && MeasureLogic.ActiveBetween(c, start, end));
        var withoutDiabetes = indexes.First(i => !scenario.Patients[i].Conditions.Any(c => c.Code.Code.StartsWith('E')));
        var tooOld = indexes.First(i => HasDiabetes(i) && scenario.Patients[i].Patient.AgeOn(end) > 75);
        var excluded = indexes.First(i => HasDiabetes(i) && scenario.Patients[i].Patient.AgeOn(end) is >= 18 and <= 75
            && MeasureLogic.HasQualifyingVisit(scenario.Patients[i], start, end, MeasureRules.Correct)
            && MeasureLogic.Exclusions(scenario.Patients[i], start, end, false, MeasureRules.Correct) != MeasureExclusion.None);

        Assert.EndsWith("(no diabetes diagnosis active in 2025, so not in the initial population)", Lab.DescribePatient(scenario, withoutDiabetes), StringComparison.Ordinal);
        Assert.Matches(@"^p\d{7} \(aged (7[6-9]|[89]\d) on 2025-12-31, so not in the initial population\)$", Lab.DescribePatient(scenario, tooOld));
        Assert.Matches(@"^p\d{7} \(excluded: .+\)$", Lab.DescribePatient(scenario, excluded));
    }

    [Fact]
    public void Missing_and_string_fields_cost_format_points_but_readable_values_are_still_graded()
    {
        var counts = Truth().Counts;
        var json = string.Create(CultureInfo.InvariantCulture,
            $"{{\"initial_population\": \"{counts.InitialPopulation}\", \"exclusions\": {counts.Exclusions}, \"numerator\": {counts.Numerator}, \"notes\": \"x\"}}");

        var grade = LabTestKit.Grade(Lab, json);

        var format = LabTestKit.Criterion(grade, "format");
        Assert.Equal(1, format.Points);
        Assert.Contains("write counts as JSON numbers without quotes", format.Feedback, StringComparison.Ordinal);
        Assert.Contains("The field denominator is missing.", format.Feedback, StringComparison.Ordinal);
        Assert.Contains("Unknown field \"notes\" was ignored", format.Feedback, StringComparison.Ordinal);
        Assert.Equal(20, LabTestKit.Criterion(grade, "initial-population").Points);
        Assert.Equal(30, LabTestKit.Criterion(grade, "numerator").Points);
        Assert.Equal("No readable rate was given.", LabTestKit.Criterion(grade, "rate").Feedback);
    }

    [Theory]
    [InlineData("", "The submission is empty (0 bytes).")]
    [InlineData("initialPopulation,exclusions\n1,2\n", "but this lab expects a JSON object")]
    [InlineData("[1, 2, 3]", "The JSON is an array; submit one object")]
    [InlineData("{\"initialPopulation\": 1,}", "The JSON is not well-formed")]
    [InlineData("{\"numerator\": 1, \"numerator\": 2}", "appears twice")]
    public void Unreadable_reports_are_not_graded_and_say_why(string text, string expected)
    {
        var grade = LabTestKit.Grade(Lab, text);

        Assert.Equal(0, grade.Score);
        Assert.All(grade.Criteria, c => Assert.Contains(expected, c.Feedback, StringComparison.Ordinal));
    }

    [Fact]
    public void Reference_sql_over_the_scenario_files_agrees_with_the_grader()
    {
        var (sql, grader) = LabTestKit.SqlAndGrader(Lab, LabTestKit.Request());

        Assert.Equal(grader, sql);
    }

    [Fact]
    public void Task_statement_states_the_period_the_exclusions_and_the_threshold()
    {
        var statement = Lab.TaskStatement;

        foreach (var phrase in (string[])["2025-01-01 to 2025-12-31", "Hospice", "Palliative care", "Long-term nursing home", "Frailty with advanced illness",
            "greater than 9.0 %", "cancelled", "pass at 80", "\"numeratorPatients\""])
        {
            Assert.Contains(phrase, statement, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Scenario_files_carry_the_planted_cases()
    {
        var files = Lab.CreateScenario(LabTestKit.Request()).Files.ToDictionary(f => f.Path, f => f.Content);

        Assert.Equal(["README.md", "patients.csv", "encounters.csv", "conditions.csv", "medications.csv", "observations.csv"], files.Keys);
        Assert.Contains(",cancelled,,", files["observations.csv"], StringComparison.Ordinal);
        Assert.Contains(",Z51.5,", files["conditions.csv"], StringComparison.Ordinal);
        Assert.Contains(",R54,", files["conditions.csv"], StringComparison.Ordinal);
        Assert.Contains(",nursing-facility-visit,", files["encounters.csv"], StringComparison.Ordinal);
        Assert.Contains("LOINC is copyright", files["README.md"], StringComparison.Ordinal);
        Assert.StartsWith("patient_id,birth_date,sex,postal_code,death_date\np0000001,", files["patients.csv"], StringComparison.Ordinal);
    }
}

public class MeasureFeedbackConsistencyTests
{
    [Fact]
    public void Diabetes_feedback_explains_every_patient_the_way_the_grader_counts_them()
    {
        var lab = new DiabetesControlLab();
        var scenario = lab.Scenario(LabTestKit.Request());
        var numerator = lab.Evaluate(scenario).NumeratorPatients.ToHashSet();

        for (var i = 0; i < scenario.PatientCount; i++)
        {
            var text = lab.DescribePatient(scenario, i);
            var poor = text.Contains("poorly controlled", StringComparison.Ordinal) || text.EndsWith(", above 9.0 %)", StringComparison.Ordinal);
            Assert.True(numerator.Contains(i) == poor, text);
        }
    }

    [Fact]
    public void Blood_pressure_feedback_explains_every_patient_the_way_the_grader_counts_them()
    {
        var lab = new BloodPressureControlLab();
        var scenario = lab.Scenario(LabTestKit.Request());
        var numerator = lab.Evaluate(scenario).NumeratorPatients.ToHashSet();

        for (var i = 0; i < scenario.PatientCount; i++)
        {
            var text = lab.DescribePatient(scenario, i);
            Assert.True(numerator.Contains(i) == text.EndsWith(", controlled)", StringComparison.Ordinal), text);
        }
    }
}
