using System.Globalization;
using System.Text;
using Microcred.Clinical.Labs;
using Microcred.Clinical.Labs.Forecasting;
using Microcred.Clinical.Tests.Labs.Kit;

namespace Microcred.Clinical.Tests.Labs.Forecasting;

public class VisitForecastLabTests
{
    private static readonly VisitForecastLab Lab = new();

    private static LabScenarioRequest Request(long seed = LabTestKit.Seed, int months = 24) =>
        new(seed) { Parameters = new Dictionary<string, int> { ["months"] = months } };

    private static string Forecast(IEnumerable<(DateOnly Date, double Value)> rows)
    {
        var csv = new StringBuilder("date,forecast\n");
        foreach (var (date, value) in rows)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{date:yyyy-MM-dd},{value:0.##}\n");
        }

        return csv.ToString();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(7)]
    [InlineData(11)]
    [InlineData(13)]
    [InlineData(42)]
    public void Forecasting_the_process_expectation_scores_full_marks(long seed)
    {
        var grade = LabTestKit.Grade(Lab, LabTestKit.ModelAnswer(Lab, Request(seed)), Request(seed));

        Assert.Equal(100, grade.Score);
    }

    [Fact]
    public void History_has_the_requested_months_and_the_calendar_covers_january()
    {
        var scenario = Lab.Scenario(Request(months: 12));
        var files = Lab.CreateScenario(Request(months: 12)).Files.ToDictionary(f => f.Path, f => f.Content);

        Assert.Equal(new DateOnly(2025, 1, 1), scenario.History[0].Date);
        Assert.Equal(365, scenario.History.Count);
        Assert.Equal(31, scenario.Horizon.Count);
        Assert.Contains("2026-01-01,closed,New Year's Day", files["clinic_calendar.csv"], StringComparison.Ordinal);
        Assert.Contains("2026-01-19,closed,Martin Luther King Jr. Day", files["clinic_calendar.csv"], StringComparison.Ordinal);
        Assert.Contains("2025-12-25,Thursday,0", files["daily_visits.csv"], StringComparison.Ordinal);
    }

    [Fact]
    public void All_zero_forecast_scores_only_format_and_coverage()
    {
        var scenario = Lab.Scenario(Request());

        var grade = LabTestKit.Grade(Lab, Forecast(scenario.Horizon.Select(d => (d.Date, 0.0))), Request());

        // 10 format + 15 coverage + 0 accuracy (MAE = mean volume, above the naive MAE) + 0 bias (-100 %).
        Assert.Equal(25, grade.Score);
        Assert.Contains("under-forecast", LabTestKit.Criterion(grade, "bias").Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void Seasonal_naive_forecast_earns_partial_accuracy_and_is_told_about_closed_days()
    {
        var scenario = Lab.Scenario(Request());
        var lastWeek = scenario.History.TakeLast(7).ToDictionary(d => d.Date.DayOfWeek, d => (double)d.Visits);

        var grade = LabTestKit.Grade(Lab, Forecast(scenario.Horizon.Select(d => (d.Date, lastWeek[d.Date.DayOfWeek]))), Request());

        var accuracy = LabTestKit.Criterion(grade, "accuracy");
        Assert.InRange(accuracy.Points, 1, 59);
        Assert.Contains("You forecast visits on", accuracy.Feedback, StringComparison.Ordinal);
        Assert.Contains("2026-01-19", accuracy.Feedback, StringComparison.Ordinal);
        Assert.False(grade.Passed);
    }

    [Fact]
    public void Systematic_over_forecast_loses_the_bias_points()
    {
        var scenario = Lab.Scenario(Request());

        var grade = LabTestKit.Grade(Lab, Forecast(scenario.Horizon.Select(d => (d.Date, d.Expected * 1.6))), Request());

        var bias = LabTestKit.Criterion(grade, "bias");
        Assert.Equal(0, bias.Points);
        Assert.Contains("runs systematically high", bias.Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_repeated_and_out_of_month_dates_cost_coverage_points()
    {
        var scenario = Lab.Scenario(Request());
        var rows = scenario.Horizon.Take(29).Select(d => (d.Date, d.Expected)).ToList();
        rows.Add((scenario.Horizon[0].Date, 10));
        rows.Add((new DateOnly(2026, 2, 1), 50));

        var grade = LabTestKit.Grade(Lab, Forecast(rows) + "January 5,40\n2026-01-31,-3\n", Request());

        var coverage = LabTestKit.Criterion(grade, "coverage");
        // Two missing days (Jan 30 and 31; the negative Jan 31 row is unusable), one repeat, one outside the month: 4 × 3.
        Assert.Equal(3, coverage.Points);
        Assert.Contains("2026-01-30 is missing", coverage.Feedback, StringComparison.Ordinal);
        Assert.Contains("2026-01-01 is given more than once", coverage.Feedback, StringComparison.Ordinal);
        Assert.Contains("2026-02-01 is outside January 2026", coverage.Feedback, StringComparison.Ordinal);
        var format = LabTestKit.Criterion(grade, "format");
        Assert.Equal(6, format.Points);
        Assert.Contains("\"January 5\" is not a date written YYYY-MM-DD", format.Feedback, StringComparison.Ordinal);
        Assert.Contains("outside the accepted range", format.Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void Out_of_range_history_length_is_refused()
    {
        var grade = Lab.Grade(Request(months: 30), LabSubmission.FromText("date,forecast\n"));

        Assert.Equal(0, grade.Score);
        Assert.Contains("\"months\" must be between 12 and 24", grade.Criteria[0].Feedback, StringComparison.Ordinal);
    }
}
