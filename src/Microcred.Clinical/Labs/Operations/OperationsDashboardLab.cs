using System.Globalization;
using System.Text;
using Microcred.Clinical.Labs.Benchmark;
using Microcred.Clinical.Labs.Cohort;
using Microcred.Clinical.Labs.Submissions;
using Microcred.Clinical.Population;

namespace Microcred.Clinical.Labs.Operations;

/// <summary>One appointment as the scenario files show it.</summary>
internal readonly record struct AppointmentRow(int Clinic, int Month, AppointmentStatus Status, DateTime Start, DateTime? CancelledAt);

/// <summary>One inpatient stay as the scenario files show it.</summary>
internal readonly record struct StayRow(int Patient, int Clinic, DateTime Admit, DateTime Discharge, bool Planned, bool Died);

internal sealed class OperationsScenario(ScenarioPopulation population, IReadOnlyList<string> clinics, AppointmentRow[] appointments,
    IReadOnlyList<Appointment> appointmentRecords, StayRow[] stays, IReadOnlyList<Encounter> stayRecords, int outlierClinic)
{
    public ScenarioPopulation Population { get; } = population;

    /// <summary>Clinic organization ids, in file order; rows refer to them by position.</summary>
    public IReadOnlyList<string> Clinics { get; } = clinics;

    /// <summary>Appointments starting in the period, with the planted no-shows applied.</summary>
    public AppointmentRow[] Appointments { get; } = appointments;

    public IReadOnlyList<Appointment> AppointmentRecords { get; } = appointmentRecords;

    /// <summary>Inpatient stays of the generated history, by patient then admission.</summary>
    public StayRow[] Stays { get; } = stays;

    public IReadOnlyList<Encounter> StayRecords { get; } = stayRecords;

    public int OutlierClinic { get; } = outlierClinic;
}

/// <summary>A rate for each clinic and month, as numerator and denominator.</summary>
internal sealed class RateTable(int clinics, int months)
{
    public int[,] Numerator { get; } = new int[clinics, months];

    public int[,] Denominator { get; } = new int[clinics, months];

    public int Clinics => clinics;

    public int Months => months;

    public double Rate(int clinic, int month) => (double)Numerator[clinic, month] / Denominator[clinic, month];

    public int Cells
    {
        get
        {
            var cells = 0;
            foreach (var d in Denominator)
            {
                cells += d > 0 ? 1 : 0;
            }

            return cells;
        }
    }
}

/// <summary>Lab 7: an operations dashboard — 30-day readmission and no-show rates by clinic and month,
/// and the clinic whose no-show rate stands out (planted by the scenario).</summary>
internal sealed class OperationsDashboardLab : Lab<OperationsScenario>, ILabModelAnswer, ILabSqlReference
{
    public const int DefaultPatients = 5_000;
    public const double Tolerance = 0.0005;
    internal const string NoShowMetric = "no_show_rate";
    internal const string ReadmissionMetric = "readmission_rate";
    internal const string OutlierMetric = "no_show_outlier";
    private const ulong OutlierPurpose = 0x4C4237;
    private const int NoShowMonths = 12;
    private const int ReadmissionMonths = 11;
    private const int MinimumOutlierVolume = 50;

    internal static readonly CriterionDefinition Format = new("format", "Submission format", 10);
    internal static readonly CriterionDefinition NoShow = new("no-show-rates", "No-show rates by clinic and month", 35);
    internal static readonly CriterionDefinition Readmission = new("readmission-rates", "30-day readmission rates by clinic and month", 35);
    internal static readonly CriterionDefinition Outlier = new("outlier", "Outlier clinic", 20);

    internal static readonly CsvSchema Schema = new(["clinic_id", "month", "metric", "value"]);

    public override LabInfo Info { get; } = new(7, "operations-dashboard", "Operations dashboard: readmissions and no-shows", ProgramArea.HealthcareAdministration, 75,
        "Compute 30-day readmission and no-show rates by clinic and month from scheduling and admission data, and name the outlier clinic.");

    public override IReadOnlyList<LabParameter> Parameters { get; } =
        [new("patients", "Number of patients in the clinic population.", DefaultPatients, 1_000, 100_000)];

    internal override IReadOnlyList<CriterionDefinition> Criteria { get; } = [Format, NoShow, Readmission, Outlier];

    public override string TaskStatement => $$"""
        ## Your task

        You run operations reporting for a network of primary-care clinics and their hospitals. Build the
        2025 dashboard: the **no-show rate** of every clinic for every month of 2025, the **30-day
        readmission rate** of every clinic's patients for every month from January to November 2025, and
        the name of the one clinic whose no-show rate for 2025 stands far above the others.

        ## The data

        - `clinics.csv` — `clinic_id`, `name`, `city`, `state`.
        - `appointments.csv` — every appointment scheduled to start in 2025: `appointment_id`, `patient_id`,
          `clinic_id`, `start_time`, `booked_at`, `status` (`fulfilled`, `noshow` or `cancelled`),
          `cancelled_at` (cancelled appointments only), `virtual` (`true` for a video visit),
          `service_type`. Times are local date-times.
        - `admissions.csv` — every inpatient stay of 2024 and 2025 in the network's hospitals:
          `encounter_id`, `patient_id`, `clinic_id` (the patient's primary-care clinic), `hospital_id`,
          `admit_time`, `discharge_time`, `admission_type` (`elective` for a planned admission, `emergency`
          through the emergency department, `urgent` otherwise), `discharge_disposition` (`home`,
          `home-health`, `skilled-nursing`, `hospice`, `long-term-care`, or `expired` when the patient died).

        ## Definitions (apply exactly these)

        **No-show rate** of a clinic for a month (the month of `start_time`, 2025-01 to 2025-12):
        - numerator: appointments with status `noshow`;
        - denominator: the clinic's appointments of that month **except those cancelled in advance**. An
          appointment is cancelled in advance when `cancelled_at` is **24 hours or more** before `start_time`;
          a later (late) cancellation stays in the denominator and is not a no-show.
        - Video visits count like any other appointment.

        **30-day readmission rate** of a clinic for a month (the month of the **index discharge**, 2025-01 to
        2025-11, so that every 30-day window ends within the data):
        - index stays: inpatient stays of the clinic's patients (`clinic_id` in `admissions.csv`) discharged
          alive (disposition not `expired`) in that month. Every live discharge is an index stay, planned or
          not, and a stay can be both a readmission and an index stay;
        - an index stay is **readmitted** when the same patient has another inpatient stay that is **not
          planned** (`admission_type` not `elective`) and whose admission date is **1 to 30 days after** the
          index discharge date (calendar dates: `date(admit_time) − date(discharge_time)` between 1 and 30);
        - rate = readmitted index stays ÷ index stays.

        Report a rate only for a clinic-month whose denominator is not zero. Rates are proportions between 0
        and 1; give at least four decimals.

        **Outlier**: compute each clinic's no-show rate over the whole of 2025 (all its 2025 appointments,
        same definition). Clinics with fewer than {{MinimumOutlierVolume}} counted appointments (the denominator) are too small
        to judge; among the others, one clinic's rate is far above all the rest. Name it.

        ## Submission format

        One CSV file, UTF-8, with this header, one row per clinic-month and metric, and one row for the outlier
        (its `month` is `2025` and its `value` is that clinic's 2025 no-show rate):

        ```csv
        clinic_id,month,metric,value
        org-020,2025-01,{{NoShowMetric}},0.0833
        org-020,2025-01,{{ReadmissionMetric}},0.25
        org-027,2025,{{OutlierMetric}},0.2012
        ```

        ## How it is graded (100 points, pass at 75)

        | criterion | points | rule |
        |---|---|---|
        | Submission format | 10 | every row reads: known clinic, month `YYYY-MM` (or `2025` for the outlier), known metric, a number; 1 point off per problem row |
        | No-show rates | 35 | share of the expected clinic-months reported within ±{{Tolerance.ToString(CultureInfo.InvariantCulture)}} |
        | Readmission rates | 35 | share of the expected clinic-months reported within ±{{Tolerance.ToString(CultureInfo.InvariantCulture)}} |
        | Outlier clinic | 20 | the right clinic |

        When many of your rates are off, the feedback says which common mistake your numbers match.
        """;

    public IReadOnlyList<SqlTable> SqlTables { get; } =
    [
        new("appointments.csv", "appointments", new Dictionary<string, string>()),
        new("admissions.csv", "admissions", new Dictionary<string, string>()),
    ];

    public string ReferenceDescription => "no-show and 30-day readmission numerators and denominators by clinic and month, summed";

    public string ReferenceSql => """
        WITH
        counted AS (
          SELECT clinic_id, substr(start_time, 1, 7) AS month, status FROM appointments
          WHERE NOT (status = 'cancelled' AND (julianday(start_time) - julianday(cancelled_at)) * 24 >= 24 - 1e-6)),
        no_show AS (
          SELECT clinic_id, month, sum(status = 'noshow') AS numerator, count(*) AS denominator
          FROM counted GROUP BY clinic_id, month),
        index_stays AS (
          SELECT i.encounter_id, i.clinic_id, substr(i.discharge_time, 1, 7) AS month,
                 EXISTS (SELECT 1 FROM admissions r WHERE r.patient_id = i.patient_id AND r.admission_type <> 'elective'
                         AND julianday(substr(r.admit_time, 1, 10)) - julianday(substr(i.discharge_time, 1, 10)) BETWEEN 1 AND 30) AS readmitted
          FROM admissions i
          WHERE i.discharge_disposition <> 'expired' AND substr(i.discharge_time, 1, 10) BETWEEN '2025-01-01' AND '2025-11-30'),
        readmission AS (
          SELECT clinic_id, month, sum(readmitted) AS numerator, count(*) AS denominator FROM index_stays GROUP BY clinic_id, month)
        SELECT (SELECT sum(numerator) FROM no_show) AS no_shows,
               (SELECT sum(denominator) FROM no_show) AS counted_appointments,
               (SELECT count(*) FROM no_show) AS no_show_cells,
               (SELECT sum(numerator) FROM readmission) AS readmitted_stays,
               (SELECT sum(denominator) FROM readmission) AS index_stays,
               (SELECT count(*) FROM readmission) AS readmission_cells;
        """;

    internal override OperationsScenario BuildScenario(long seed, IReadOnlyDictionary<string, int> parameters)
    {
        var population = ScenarioPopulation.Get(seed, parameters["patients"]);
        var clinics = population.Clinics.Select(c => c.Id).ToList();
        var clinicIndex = clinics.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i, StringComparer.Ordinal);
        var start = population.PeriodStart;
        var end = population.PeriodEnd;

        var volume = new int[clinics.Count];
        var noShows = new int[clinics.Count];
        var counted = new int[clinics.Count];
        var fulfilled = new int[clinics.Count];
        foreach (var record in population.Patients)
        {
            foreach (var appointment in record.Appointments)
            {
                if (!MeasureLogic.InPeriod(appointment.Start, start, end))
                {
                    continue;
                }

                var c = clinicIndex[population.ClinicOfLocation[appointment.LocationId]];
                volume[c]++;
                counted[c] += appointment.CancelledAt is { } at && (appointment.Start - at).TotalHours >= 24 ? 0 : 1;
                noShows[c] += appointment.Status == AppointmentStatus.NoShow ? 1 : 0;
                fulfilled[c] += appointment.Status == AppointmentStatus.Fulfilled ? 1 : 0;
            }
        }

        // The outlier is drawn among the busier half of the clinics, so that its rate is not a small-sample
        // accident, and pushed well above both the network rate and the highest other clinic.
        var choice = Population.SeededRandom.ForStream(unchecked((ulong)seed), 0, OutlierPurpose);
        var busy = Enumerable.Range(0, clinics.Count).OrderByDescending(i => volume[i]).ThenBy(i => i).Take(Math.Max(1, clinics.Count / 2)).ToList();
        var outlier = busy[choice.Next(busy.Count)];
        double RateOf(int c) => counted[c] == 0 ? 0 : (double)noShows[c] / counted[c];
        var network = (double)noShows.Sum() / Math.Max(1, counted.Sum());
        var highestOther = Enumerable.Range(0, clinics.Count).Where(c => c != outlier && counted[c] >= MinimumOutlierVolume).Select(RateOf).DefaultIfEmpty(0).Max();
        var target = Math.Max(3 * network, 1.8 * highestOther);
        var conversion = fulfilled[outlier] == 0 ? 0 : Math.Clamp(((target * counted[outlier]) - noShows[outlier]) / fulfilled[outlier], 0, 0.6);

        var appointments = new List<AppointmentRow>();
        var appointmentRecords = new List<Appointment>();
        var stays = new List<StayRow>();
        var stayRecords = new List<Encounter>();
        for (var p = 0; p < population.Patients.Count; p++)
        {
            var record = population.Patients[p];
            Population.SeededRandom? random = null;
            foreach (var appointment in record.Appointments)
            {
                if (!MeasureLogic.InPeriod(appointment.Start, start, end))
                {
                    continue;
                }

                var clinic = clinicIndex[population.ClinicOfLocation[appointment.LocationId]];
                var kept = appointment;
                if (clinic == outlier && appointment.Status == AppointmentStatus.Fulfilled)
                {
                    random ??= Population.SeededRandom.ForStream(unchecked((ulong)seed), (ulong)p + 1, OutlierPurpose);
                    if (random.Chance(conversion))
                    {
                        kept = appointment with { Status = AppointmentStatus.NoShow, EncounterId = null };
                    }
                }

                // The files carry times to the second; the grader must see the same times.
                kept = kept with { CancelledAt = kept.CancelledAt is { } at ? at.AddTicks(-(at.Ticks % TimeSpan.TicksPerSecond)) : null };
                appointments.Add(new AppointmentRow(clinic, appointment.Start.Month - 1, kept.Status, kept.Start, kept.CancelledAt));
                appointmentRecords.Add(kept);
            }

            var home = clinicIndex[record.Patient.PrimaryOrganizationId];
            foreach (var encounter in record.Encounters)
            {
                if (encounter.Admission is { } admission)
                {
                    stays.Add(new StayRow(p, home, encounter.Start, encounter.End, admission.Planned, admission.Disposition == DischargeDisposition.Expired));
                    stayRecords.Add(encounter);
                }
            }
        }

        return new OperationsScenario(population, clinics, [.. appointments], appointmentRecords, [.. stays], stayRecords, outlier);
    }

    internal override void WriteScenario(OperationsScenario scenario, ScenarioFileSet files)
    {
        var clinics = new CsvDocument("clinic_id", "name", "city", "state");
        foreach (var clinic in scenario.Population.Clinics)
        {
            clinics.Add(clinic.Id, clinic.Name, clinic.Address.City, clinic.Address.State);
        }

        files.AddCsv("clinics.csv", "The network's primary-care clinics.", clinics);
        var appointments = new CsvDocument("appointment_id", "patient_id", "clinic_id", "start_time", "booked_at", "status", "cancelled_at", "virtual", "service_type");
        for (var i = 0; i < scenario.Appointments.Length; i++)
        {
            var row = scenario.Appointments[i];
            var record = scenario.AppointmentRecords[i];
            appointments.Add(record.Id, record.PatientId, scenario.Clinics[row.Clinic], ScenarioFormat.DateTime(record.Start), ScenarioFormat.DateTime(record.BookedAt),
                ScenarioFormat.AppointmentStatusCode(row.Status), row.CancelledAt is { } cancelled ? ScenarioFormat.DateTime(cancelled) : string.Empty,
                record.Virtual ? "true" : "false", record.ServiceType);
        }

        files.AddCsv("appointments.csv", "Appointments scheduled to start in 2025.", appointments);
        var admissions = new CsvDocument("encounter_id", "patient_id", "clinic_id", "hospital_id", "admit_time", "discharge_time", "admission_type", "discharge_disposition");
        for (var i = 0; i < scenario.Stays.Length; i++)
        {
            var row = scenario.Stays[i];
            var encounter = scenario.StayRecords[i];
            var type = row.Planned ? "elective" : encounter.Admission!.FromEmergencyEncounterId is not null ? "emergency" : "urgent";
            admissions.Add(encounter.Id, encounter.PatientId, scenario.Clinics[row.Clinic], encounter.OrganizationId, ScenarioFormat.DateTime(row.Admit),
                ScenarioFormat.DateTime(row.Discharge), type, ScenarioFormat.Disposition(encounter.Admission!.Disposition));
        }

        files.AddCsv("admissions.csv", "Inpatient stays of 2024 and 2025.", admissions);
        files.Notes.Append("The data are synthetic; the clinics, hospitals and patients are fictional.\n");
    }

    /// <summary>The ways a dashboard is usually miscomputed, so feedback can say which one a submission matches.</summary>
    internal enum NoShowRule
    {
        Correct,
        AllCancellationsCounted,
        LateCancellationsDropped,
        LateCancellationsAsNoShows,
    }

    internal enum ReadmissionRule
    {
        Correct,
        PlannedCounted,
        DeathsAsIndex,
        AdmissionMonth,
        FromIndexAdmission,
    }

    internal static RateTable NoShowRates(OperationsScenario scenario, NoShowRule rule)
    {
        var table = new RateTable(scenario.Clinics.Count, NoShowMonths);
        foreach (var row in scenario.Appointments)
        {
            var inAdvance = row.CancelledAt is { } cancelled && (row.Start - cancelled).TotalHours >= 24;
            var late = row.Status is AppointmentStatus.CancelledInAdvance or AppointmentStatus.CancelledLate && !inAdvance;
            var counted = rule switch
            {
                NoShowRule.AllCancellationsCounted => true,
                NoShowRule.LateCancellationsDropped => !inAdvance && !late,
                _ => !inAdvance,
            };
            if (!counted)
            {
                continue;
            }

            table.Denominator[row.Clinic, row.Month]++;
            if (row.Status == AppointmentStatus.NoShow || (rule == NoShowRule.LateCancellationsAsNoShows && late))
            {
                table.Numerator[row.Clinic, row.Month]++;
            }
        }

        return table;
    }

    internal static RateTable ReadmissionRates(OperationsScenario scenario, ReadmissionRule rule)
    {
        var table = new RateTable(scenario.Clinics.Count, ReadmissionMonths);
        var stays = scenario.Stays;
        var first = 0;
        while (first < stays.Length)
        {
            var last = first;
            while (last + 1 < stays.Length && stays[last + 1].Patient == stays[first].Patient)
            {
                last++;
            }

            for (var i = first; i <= last; i++)
            {
                var index = stays[i];
                if (index.Died && rule != ReadmissionRule.DeathsAsIndex)
                {
                    continue;
                }

                var monthDate = rule == ReadmissionRule.AdmissionMonth ? index.Admit : index.Discharge;
                if (monthDate.Year != 2025 || monthDate.Month > ReadmissionMonths)
                {
                    continue;
                }

                var from = DateOnly.FromDateTime(rule == ReadmissionRule.FromIndexAdmission ? index.Admit : index.Discharge);
                var readmitted = false;
                for (var j = first; j <= last && !readmitted; j++)
                {
                    var other = stays[j];
                    var gap = DateOnly.FromDateTime(other.Admit).DayNumber - from.DayNumber;
                    readmitted = j != i && (!other.Planned || rule == ReadmissionRule.PlannedCounted) && gap is >= 1 and <= 30;
                }

                table.Denominator[index.Clinic, monthDate.Month - 1]++;
                if (readmitted)
                {
                    table.Numerator[index.Clinic, monthDate.Month - 1]++;
                }
            }

            first = last + 1;
        }

        return table;
    }

    internal static double[] AnnualNoShowRates(OperationsScenario scenario)
    {
        var table = NoShowRates(scenario, NoShowRule.Correct);
        var rates = new double[table.Clinics];
        for (var c = 0; c < table.Clinics; c++)
        {
            int n = 0, d = 0;
            for (var m = 0; m < table.Months; m++)
            {
                n += table.Numerator[c, m];
                d += table.Denominator[c, m];
            }

            rates[c] = d == 0 ? 0 : (double)n / d;
        }

        return rates;
    }

    public LabModelAnswer CreateModelAnswer(LabScenarioRequest request)
    {
        var scenario = Scenario(request);
        var csv = new CsvDocument("clinic_id", "month", "metric", "value");
        AddRows(csv, scenario, NoShowRates(scenario, NoShowRule.Correct), NoShowMetric);
        AddRows(csv, scenario, ReadmissionRates(scenario, ReadmissionRule.Correct), ReadmissionMetric);
        csv.Add(scenario.Clinics[scenario.OutlierClinic], "2025", OutlierMetric, ScenarioFormat.Number(AnnualNoShowRates(scenario)[scenario.OutlierClinic], 4));
        return new LabModelAnswer("dashboard.csv", csv.ToString());
    }

    private static void AddRows(CsvDocument csv, OperationsScenario scenario, RateTable table, string metric)
    {
        for (var c = 0; c < table.Clinics; c++)
        {
            for (var m = 0; m < table.Months; m++)
            {
                if (table.Denominator[c, m] > 0)
                {
                    csv.Add(scenario.Clinics[c], MonthLabel(m), metric, ScenarioFormat.Number(table.Rate(c, m), 4));
                }
            }
        }
    }

    private static string MonthLabel(int month) => "2025-" + (month + 1).ToString("00", CultureInfo.InvariantCulture);

    public IReadOnlyDictionary<string, double> CoreFigures(LabScenarioRequest request)
    {
        var scenario = Scenario(request);
        var noShow = NoShowRates(scenario, NoShowRule.Correct);
        var readmission = ReadmissionRates(scenario, ReadmissionRule.Correct);
        static double Sum(int[,] values) => values.Cast<int>().Sum();
        return new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["no_shows"] = Sum(noShow.Numerator),
            ["counted_appointments"] = Sum(noShow.Denominator),
            ["no_show_cells"] = noShow.Cells,
            ["readmitted_stays"] = Sum(readmission.Numerator),
            ["index_stays"] = Sum(readmission.Denominator),
            ["readmission_cells"] = readmission.Cells,
        };
    }

    internal override void GradeSubmission(OperationsScenario scenario, LabSubmission submission, GradeSheet sheet)
    {
        var read = CsvSubmission.Read(submission, Schema);
        if (read.Value is null)
        {
            sheet.NotGraded("Not graded: " + read.FatalIssue!.Message);
            return;
        }

        var clinicIndex = scenario.Clinics.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i, StringComparer.OrdinalIgnoreCase);
        var problems = new FeedbackList(8);
        problems.AddRange(read.Issues.Select(i => i.Message));
        var problemRows = read.Issues.Count;
        var noShow = new Dictionary<(int, int), double>();
        var readmission = new Dictionary<(int, int), double>();
        var outliers = new List<(int Clinic, string Where)>();
        var table = read.Value;
        int clinicColumn = table.ColumnIndex("clinic_id"), monthColumn = table.ColumnIndex("month"), metricColumn = table.ColumnIndex("metric"), valueColumn = table.ColumnIndex("value");
        foreach (var row in table.Records)
        {
            if (row.IsRejected(clinicColumn) || row.IsRejected(monthColumn) || row.IsRejected(metricColumn) || row.IsRejected(valueColumn))
            {
                continue;
            }

            var problem = ReadRow(row, clinicColumn, monthColumn, metricColumn, valueColumn, clinicIndex, noShow, readmission, outliers);
            if (problem is not null)
            {
                problems.Add(problem);
                problemRows++;
            }
        }

        sheet.Award(Format, Format.MaxPoints - problemRows,
            problems.Render(problems.Count == 0 ? "Every row reads cleanly." : string.Create(CultureInfo.InvariantCulture, $"{problemRows} row{(problemRows == 1 ? string.Empty : "s")} could not be used:")));

        GradeRates(sheet, NoShow, scenario, noShow, NoShowRates(scenario, NoShowRule.Correct), "no-show", [
            (NoShowRates(scenario, NoShowRule.AllCancellationsCounted), "appointments cancelled in advance are kept in the denominator (drop those cancelled 24 hours or more before the start)"),
            (NoShowRates(scenario, NoShowRule.LateCancellationsDropped), "late cancellations are dropped from the denominator (only cancellations 24 hours or more in advance leave it)"),
            (NoShowRates(scenario, NoShowRule.LateCancellationsAsNoShows), "late cancellations are counted as no-shows (only status noshow is a no-show)"),
        ]);
        GradeRates(sheet, Readmission, scenario, readmission, ReadmissionRates(scenario, ReadmissionRule.Correct), "readmission", [
            (ReadmissionRates(scenario, ReadmissionRule.PlannedCounted), "planned (elective) admissions are counted as readmissions"),
            (ReadmissionRates(scenario, ReadmissionRule.DeathsAsIndex), "stays that ended in death are counted as index stays (only live discharges are)"),
            (ReadmissionRates(scenario, ReadmissionRule.AdmissionMonth), "stays are grouped by admission month (use the month of the index discharge)"),
            (ReadmissionRates(scenario, ReadmissionRule.FromIndexAdmission), "the 30 days are counted from the index admission (count them from the index discharge date)"),
        ]);
        GradeOutlier(sheet, scenario, outliers);
    }

    private static string? ReadRow(CsvRecord row, int clinicColumn, int monthColumn, int metricColumn, int valueColumn, Dictionary<string, int> clinicIndex,
        Dictionary<(int, int), double> noShow, Dictionary<(int, int), double> readmission, List<(int Clinic, string Where)> outliers)
    {
        var where = char.ToUpperInvariant(row.Where[0]) + row.Where[1..];
        var clinicText = row[clinicColumn]!.Trim();
        if (!clinicIndex.TryGetValue(clinicText, out var clinic))
        {
            return $"{where}: unknown clinic_id {Excerpt.Quote(clinicText)} (see clinics.csv).";
        }

        var metric = row[metricColumn]!.Trim().ToLowerInvariant();
        var monthText = row[monthColumn]!.Trim();
        if (metric == OutlierMetric)
        {
            outliers.Add((clinic, row.Where));
            return null;
        }

        if (metric is not (NoShowMetric or ReadmissionMetric))
        {
            return $"{where}: unknown metric {Excerpt.Quote(row[metricColumn])}; use {NoShowMetric}, {ReadmissionMetric} or {OutlierMetric}.";
        }

        if (monthText.Length != 7 || !DateOnly.TryParseExact(monthText + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month) ||
            month.Year != 2025 || (metric == ReadmissionMetric && month.Month > ReadmissionMonths))
        {
            var range = metric == ReadmissionMetric ? "2025-01 to 2025-11" : "2025-01 to 2025-12";
            return $"{where}: month {Excerpt.Quote(monthText)} is not a month from {range} written YYYY-MM.";
        }

        if (!SubmissionNumbers.TryParse(row[valueColumn], 0, 100, out var value, out var valueProblem))
        {
            return $"{where}: value {valueProblem}.";
        }

        var cells = metric == NoShowMetric ? noShow : readmission;
        if (!cells.TryAdd((clinic, month.Month - 1), value))
        {
            return $"{where}: {metric} for {clinicText} {monthText} is given twice; the first value was used.";
        }

        return null;
    }

    private static void GradeRates(GradeSheet sheet, CriterionDefinition criterion, OperationsScenario scenario, Dictionary<(int, int), double> given, RateTable truth,
        string name, (RateTable Table, string Mistake)[] variants)
    {
        var expected = truth.Cells;
        var right = 0;
        var wrong = new FeedbackList(5);
        var missing = 0;
        var percentLike = 0;
        for (var c = 0; c < truth.Clinics; c++)
        {
            for (var m = 0; m < truth.Months; m++)
            {
                if (truth.Denominator[c, m] == 0)
                {
                    continue;
                }

                if (!given.TryGetValue((c, m), out var value))
                {
                    missing++;
                    continue;
                }

                var rate = truth.Rate(c, m);
                if (Math.Abs(value - rate) <= Tolerance)
                {
                    right++;
                }
                else
                {
                    percentLike += value > 1 && Math.Abs((value / 100) - rate) <= Tolerance ? 1 : 0;
                    wrong.Add(string.Create(CultureInfo.InvariantCulture,
                        $"{scenario.Clinics[c]} {MonthLabel(m)}: {value:0.####} is off (the denominator there is {truth.Denominator[c, m]})"));
                }
            }
        }

        var extra = given.Keys.Count(k => truth.Denominator[k.Item1, k.Item2] == 0);
        var summary = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"{right} of {expected} clinic-month {name} rates are right"));
        if (missing > 0)
        {
            summary.Append(CultureInfo.InvariantCulture, $"; {missing} expected clinic-month{(missing == 1 ? " is" : "s are")} missing");
        }

        if (extra > 0)
        {
            summary.Append(CultureInfo.InvariantCulture, $"; {extra} row{(extra == 1 ? string.Empty : "s")} for clinic-months with a zero denominator (leave those out)");
        }

        summary.Append('.');
        if (percentLike > 0 && percentLike * 2 >= wrong.Count)
        {
            summary.Append(" Your values look like percentages: give rates as proportions between 0 and 1.");
        }
        else if (right < expected)
        {
            var bestMistake = variants
                .Select(v => (v.Mistake, Matches: Matches(given, v.Table)))
                .Where(v => v.Matches > right && v.Matches >= given.Count * 0.6)
                .OrderByDescending(v => v.Matches)
                .FirstOrDefault();
            if (bestMistake.Mistake is not null)
            {
                summary.Append(CultureInfo.InvariantCulture, $" Most of your rates match what you get when {bestMistake.Mistake}.");
            }
        }

        sheet.AwardShare(criterion, right, expected, wrong.Render(summary.ToString() + (wrong.Count > 0 ? " For example:" : string.Empty)));
    }

    private static int Matches(Dictionary<(int, int), double> given, RateTable table)
    {
        var matches = 0;
        foreach (var ((c, m), value) in given)
        {
            if (table.Denominator[c, m] > 0 && Math.Abs(value - table.Rate(c, m)) <= Tolerance)
            {
                matches++;
            }
        }

        return matches;
    }

    private static void GradeOutlier(GradeSheet sheet, OperationsScenario scenario, List<(int Clinic, string Where)> outliers)
    {
        var expected = scenario.Clinics[scenario.OutlierClinic];
        if (outliers.Count == 0)
        {
            sheet.Award(Outlier, 0, $"No {OutlierMetric} row was given: add one row naming the clinic whose 2025 no-show rate stands out.");
            return;
        }

        if (outliers.Select(o => o.Clinic).Distinct().Count() > 1)
        {
            sheet.Award(Outlier, 0, $"Several clinics are named as the outlier; name exactly one.");
            return;
        }

        if (outliers[0].Clinic == scenario.OutlierClinic)
        {
            sheet.Award(Outlier, Outlier.MaxPoints, $"Correct: {expected} stands out.");
            return;
        }

        var rates = AnnualNoShowRates(scenario);
        var named = outliers[0].Clinic;
        sheet.Award(Outlier, 0, string.Create(CultureInfo.InvariantCulture,
            $"{scenario.Clinics[named]} is not the outlier: its 2025 no-show rate is {rates[named]:0.000}. Compare every clinic's rate over the whole year."));
    }
}
