using Microcred.Clinical.Labs.RemoteMonitoring;
using Microcred.Clinical.Tests.Labs.Kit;

namespace Microcred.Clinical.Tests.Labs.RemoteMonitoring;

public class RemoteTriageLabTests
{
    private static readonly RemoteTriageLab Lab = new();

    private static RemoteTriageScenario Scenario() => Lab.Scenario(LabTestKit.Request());

    private static List<string> Flagged(RemoteTriageScenario scenario, TriageRules rules) =>
        [.. RemoteTriageLab.Truth(scenario, rules).Select((f, i) => (f, i)).Where(p => p.f != Escalation.None).Select(p => scenario.Patients[p.i].Record.Patient.Id)];

    private static string Csv(IEnumerable<string> ids) => "patient_id,criterion\n" + string.Concat(ids.Select(id => id + ",\n"));

    [Fact]
    public void Model_answer_scores_full_marks()
    {
        var grade = LabTestKit.Grade(Lab, LabTestKit.ModelAnswer(Lab));

        Assert.Equal(100, grade.Score);
        Assert.True(grade.Passed);
    }

    [Fact]
    public void Scenario_has_escalations_and_non_escalations_of_both_programs()
    {
        var scenario = Scenario();
        var truth = RemoteTriageLab.Truth(scenario, TriageRules.Protocol);

        Assert.True(scenario.Patients.Count >= 30);
        Assert.Contains(scenario.Patients, p => p.HeartFailure);
        Assert.Contains(scenario.Patients, p => !p.HeartFailure);
        Assert.InRange(truth.Count(f => f != Escalation.None), 5, scenario.Patients.Count - 5);
    }

    [Fact]
    public void Missing_half_the_escalations_costs_half_the_recall_and_names_the_missed_patients()
    {
        var scenario = Scenario();
        var needed = Flagged(scenario, TriageRules.Protocol);
        var half = needed.Take(needed.Count / 2).ToList();
        var missed = needed[needed.Count / 2];

        var grade = LabTestKit.Grade(Lab, Csv(half));

        var recall = LabTestKit.Criterion(grade, "recall");
        Assert.Equal(50 * half.Count / needed.Count, recall.Points);
        Assert.Contains($"You flagged {half.Count} of the {needed.Count} patients", recall.Feedback, StringComparison.Ordinal);
        Assert.Contains(missed + " meets ", recall.Feedback, StringComparison.Ordinal);
        Assert.Equal(40, LabTestKit.Criterion(grade, "precision").Points);
    }

    [Fact]
    public void Escalating_single_high_readings_is_named_and_costs_precision()
    {
        var scenario = Scenario();
        var single = Flagged(scenario, TriageRules.Protocol with { SingleCrisisReading = true });
        var truth = Flagged(scenario, TriageRules.Protocol);
        Assert.True(single.Count > truth.Count);

        var grade = LabTestKit.Grade(Lab, Csv(single));

        var precision = LabTestKit.Criterion(grade, "precision");
        Assert.Equal(40 * truth.Count / single.Count, precision.Points);
        Assert.Contains("never two consecutive ones", precision.Feedback, StringComparison.Ordinal);
        Assert.Contains("a single reading of 180/120 or above is escalated", LabTestKit.Criterion(grade, "recall").Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_criterion_name_is_reported_without_losing_points()
    {
        var scenario = Scenario();
        var truth = RemoteTriageLab.Truth(scenario, TriageRules.Protocol);
        var index = Array.FindIndex(truth, f => f != Escalation.None && !f.HasFlag(Escalation.LowSystolic));
        var rows = Flagged(scenario, TriageRules.Protocol).Select(id => id == scenario.Patients[index].Record.Patient.Id ? id + ",low-systolic" : id + ",");

        var grade = LabTestKit.Grade(Lab, "patient_id,criterion\n" + string.Join('\n', rows) + "\n");

        Assert.Equal(100, grade.Score);
        Assert.Contains(scenario.Patients[index].Record.Patient.Id + " is rightly flagged, but for", LabTestKit.Criterion(grade, "precision").Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_and_repeated_patients_cost_format_points()
    {
        var scenario = Scenario();
        var flagged = Flagged(scenario, TriageRules.Protocol);
        var notMonitored = Enumerable.Range(1, 1500).Select(i => "p" + i.ToString("D7", System.Globalization.CultureInfo.InvariantCulture))
            .First(id => scenario.Patients.All(p => p.Record.Patient.Id != id));

        var grade = LabTestKit.Grade(Lab, Csv(flagged) + flagged[0] + ",\n" + notMonitored + ",\nbob,\n" + flagged[1] + ",heart-attack\n");

        // Five problem rows: two repeats (one also with an unknown criterion), one patient not enrolled, one non-id.
        var format = LabTestKit.Criterion(grade, "format");
        Assert.Equal(5, format.Points);
        Assert.Contains("is listed more than once", format.Feedback, StringComparison.Ordinal);
        Assert.Contains(notMonitored + " is not enrolled in remote monitoring", format.Feedback, StringComparison.Ordinal);
        Assert.Contains("\"bob\" is not a patient id", format.Feedback, StringComparison.Ordinal);
        Assert.Contains("unknown criterion \"heart-attack\"", format.Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_list_scores_nothing_for_recall_and_precision()
    {
        var grade = LabTestKit.Grade(Lab, "patient_id\n");

        Assert.Equal(10, grade.Score);
        Assert.Equal("No patient was flagged.", LabTestKit.Criterion(grade, "precision").Feedback);
    }

    [Fact]
    public void Reference_sql_over_the_scenario_files_agrees_with_the_grader()
    {
        var (sql, grader) = LabTestKit.SqlAndGrader(Lab, LabTestKit.Request());

        Assert.Equal(grader, sql);
    }
}
