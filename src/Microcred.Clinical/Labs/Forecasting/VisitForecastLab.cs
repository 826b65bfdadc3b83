using System.Globalization;
using Microcred.Clinical.Labs.Cohort;
using Microcred.Clinical.Labs.Submissions;
using Microcred.Clinical.Population;

namespace Microcred.Clinical.Labs.Forecasting;

/// <summary>What the clinic does on a day.</summary>
internal enum ClinicDay
{
    Open,
    Reduced,
    Closed,
}

/// <summary>One day of the series: the calendar, the process's expected volume and what happened.</summary>
internal readonly record struct VisitDay(DateOnly Date, ClinicDay Status, string Note, double Expected, int Visits);

internal sealed class VisitForecastScenario(string clinicName, IReadOnlyList<VisitDay> history, IReadOnlyList<VisitDay> horizon)
{
    public string ClinicName { get; } = clinicName;

    public IReadOnlyList<VisitDay> History { get; } = history;

    /// <summary>The month to forecast, with what the process then produced (the truth).</summary>
    public IReadOnlyList<VisitDay> Horizon { get; } = horizon;
}

/// <summary>Errors of a forecast and of the two baselines it is judged against.</summary>
internal sealed record ForecastErrors(double Mae, double SeasonalNaiveMae, double NaiveMae, double Target, double ZeroPoint);

/// <summary>Lab 8: resource planning — forecast a clinic's daily visits for the next month from up to two
/// years of history produced by a known process (trend, weekly and annual seasonality, holidays, noise).</summary>
internal sealed class VisitForecastLab : Lab<VisitForecastScenario>, ILabModelAnswer
{
    public const double TargetShareOfSeasonalNaive = 0.8;
    public const double BiasTolerance = 0.10;
    private static readonly DateOnly HistoryEnd = new(2025, 12, 31);
    private static readonly DateOnly HorizonStart = new(2026, 1, 1);
    private static readonly DateOnly HorizonEnd = new(2026, 1, 31);
    private static readonly double[] WeekdayFactor = [0, 1.18, 1.05, 1.0, 1.03, 0.93, 0.45];
    private const ulong ProcessPurpose = 0x4C4208;

    internal static readonly CriterionDefinition Format = new("format", "Submission format", 10);
    internal static readonly CriterionDefinition Coverage = new("coverage", "Every day of the month exactly once", 15);
    internal static readonly CriterionDefinition Accuracy = new("accuracy", "Forecast accuracy (MAE)", 60);
    internal static readonly CriterionDefinition Bias = new("bias", "No systematic over- or under-forecast", 15);

    internal static readonly CsvSchema Schema = new(["date", "forecast"]);

    public override LabInfo Info { get; } = new(8, "visit-forecast", "Resource planning: forecasting clinic visits", ProgramArea.HealthcareAdministration, 70,
        "Forecast a clinic's daily visit volume for next month from its history, to plan staffing.");

    public override IReadOnlyList<LabParameter> Parameters { get; } =
        [new("months", "Months of daily history given (ending 2025-12-31).", 24, 12, 24)];

    internal override IReadOnlyList<CriterionDefinition> Criteria { get; } = [Format, Coverage, Accuracy, Bias];

    public override string TaskStatement => $$"""
        ## Your task

        You plan staffing for a primary-care clinic. From the clinic's daily visit counts up to 2025-12-31,
        forecast the number of visits for **every day of January 2026** (2026-01-01 to 2026-01-31). The
        scheduling office will staff each day from your numbers.

        ## The data (synthetic)

        - `daily_visits.csv` — `date`, `day_of_week`, `visits`: completed visits per day of the history.
        - `clinic_calendar.csv` — `date`, `status` (`open`, `reduced` for shortened hours, `closed`), `note`
          (holiday names): the clinic's calendar for the history **and for January 2026**. The clinic is
          closed on Sundays and public holidays; it has no visits on closed days.

        Volumes follow a steady pattern: a trend, a weekly cycle, a yearly season (respiratory illness in
        winter), holiday closures with catch-up after them, and day-to-day noise. Use any method you like
        (seasonal averages, regression, exponential smoothing); explain nothing, submit numbers.

        ## Submission format

        One CSV file, UTF-8, one row per day of January 2026:

        ```csv
        date,forecast
        2026-01-01,0
        2026-01-02,71.5
        2026-01-03,31
        ```

        `forecast` is a non-negative number (decimals allowed).

        ## How it is graded (100 points, pass at 70)

        The forecast is compared with the visits that actually happened in January 2026 (the process went on
        after the history ended). The error measure is the **mean absolute error** (MAE) over the 31 days; a
        missing day counts as a forecast of 0. Two baselines are computed on the same days:
        - **seasonal naive**: each day gets the visits of the same weekday in the last week of 2025;
        - **naive**: every day gets the mean daily visits of the last 28 days of 2025.

        | criterion | points | rule |
        |---|---|---|
        | Submission format | 10 | every row has a date and a non-negative number; 2 points off per problem row |
        | Every day exactly once | 15 | 3 points off for each missing, repeated or out-of-month date |
        | Accuracy | 60 | full marks when your MAE is at most {{TargetShareOfSeasonalNaive.ToString("0%", CultureInfo.InvariantCulture)}} of the seasonal-naive MAE; zero at or above the naive MAE; in proportion between |
        | Bias | 15 | the mean of (forecast − actual) within ±{{BiasTolerance.ToString("0%", CultureInfo.InvariantCulture)}} of the mean actual daily visits, or within what the month's day-to-day noise alone explains (three and a half standard errors) when that is wider; half the points within twice that |

        The feedback gives your MAE beside both baselines and says whether you forecast too high or too low,
        which days were furthest off, and whether you forecast visits on closed days.
        """;

    internal override VisitForecastScenario BuildScenario(long seed, IReadOnlyDictionary<string, int> parameters)
    {
        var reference = ReferenceData.Create(seed, Region.Get(Region.DefaultName));
        var random = Population.SeededRandom.ForStream(unchecked((ulong)seed), 0, ProcessPurpose);
        var clinics = reference.Organizations.Where(o => o.Kind == OrganizationKind.Clinic).OrderBy(o => o.Id, StringComparer.Ordinal).ToList();
        var clinic = clinics[random.Next(clinics.Count)];
        var providers = reference.Practitioners.Count(p => p.OrganizationId == clinic.Id);
        var level = 16.0 * providers * random.Uniform(0.9, 1.15);
        var trend = random.Uniform(0.03, 0.09);
        var season = random.Uniform(0.08, 0.16);
        var peakDay = random.Between(5, 35);
        var start = HistoryEnd.AddMonths(-parameters["months"]).AddDays(1);
        var seriesStart = HistoryEnd.AddYears(-2).AddDays(1);

        var days = new List<VisitDay>();
        var catchUp = false;
        for (var day = seriesStart; day <= HorizonEnd; day = day.AddDays(1))
        {
            var (status, note) = Calendar(day);
            double expected = 0;
            if (status != ClinicDay.Closed)
            {
                var years = (day.DayNumber - seriesStart.DayNumber) / 365.25;
                var angle = 2 * Math.PI * (day.DayOfYear - peakDay) / 365.25;
                expected = level * (1 + (trend * years)) * WeekdayFactor[(int)day.DayOfWeek] * (1 + (season * Math.Cos(angle)));
                expected *= status == ClinicDay.Reduced ? 0.6 : 1;
                expected *= catchUp ? 1.15 : 1;
            }

            // Patients whose visit fell on a holiday come on the next open day.
            catchUp = status == ClinicDay.Closed && (day.DayOfWeek != DayOfWeek.Sunday || catchUp);
            var noise = random.Normal(0, Math.Sqrt(expected) + (0.04 * expected));
            var visits = status == ClinicDay.Closed ? 0 : (int)Math.Max(0, Math.Round(expected + noise, MidpointRounding.AwayFromZero));
            if (day >= start)
            {
                days.Add(new VisitDay(day, status, note, expected, visits));
            }
        }

        return new VisitForecastScenario(clinic.Name, [.. days.Where(d => d.Date <= HistoryEnd)], [.. days.Where(d => d.Date >= HorizonStart)]);
    }

    /// <summary>US federal holidays (observed on the nearest weekday) close the clinic; Sundays too. The
    /// day after Thanksgiving and weekday Christmas and New Year's Eves have shortened hours.</summary>
    internal static (ClinicDay Status, string Note) Calendar(DateOnly day)
    {
        if (Holiday(day) is { } holiday)
        {
            return (ClinicDay.Closed, holiday);
        }

        if (day.DayOfWeek == DayOfWeek.Sunday)
        {
            return (ClinicDay.Closed, string.Empty);
        }

        var thanksgiving = NthWeekday(day.Year, 11, DayOfWeek.Thursday, 4);
        if (day == thanksgiving.AddDays(1))
        {
            return (ClinicDay.Reduced, "Day after Thanksgiving");
        }

        if (day.Month == 12 && day.Day is 24 or 31 && day.DayOfWeek != DayOfWeek.Saturday)
        {
            return (ClinicDay.Reduced, day.Day == 24 ? "Christmas Eve" : "New Year's Eve");
        }

        return (ClinicDay.Open, string.Empty);
    }

    private static string? Holiday(DateOnly day)
    {
        var year = day.Year;
        (DateOnly Date, string Name)[] holidays =
        [
            (Observed(new DateOnly(year, 1, 1)), "New Year's Day"),
            (NthWeekday(year, 1, DayOfWeek.Monday, 3), "Martin Luther King Jr. Day"),
            (NthWeekday(year, 2, DayOfWeek.Monday, 3), "Presidents' Day"),
            (LastWeekday(year, 5, DayOfWeek.Monday), "Memorial Day"),
            (Observed(new DateOnly(year, 6, 19)), "Juneteenth"),
            (Observed(new DateOnly(year, 7, 4)), "Independence Day"),
            (NthWeekday(year, 9, DayOfWeek.Monday, 1), "Labor Day"),
            (NthWeekday(year, 11, DayOfWeek.Thursday, 4), "Thanksgiving Day"),
            (Observed(new DateOnly(year, 12, 25)), "Christmas Day"),
        ];
        foreach (var (date, name) in holidays)
        {
            if (date == day)
            {
                return name;
            }
        }

        return null;
    }

    private static DateOnly Observed(DateOnly date) => date.DayOfWeek switch
    {
        DayOfWeek.Saturday => date.AddDays(-1),
        DayOfWeek.Sunday => date.AddDays(1),
        _ => date,
    };

    private static DateOnly NthWeekday(int year, int month, DayOfWeek weekday, int n)
    {
        var first = new DateOnly(year, month, 1);
        var offset = ((int)weekday - (int)first.DayOfWeek + 7) % 7;
        return first.AddDays(offset + (7 * (n - 1)));
    }

    private static DateOnly LastWeekday(int year, int month, DayOfWeek weekday)
    {
        var last = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        return last.AddDays(-(((int)last.DayOfWeek - (int)weekday + 7) % 7));
    }

    internal override void WriteScenario(VisitForecastScenario scenario, ScenarioFileSet files)
    {
        var visits = new CsvDocument("date", "day_of_week", "visits");
        foreach (var day in scenario.History)
        {
            visits.Add(ScenarioFormat.Date(day.Date), day.Date.DayOfWeek.ToString(), ScenarioFormat.Integer(day.Visits));
        }

        var calendar = new CsvDocument("date", "status", "note");
        foreach (var day in scenario.History.Concat(scenario.Horizon))
        {
            calendar.Add(ScenarioFormat.Date(day.Date), day.Status.ToString().ToLowerInvariant(), day.Note);
        }

        files.AddCsv("daily_visits.csv", "Completed visits per day.", visits);
        files.AddCsv("clinic_calendar.csv", "Open, reduced-hours and closed days, through January 2026.", calendar);
        files.Notes.Append(CultureInfo.InvariantCulture, $"The clinic: {scenario.ClinicName}. The data are synthetic.\n");
    }

    /// <summary>The forecast the process itself would make: its expected volume per day.</summary>
    public LabModelAnswer CreateModelAnswer(LabScenarioRequest request)
    {
        var scenario = Scenario(request);
        var csv = new CsvDocument("date", "forecast");
        foreach (var day in scenario.Horizon)
        {
            csv.Add(ScenarioFormat.Date(day.Date), ScenarioFormat.Number(day.Expected, 1));
        }

        return new LabModelAnswer("forecast.csv", csv.ToString());
    }

    internal static ForecastErrors Errors(VisitForecastScenario scenario, IReadOnlyDictionary<DateOnly, double> forecast)
    {
        var lastWeek = scenario.History.TakeLast(7).ToDictionary(d => d.Date.DayOfWeek, d => (double)d.Visits);
        var recentMean = scenario.History.TakeLast(28).Average(d => d.Visits);
        double mae = 0, seasonal = 0, naive = 0;
        foreach (var day in scenario.Horizon)
        {
            mae += Math.Abs(forecast.GetValueOrDefault(day.Date) - day.Visits);
            seasonal += Math.Abs(lastWeek[day.Date.DayOfWeek] - day.Visits);
            naive += Math.Abs(recentMean - day.Visits);
        }

        var n = scenario.Horizon.Count;
        var target = TargetShareOfSeasonalNaive * seasonal / n;
        var zero = Math.Max(naive / n, target * 1.5);
        return new ForecastErrors(mae / n, seasonal / n, naive / n, target, zero);
    }

    internal override void GradeSubmission(VisitForecastScenario scenario, LabSubmission submission, GradeSheet sheet)
    {
        var read = CsvSubmission.Read(submission, Schema);
        if (read.Value is null)
        {
            sheet.NotGraded("Not graded: " + read.FatalIssue!.Message);
            return;
        }

        var problems = new FeedbackList(8);
        problems.AddRange(read.Issues.Select(i => i.Message));
        var problemRows = read.Issues.Count;
        var forecast = new Dictionary<DateOnly, double>();
        var coverageProblems = new FeedbackList(6);
        var coveragePenalty = 0;
        var table = read.Value;
        int dateColumn = table.ColumnIndex("date"), valueColumn = table.ColumnIndex("forecast");
        foreach (var row in table.Records)
        {
            if (row.IsRejected(dateColumn) || row.IsRejected(valueColumn))
            {
                continue;
            }

            var where = char.ToUpperInvariant(row.Where[0]) + row.Where[1..];
            var text = row[dateColumn]!.Trim();
            if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                problems.Add($"{where}: date {Excerpt.Quote(text)} is not a date written YYYY-MM-DD.");
                problemRows++;
                continue;
            }

            if (!SubmissionNumbers.TryParse(row[valueColumn], 0, 100_000, out var value, out var problem))
            {
                problems.Add($"{where}: forecast {problem}.");
                problemRows++;
                continue;
            }

            if (date < HorizonStart || date > HorizonEnd)
            {
                coverageProblems.Add($"{ScenarioFormat.Date(date)} is outside January 2026");
                coveragePenalty += 3;
                continue;
            }

            if (!forecast.TryAdd(date, value))
            {
                coverageProblems.Add($"{ScenarioFormat.Date(date)} is given more than once (the first value was used)");
                coveragePenalty += 3;
            }
        }

        var missingDays = scenario.Horizon.Where(d => !forecast.ContainsKey(d.Date)).Select(d => d.Date).ToList();
        foreach (var day in missingDays)
        {
            coverageProblems.Add($"{ScenarioFormat.Date(day)} is missing (counted as a forecast of 0)");
            coveragePenalty += 3;
        }

        sheet.Award(Format, Format.MaxPoints - (2 * problemRows), problems.Render(problems.Count == 0 ? "Every row reads cleanly." : "Problem rows (left out):"));
        sheet.Award(Coverage, Coverage.MaxPoints - coveragePenalty,
            coverageProblems.Render(coverageProblems.Count == 0 ? "Every day of January 2026 is forecast exactly once." : "Dates to fix:"));
        if (forecast.Count == 0)
        {
            sheet.Award(Accuracy, 0, "No usable forecast rows.");
            sheet.Award(Bias, 0, "No usable forecast rows.");
            return;
        }

        GradeAccuracy(sheet, scenario, forecast);
        GradeBias(sheet, scenario, forecast);
    }

    private static void GradeAccuracy(GradeSheet sheet, VisitForecastScenario scenario, Dictionary<DateOnly, double> forecast)
    {
        var errors = Errors(scenario, forecast);
        var points = errors.Mae <= errors.Target ? Accuracy.MaxPoints
            : errors.Mae >= errors.ZeroPoint ? 0
            : GradeSheet.Share(Accuracy.MaxPoints, errors.ZeroPoint - errors.Mae, errors.ZeroPoint - errors.Target);
        var worst = scenario.Horizon.OrderByDescending(d => Math.Abs(forecast.GetValueOrDefault(d.Date) - d.Visits)).Take(3)
            .Select(d => string.Create(CultureInfo.InvariantCulture,
                $"{ScenarioFormat.Date(d.Date)} ({d.Date.DayOfWeek}{(d.Note.Length > 0 ? ", " + d.Note : string.Empty)}): forecast {forecast.GetValueOrDefault(d.Date):0.#}, actual {d.Visits}"));
        var closed = scenario.Horizon.Where(d => d.Status == ClinicDay.Closed && forecast.GetValueOrDefault(d.Date) > 0.5).ToList();
        var list = new FeedbackList(4);
        list.AddRange(worst);
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"Your MAE is {errors.Mae:0.0} visits a day; full marks at {errors.Target:0.0} or less ({TargetShareOfSeasonalNaive:0%} of the seasonal-naive MAE {errors.SeasonalNaiveMae:0.0}); zero at the naive MAE {errors.ZeroPoint:0.0} or more.");
        if (closed.Count > 0)
        {
            summary += string.Create(CultureInfo.InvariantCulture,
                $" You forecast visits on {closed.Count} day{(closed.Count == 1 ? string.Empty : "s")} the clinic is closed ({string.Join(", ", closed.Select(d => ScenarioFormat.Date(d.Date)))}): check clinic_calendar.csv.");
        }

        sheet.Award(Accuracy, points, list.Render(summary + " Largest errors:"));
    }

    private static void GradeBias(GradeSheet sheet, VisitForecastScenario scenario, Dictionary<DateOnly, double> forecast)
    {
        var meanActual = scenario.Horizon.Average(d => d.Visits);
        var meanError = scenario.Horizon.Average(d => forecast.GetValueOrDefault(d.Date) - d.Visits);
        var share = meanActual == 0 ? 0 : meanError / meanActual;
        // A small clinic's month is noisy: a perfect forecast of the process can miss the month's mean by more than
        // 10 %, so the tolerance widens to three and a half standard errors of the noise the process adds each day.
        var noise = Math.Sqrt(scenario.Horizon.Sum(d => Math.Pow(Math.Sqrt(d.Expected) + (0.04 * d.Expected), 2))) / scenario.Horizon.Count;
        var tolerance = meanActual == 0 ? BiasTolerance : Math.Max(BiasTolerance, 3.5 * noise / meanActual);
        var direction = share > 0 ? "over-forecast" : "under-forecast";
        var text = string.Create(CultureInfo.InvariantCulture,
            $"On average you {direction} by {Math.Abs(meanError):0.0} visits a day ({Math.Abs(share):0.0%} of the mean actual {meanActual:0.0}).");
        if (Math.Abs(share) <= tolerance)
        {
            sheet.Award(Bias, Bias.MaxPoints, text + " That is within the tolerance.");
        }
        else if (Math.Abs(share) <= 2 * tolerance)
        {
            sheet.Award(Bias, Bias.MaxPoints / 2, text + (share > 0
                ? " Check the trend and whether you forecast closed days."
                : " Check the trend, the winter season and missing days."));
        }
        else
        {
            sheet.Award(Bias, 0, text + (share > 0
                ? " Your forecast runs systematically high: check the trend, the season and closed days."
                : " Your forecast runs systematically low: check the trend, the winter season and missing days."));
        }
    }
}
