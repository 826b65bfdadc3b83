using System.Globalization;
using System.Text;
using Microcred.Clinical.Labs.Operations;
using Microcred.Clinical.Tests.Labs.Kit;

namespace Microcred.Clinical.Tests.Labs.Operations;

public class OperationsDashboardLabTests
{
    private static readonly OperationsDashboardLab Lab = new();

    private static OperationsScenario Scenario() => Lab.Scenario(LabTestKit.Request());

    private static string Rows(OperationsScenario scenario, RateTable table, string metric)
    {
        var text = new StringBuilder();
        for (var c = 0; c < table.Clinics; c++)
        {
            for (var m = 0; m < table.Months; m++)
            {
                if (table.Denominator[c, m] > 0)
                {
                    text.Append(CultureInfo.InvariantCulture, $"{scenario.Clinics[c]},2025-{m + 1:00},{metric},{table.Rate(c, m):0.0000}\n");
                }
            }
        }

        return text.ToString();
    }

    private static string Outlier(OperationsScenario scenario, int clinic) => $"{scenario.Clinics[clinic]},2025,no_show_outlier,0.2\n";

    private static string Header => "clinic_id,month,metric,value\n";

    [Fact]
    public void Model_answer_scores_full_marks()
    {
        var grade = LabTestKit.Grade(Lab, LabTestKit.ModelAnswer(Lab));

        Assert.Equal(100, grade.Score);
        Assert.True(grade.Passed);
    }

    [Fact]
    public void Planted_outlier_stands_far_above_every_other_clinic_of_sufficient_size()
    {
        var scenario = Scenario();
        var rates = OperationsDashboardLab.AnnualNoShowRates(scenario);
        var counted = OperationsDashboardLab.NoShowRates(scenario, OperationsDashboardLab.NoShowRule.Correct);
        var others = Enumerable.Range(0, rates.Length)
            .Where(c => c != scenario.OutlierClinic && Enumerable.Range(0, 12).Sum(m => counted.Denominator[c, m]) >= 50)
            .Select(c => rates[c]);

        Assert.True(rates[scenario.OutlierClinic] > 1.5 * others.Max());
    }

    [Fact]
    public void Leaving_out_the_readmission_rates_fails_with_the_missing_cells_counted()
    {
        var scenario = Scenario();
        var noShow = OperationsDashboardLab.NoShowRates(scenario, OperationsDashboardLab.NoShowRule.Correct);
        var expectedCells = OperationsDashboardLab.ReadmissionRates(scenario, OperationsDashboardLab.ReadmissionRule.Correct).Cells;

        var grade = LabTestKit.Grade(Lab, Header + Rows(scenario, noShow, "no_show_rate") + Outlier(scenario, scenario.OutlierClinic));

        // 10 format + 35 no-show + 0 readmission + 20 outlier.
        Assert.Equal(65, grade.Score);
        Assert.False(grade.Passed);
        Assert.Contains($"0 of {expectedCells} clinic-month readmission rates are right; {expectedCells} expected clinic-months are missing.",
            LabTestKit.Criterion(grade, "readmission-rates").Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void Keeping_advance_cancellations_in_the_denominator_is_named()
    {
        var scenario = Scenario();
        var mistaken = OperationsDashboardLab.NoShowRates(scenario, OperationsDashboardLab.NoShowRule.AllCancellationsCounted);
        var readmission = OperationsDashboardLab.ReadmissionRates(scenario, OperationsDashboardLab.ReadmissionRule.Correct);

        var grade = LabTestKit.Grade(Lab, Header + Rows(scenario, mistaken, "no_show_rate") + Rows(scenario, readmission, "readmission_rate") + Outlier(scenario, scenario.OutlierClinic));

        var feedback = LabTestKit.Criterion(grade, "no-show-rates");
        Assert.True(feedback.Points < 20);
        Assert.Contains("appointments cancelled in advance are kept in the denominator", feedback.Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void Grouping_readmissions_by_admission_month_is_named()
    {
        var scenario = Scenario();
        var noShow = OperationsDashboardLab.NoShowRates(scenario, OperationsDashboardLab.NoShowRule.Correct);
        var mistaken = OperationsDashboardLab.ReadmissionRates(scenario, OperationsDashboardLab.ReadmissionRule.AdmissionMonth);

        var grade = LabTestKit.Grade(Lab, Header + Rows(scenario, noShow, "no_show_rate") + Rows(scenario, mistaken, "readmission_rate") + Outlier(scenario, scenario.OutlierClinic));

        var feedback = LabTestKit.Criterion(grade, "readmission-rates");
        Assert.True(feedback.Points < 35);
        Assert.Contains("stays are grouped by admission month", feedback.Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void Naming_the_wrong_outlier_costs_its_points_and_gives_that_clinics_rate()
    {
        var scenario = Scenario();
        var wrong = scenario.OutlierClinic == 0 ? 1 : 0;
        var model = LabTestKit.ModelAnswer(Lab).Split('\n').Where(l => !l.Contains("no_show_outlier", StringComparison.Ordinal));

        var grade = LabTestKit.Grade(Lab, string.Join('\n', model) + Outlier(scenario, wrong));

        Assert.Equal(80, grade.Score);
        Assert.Contains($"{scenario.Clinics[wrong]} is not the outlier: its 2025 no-show rate is", LabTestKit.Criterion(grade, "outlier").Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void Percentages_are_recognised()
    {
        var scenario = Scenario();
        var noShow = OperationsDashboardLab.NoShowRates(scenario, OperationsDashboardLab.NoShowRule.Correct);
        var percent = Rows(scenario, noShow, "no_show_rate").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => { var cells = line.Split(','); return $"{cells[0]},{cells[1]},{cells[2]},{double.Parse(cells[3], CultureInfo.InvariantCulture) * 100:0.00}"; });

        var grade = LabTestKit.Grade(Lab, Header + string.Join('\n', percent) + "\n");

        Assert.Contains("look like percentages", LabTestKit.Criterion(grade, "no-show-rates").Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void Unusable_rows_cost_a_format_point_each_and_are_named()
    {
        var model = LabTestKit.ModelAnswer(Lab);
        var firstRow = model.Split('\n')[1];
        var bad = "org-999,2025-01,no_show_rate,0.1\norg-020,2025-13,no_show_rate,0.1\norg-020,2025-02,wait_time,3\n" + firstRow + "\n";

        var grade = LabTestKit.Grade(Lab, model + bad);

        var format = LabTestKit.Criterion(grade, "format");
        Assert.Equal(6, format.Points);
        Assert.Contains("unknown clinic_id \"org-999\"", format.Feedback, StringComparison.Ordinal);
        Assert.Contains("is not a month from 2025-01 to 2025-12", format.Feedback, StringComparison.Ordinal);
        Assert.Contains("unknown metric \"wait_time\"", format.Feedback, StringComparison.Ordinal);
        Assert.Contains("is given twice", format.Feedback, StringComparison.Ordinal);
        Assert.Equal(96, grade.Score);
    }

    [Fact]
    public void Wrong_header_is_not_graded_and_names_the_expected_header()
    {
        var grade = LabTestKit.Grade(Lab, "clinic,month,rate\norg-020,2025-01,0.1\n");

        Assert.Equal(0, grade.Score);
        Assert.Contains("The header must be: clinic_id,month,metric,value", grade.Criteria[0].Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void Reference_sql_over_the_scenario_files_agrees_with_the_grader()
    {
        var (sql, grader) = LabTestKit.SqlAndGrader(Lab, LabTestKit.Request());

        Assert.Equal(grader, sql);
    }
}
