using System.Globalization;
using System.Text;
using Microcred.Clinical.Labs.Benchmark;
using Microcred.Clinical.Labs.Cohort;
using Microcred.Clinical.Labs.Submissions;
using Microcred.Clinical.Population;

namespace Microcred.Clinical.Labs.RemoteMonitoring;

/// <summary>Why a patient must be escalated.</summary>
[Flags]
internal enum Escalation
{
    None = 0,
    WeightGainDay = 1,
    WeightGainWeek = 2,
    BloodPressureCrisis = 4,
    LowSystolic = 8,
}

/// <summary>One enrolled patient's review: who, which program, and the readings of the review window.</summary>
internal sealed record MonitoredPatient(PatientRecord Record, bool HeartFailure, DateOnly EnrolledFrom, DateOnly ReviewDate, IReadOnlyList<RemoteReading> Readings);

internal sealed class RemoteTriageScenario(IReadOnlyList<MonitoredPatient> patients, int populationSize)
{
    public IReadOnlyList<MonitoredPatient> Patients { get; } = patients;

    public int PopulationSize { get; } = populationSize;
}

/// <summary>The thresholds a triage nurse applies; the defaults are the protocol the task states, the
/// others reproduce its usual misreadings so feedback can name them.</summary>
internal sealed record TriageRules
{
    public static readonly TriageRules Protocol = new();

    public decimal DayGain { get; init; } = 0.9m;

    public decimal WeekGain { get; init; } = 2.3m;

    public bool WeekAgainstSeventhDayOnly { get; init; }

    public bool SingleCrisisReading { get; init; }

    public bool CrisisNeedsBoth { get; init; }

    public bool LowSystolicInclusive { get; init; }
}

/// <summary>Lab 9: remote-monitoring triage. Home weight and blood-pressure streams of heart-failure and
/// hypertension patients; the learner applies the escalation protocol and lists the patients to call.</summary>
internal sealed class RemoteTriageLab : Lab<RemoteTriageScenario>, ILabModelAnswer, ILabSqlReference
{
    public const int DefaultPatients = 2_000;
    public const int WindowDays = 14;
    private const ulong PlantPurpose = 0x4C4209;

    internal static readonly CriterionDefinition Format = new("format", "Submission format", 10);
    internal static readonly CriterionDefinition Recall = new("recall", "Patients who needed escalation were flagged (recall)", 50);
    internal static readonly CriterionDefinition Precision = new("precision", "Flagged patients needed escalation (precision)", 40);

    internal static readonly CsvSchema Schema = new(["patient_id"], ["criterion"]);

    internal static readonly (Escalation Flag, string Name)[] CriterionNames =
    [
        (Escalation.WeightGainDay, "weight-gain-day"),
        (Escalation.WeightGainWeek, "weight-gain-week"),
        (Escalation.BloodPressureCrisis, "bp-crisis"),
        (Escalation.LowSystolic, "low-systolic"),
    ];

    public override LabInfo Info { get; } = new(9, "remote-monitoring-triage", "Remote-monitoring triage", ProgramArea.Telehealth, 75,
        "Apply an escalation protocol to home weight and blood-pressure streams and list the patients the nurse must call.");

    public override IReadOnlyList<LabParameter> Parameters { get; } =
        [new("patients", "Number of patients in the population the monitored patients come from.", DefaultPatients, 500, 100_000)];

    internal override IReadOnlyList<CriterionDefinition> Criteria { get; } = [Format, Recall, Precision];

    public override string TaskStatement => $$"""
        ## Your task

        You are a nurse in a remote patient-monitoring program for patients with **heart failure** or
        **hypertension**. Each patient has a home blood-pressure cuff; heart-failure patients also have a
        connected scale (some also send glucose readings, which this protocol does not use). Review each
        patient's transmissions for the **{{WindowDays}} days ending on their review date** and list every
        patient who meets at least one escalation criterion, so they can be called today.

        ## The data (synthetic)

        - `patients.csv` — `patient_id`, `birth_date`, `sex`, `program` (`heart-failure` or `hypertension`),
          `enrolled_from`, `review_date`. The review window is `review_date` and the {{WindowDays - 1}} days before it.
        - `devices.csv` — `device_id`, `patient_id`, `kind` (`blood-pressure`, `weight`, `glucose`), `serial_number`.
        - `readings.csv` — every transmission of the review window: `reading_id`, `patient_id`, `device_id`,
          `kind`, `taken_at` (local date-time), `systolic`, `diastolic` (mm[Hg], blood pressure only),
          `value` (kg for weight, mg/dL for glucose), `unit`.

        ## Escalation protocol (apply exactly these; use only readings in `readings.csv`)

        | criterion | applies to | rule |
        |---|---|---|
        | `weight-gain-day` | heart-failure | a day's weight is **0.9 kg (2 lb) or more above the previous calendar day's** weight (both days must have a weight) |
        | `weight-gain-week` | heart-failure | a day's weight is **2.3 kg (5 lb) or more above the lowest weight of the 7 calendar days before it** (at least one weight in those days) |
        | `bp-crisis` | all | **two consecutive** blood-pressure transmissions (one right after the other in time, whatever the days) **each** with systolic **≥ 180** or diastolic **≥ 120** |
        | `low-systolic` | all | any blood-pressure transmission with systolic **below 90** |

        A day's weight is its first weight transmission of that day. Weights are in kilograms: do not compare
        kilograms with the pound figures.

        ## Submission format

        One CSV file, UTF-8: one row per patient to escalate. `criterion` is optional; when you give it, name
        one criterion the patient meets (the feedback checks it).

        ```csv
        patient_id,criterion
        p0000042,weight-gain-week
        p0000107,bp-crisis
        p0000233,
        ```

        ## How it is graded (100 points, pass at 75)

        | criterion | points | rule |
        |---|---|---|
        | Submission format | 10 | every row names a monitored patient, at most once, with a known criterion or none; 1 point off per problem row |
        | Recall | 50 | share of the patients who meet a criterion that you flagged |
        | Precision | 40 | share of your flagged patients who meet a criterion (no flags, no points) |

        Missing a patient who needs a call is the costlier error, so recall weighs more. The feedback names
        the patients you missed or flagged wrongly, with the readings that decide.
        """;

    public IReadOnlyList<SqlTable> SqlTables { get; } =
    [
        new("patients.csv", "patients", new Dictionary<string, string>()),
        new("readings.csv", "readings", new Dictionary<string, string> { ["systolic"] = "REAL", ["diastolic"] = "REAL", ["value"] = "REAL" }),
    ];

    public string ReferenceDescription => "patients meeting each escalation criterion and any criterion";

    public string ReferenceSql => """
        WITH
        daily AS (
          SELECT r.patient_id, substr(r.taken_at, 1, 10) AS day, r.value,
                 ROW_NUMBER() OVER (PARTITION BY r.patient_id, substr(r.taken_at, 1, 10) ORDER BY r.taken_at) AS position
          FROM readings r JOIN patients p ON p.patient_id = r.patient_id
          WHERE r.kind = 'weight' AND p.program = 'heart-failure'),
        weights AS (SELECT patient_id, day, value FROM daily WHERE position = 1),
        day_gain AS (
          SELECT DISTINCT w.patient_id FROM weights w JOIN weights prior
            ON prior.patient_id = w.patient_id AND julianday(w.day) - julianday(prior.day) = 1
          WHERE w.value - prior.value >= 0.9 - 1e-9),
        week_gain AS (
          SELECT DISTINCT w.patient_id FROM weights w
          WHERE w.value - (SELECT min(prior.value) FROM weights prior WHERE prior.patient_id = w.patient_id
                           AND julianday(w.day) - julianday(prior.day) BETWEEN 1 AND 7) >= 2.3 - 1e-9),
        pressures AS (
          SELECT patient_id, taken_at, (systolic >= 180 OR diastolic >= 120) AS high,
                 LAG(systolic >= 180 OR diastolic >= 120) OVER (PARTITION BY patient_id ORDER BY taken_at) AS previous_high,
                 systolic
          FROM readings WHERE kind = 'blood-pressure'),
        crisis AS (SELECT DISTINCT patient_id FROM pressures WHERE high = 1 AND previous_high = 1),
        low AS (SELECT DISTINCT patient_id FROM pressures WHERE systolic < 90),
        flagged AS (
          SELECT patient_id FROM day_gain UNION SELECT patient_id FROM week_gain
          UNION SELECT patient_id FROM crisis UNION SELECT patient_id FROM low)
        SELECT (SELECT count(*) FROM day_gain) AS weight_gain_day,
               (SELECT count(*) FROM week_gain) AS weight_gain_week,
               (SELECT count(*) FROM crisis) AS bp_crisis,
               (SELECT count(*) FROM low) AS low_systolic,
               (SELECT count(*) FROM flagged) AS flagged;
        """;

    internal override RemoteTriageScenario BuildScenario(long seed, IReadOnlyDictionary<string, int> parameters)
    {
        var population = ScenarioPopulation.Get(seed, parameters["patients"]);
        var patients = new List<MonitoredPatient>();
        for (var i = 0; i < population.Patients.Count; i++)
        {
            var record = population.Patients[i];
            if (record.Devices.Count == 0)
            {
                continue;
            }

            var review = record.Devices.Max(d => d.EnrolledTo);
            var first = review.AddDays(-(WindowDays - 1));
            var readings = record.RemoteReadings.Where(r => DateOnly.FromDateTime(r.Taken) >= first && DateOnly.FromDateTime(r.Taken) <= review).ToList();
            if (readings.Count == 0)
            {
                continue;
            }

            var heartFailure = record.Devices.Any(d => d.Kind == RemoteReadingKind.Weight);
            var random = Population.SeededRandom.ForStream(unchecked((ulong)seed), (ulong)i + 1, PlantPurpose);
            Plant(readings, heartFailure, random);
            patients.Add(new MonitoredPatient(record, heartFailure, record.Devices.Min(d => d.EnrolledFrom), review, readings));
        }

        return new RemoteTriageScenario(patients, population.Patients.Count);
    }

    /// <summary>Plants clear escalations and near misses on a share of patients, replacing reading values
    /// in place (same ids and times), so every criterion and its look-alikes occur.</summary>
    private static void Plant(List<RemoteReading> readings, bool heartFailure, Population.SeededRandom random)
    {
        var pressures = readings.Select((r, i) => (r, i)).Where(p => p.r.Kind == RemoteReadingKind.BloodPressure).Select(p => p.i).ToList();
        var weights = readings.Select((r, i) => (r, i)).Where(p => p.r.Kind == RemoteReadingKind.Weight).Select(p => p.i).ToList();
        var roll = random.NextDouble();
        void SetPressure(int index, int systolic, int diastolic) =>
            readings[index] = readings[index] with { Systolic = systolic, Diastolic = diastolic };

        switch (roll)
        {
            case < 0.10 when pressures.Count >= 3:
                {
                    var at = random.Between(0, pressures.Count - 2);
                    SetPressure(pressures[at], random.Between(180, 196), random.Between(92, 112));
                    SetPressure(pressures[at + 1], random.Between(176, 192), random.Between(118, 126));
                    if (readings[pressures[at + 1]].Systolic < 180 && readings[pressures[at + 1]].Diastolic < 120)
                    {
                        SetPressure(pressures[at + 1], 181, 110);
                    }

                    break;
                }

            case < 0.18 when pressures.Count >= 4:
                {
                    // Two high readings with a normal one between them: not consecutive.
                    var at = random.Between(0, pressures.Count - 3);
                    SetPressure(pressures[at], random.Between(182, 194), random.Between(96, 110));
                    SetPressure(pressures[at + 1], random.Between(138, 152), random.Between(84, 92));
                    SetPressure(pressures[at + 2], random.Between(181, 190), random.Between(95, 105));
                    break;
                }

            case < 0.24 when pressures.Count >= 1:
                SetPressure(pressures[random.Next(pressures.Count)], random.Between(82, 89), random.Between(48, 58));
                break;
            case < 0.29 when pressures.Count >= 1:
                SetPressure(pressures[random.Next(pressures.Count)], 90, random.Between(52, 60));
                break;
            case < 0.45 when heartFailure && weights.Count >= 8:
                {
                    // Fluid retention: a steady gain over the last six weights.
                    var start = weights.Count - 6;
                    var baseline = readings[weights[start - 1]].Value!.Value;
                    for (var k = 0; k < 6; k++)
                    {
                        var index = weights[start + k];
                        readings[index] = readings[index] with { Value = baseline + (0.45m * (k + 1)) + (random.Between(-5, 5) / 100m) };
                    }

                    break;
                }

            default:
                break;
        }
    }

    internal override void WriteScenario(RemoteTriageScenario scenario, ScenarioFileSet files)
    {
        var patients = new CsvDocument("patient_id", "birth_date", "sex", "program", "enrolled_from", "review_date");
        var devices = new CsvDocument("device_id", "patient_id", "kind", "serial_number");
        var readings = new CsvDocument("reading_id", "patient_id", "device_id", "kind", "taken_at", "systolic", "diastolic", "value", "unit");
        foreach (var monitored in scenario.Patients)
        {
            var patient = monitored.Record.Patient;
            patients.Add(patient.Id, ScenarioFormat.Date(patient.BirthDate), ScenarioFormat.Sex(patient.Sex), monitored.HeartFailure ? "heart-failure" : "hypertension",
                ScenarioFormat.Date(monitored.EnrolledFrom), ScenarioFormat.Date(monitored.ReviewDate));
            foreach (var device in monitored.Record.Devices)
            {
                devices.Add(device.Id, device.PatientId, Kind(device.Kind), device.SerialNumber);
            }

            foreach (var reading in monitored.Readings)
            {
                readings.Add(reading.Id, reading.PatientId, reading.DeviceId, Kind(reading.Kind), ScenarioFormat.DateTime(reading.Taken),
                    ScenarioFormat.Number(reading.Systolic), ScenarioFormat.Number(reading.Diastolic), ScenarioFormat.Number(reading.Value), reading.Unit);
            }
        }

        files.AddCsv("patients.csv", "Enrolled patients and their review dates.", patients);
        files.AddCsv("devices.csv", "Home-monitoring devices.", devices);
        files.AddCsv("readings.csv", "Transmissions of each patient's review window.", readings);
        files.Notes.Append("The data are synthetic; device serial numbers are fictional.\n");
    }

    private static string Kind(RemoteReadingKind kind) => kind switch
    {
        RemoteReadingKind.BloodPressure => "blood-pressure",
        RemoteReadingKind.Weight => "weight",
        _ => "glucose",
    };

    /// <summary>What the protocol finds for one patient, with the reading that shows it.</summary>
    internal static (Escalation Flags, string Evidence) Assess(MonitoredPatient patient, TriageRules rules)
    {
        var flags = Escalation.None;
        var evidence = new List<string>();
        if (patient.HeartFailure)
        {
            var daily = new SortedDictionary<DateOnly, decimal>();
            foreach (var reading in patient.Readings)
            {
                if (reading.Kind == RemoteReadingKind.Weight && reading.Value is { } kg)
                {
                    daily.TryAdd(DateOnly.FromDateTime(reading.Taken), kg);
                }
            }

            foreach (var (day, weight) in daily)
            {
                if (daily.TryGetValue(day.AddDays(-1), out var yesterday) && weight - yesterday >= rules.DayGain && !flags.HasFlag(Escalation.WeightGainDay))
                {
                    flags |= Escalation.WeightGainDay;
                    evidence.Add(string.Create(CultureInfo.InvariantCulture, $"weight {weight} kg on {ScenarioFormat.Date(day)}, {weight - yesterday:+0.0;-0.0} kg on the day before"));
                }

                decimal? lowest = null;
                for (var back = rules.WeekAgainstSeventhDayOnly ? 7 : 1; back <= 7; back++)
                {
                    if (daily.TryGetValue(day.AddDays(-back), out var earlier) && (lowest is null || earlier < lowest))
                    {
                        lowest = earlier;
                    }
                }

                if (lowest is { } low && weight - low >= rules.WeekGain && !flags.HasFlag(Escalation.WeightGainWeek))
                {
                    flags |= Escalation.WeightGainWeek;
                    evidence.Add(string.Create(CultureInfo.InvariantCulture, $"weight {weight} kg on {ScenarioFormat.Date(day)}, {weight - low:+0.0} kg above the week's lowest"));
                }
            }
        }

        RemoteReading? previous = null;
        foreach (var reading in patient.Readings)
        {
            if (reading.Kind != RemoteReadingKind.BloodPressure || reading.Systolic is not { } systolic || reading.Diastolic is not { } diastolic)
            {
                continue;
            }

            var high = IsHigh(systolic, diastolic, rules);
            if (high && (rules.SingleCrisisReading || (previous is { } p && IsHigh(p.Systolic!.Value, p.Diastolic!.Value, rules))) && !flags.HasFlag(Escalation.BloodPressureCrisis))
            {
                flags |= Escalation.BloodPressureCrisis;
                evidence.Add(string.Create(CultureInfo.InvariantCulture, $"{systolic}/{diastolic} at {ScenarioFormat.DateTime(reading.Taken)}") +
                    (previous is { } q && !rules.SingleCrisisReading ? string.Create(CultureInfo.InvariantCulture, $" right after {q.Systolic}/{q.Diastolic}") : string.Empty));
            }

            if ((systolic < 90 || (rules.LowSystolicInclusive && systolic == 90)) && !flags.HasFlag(Escalation.LowSystolic))
            {
                flags |= Escalation.LowSystolic;
                evidence.Add(string.Create(CultureInfo.InvariantCulture, $"systolic {systolic} at {ScenarioFormat.DateTime(reading.Taken)}"));
            }

            previous = reading;
        }

        return (flags, string.Join("; ", evidence));
    }

    private static bool IsHigh(decimal systolic, decimal diastolic, TriageRules rules) =>
        rules.CrisisNeedsBoth ? systolic >= 180 && diastolic >= 120 : systolic >= 180 || diastolic >= 120;

    internal static Escalation[] Truth(RemoteTriageScenario scenario, TriageRules rules) =>
        [.. scenario.Patients.Select(p => Assess(p, rules).Flags)];

    public LabModelAnswer CreateModelAnswer(LabScenarioRequest request)
    {
        var scenario = Scenario(request);
        var csv = new CsvDocument("patient_id", "criterion");
        var truth = Truth(scenario, TriageRules.Protocol);
        for (var i = 0; i < truth.Length; i++)
        {
            if (truth[i] != Escalation.None)
            {
                csv.Add(scenario.Patients[i].Record.Patient.Id, CriterionNames.First(c => truth[i].HasFlag(c.Flag)).Name);
            }
        }

        return new LabModelAnswer("escalations.csv", csv.ToString());
    }

    public IReadOnlyDictionary<string, double> CoreFigures(LabScenarioRequest request)
    {
        var truth = Truth(Scenario(request), TriageRules.Protocol);
        return new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["weight_gain_day"] = truth.Count(t => t.HasFlag(Escalation.WeightGainDay)),
            ["weight_gain_week"] = truth.Count(t => t.HasFlag(Escalation.WeightGainWeek)),
            ["bp_crisis"] = truth.Count(t => t.HasFlag(Escalation.BloodPressureCrisis)),
            ["low_systolic"] = truth.Count(t => t.HasFlag(Escalation.LowSystolic)),
            ["flagged"] = truth.Count(t => t != Escalation.None),
        };
    }

    internal override void GradeSubmission(RemoteTriageScenario scenario, LabSubmission submission, GradeSheet sheet)
    {
        var read = CsvSubmission.Read(submission, Schema);
        if (read.Value is null)
        {
            sheet.NotGraded("Not graded: " + read.FatalIssue!.Message);
            return;
        }

        var positions = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < scenario.Patients.Count; i++)
        {
            positions[scenario.Patients[i].Record.Patient.Id] = i;
        }

        var problems = new FeedbackList(8);
        problems.AddRange(read.Issues.Select(i => i.Message));
        var problemRows = read.Issues.Count;
        var flagged = new Dictionary<int, Escalation>();
        var table = read.Value;
        int idColumn = table.ColumnIndex("patient_id"), criterionColumn = table.ColumnIndex("criterion");
        foreach (var row in table.Records)
        {
            if (row.IsRejected(idColumn) || row.IsRejected(criterionColumn))
            {
                continue;
            }

            var where = char.ToUpperInvariant(row.Where[0]) + row.Where[1..];
            var id = row[idColumn]!.Trim();
            if (!positions.TryGetValue(id, out var position))
            {
                problems.Add(ScenarioFormat.PatientIndex(id, scenario.PopulationSize) >= 0
                    ? $"{where}: {id} is not enrolled in remote monitoring (see patients.csv)."
                    : $"{where}: {Excerpt.Quote(id)} is not a patient id.");
                problemRows++;
                continue;
            }

            var named = Escalation.None;
            var criterionText = criterionColumn < 0 ? string.Empty : row[criterionColumn]!.Trim();
            if (criterionText.Length > 0)
            {
                var match = CriterionNames.FirstOrDefault(c => c.Name.Equals(criterionText, StringComparison.OrdinalIgnoreCase));
                if (match.Name is null)
                {
                    problems.Add($"{where}: unknown criterion {Excerpt.Quote(criterionText)}; use {string.Join(", ", CriterionNames.Select(c => c.Name))} or leave it empty.");
                    problemRows++;
                }

                named = match.Flag;
            }

            if (!flagged.TryAdd(position, named))
            {
                problems.Add($"{where}: {id} is listed more than once; list each patient once.");
                problemRows++;
            }
        }

        sheet.Award(Format, Format.MaxPoints - problemRows,
            problems.Render(problems.Count == 0 ? "Every row reads cleanly." : string.Create(CultureInfo.InvariantCulture, $"{problemRows} problem row{(problemRows == 1 ? string.Empty : "s")}:")));

        var assessed = scenario.Patients.Select(p => Assess(p, TriageRules.Protocol)).ToArray();
        var needed = Enumerable.Range(0, assessed.Length).Where(i => assessed[i].Flags != Escalation.None).ToList();
        var found = needed.Count(flagged.ContainsKey);
        var missed = new FeedbackList(6);
        missed.AddRange(needed.Where(i => !flagged.ContainsKey(i)).Select(i => $"{scenario.Patients[i].Record.Patient.Id} meets {Names(assessed[i].Flags)}: {assessed[i].Evidence}"));
        var recallSummary = string.Create(CultureInfo.InvariantCulture, $"You flagged {found} of the {needed.Count} patients who meet a criterion.");
        var hint = MistakeHint(scenario, flagged.Keys.ToHashSet(), needed.ToHashSet());
        sheet.AwardShare(Recall, found, needed.Count, missed.Render(recallSummary + hint + (missed.Count > 0 ? " Missed:" : string.Empty)));

        var wrong = flagged.Keys.Where(i => assessed[i].Flags == Escalation.None).Order().ToList();
        var falseFlags = new FeedbackList(6);
        falseFlags.AddRange(wrong.Select(i => $"{scenario.Patients[i].Record.Patient.Id} meets no criterion{NearMiss(scenario.Patients[i])}"));
        var mislabelled = flagged.Where(f => f.Value != Escalation.None && assessed[f.Key].Flags != Escalation.None && !assessed[f.Key].Flags.HasFlag(f.Value))
            .Select(f => $"{scenario.Patients[f.Key].Record.Patient.Id} is rightly flagged, but for {Names(assessed[f.Key].Flags)}, not {Names(f.Value)}").ToList();
        falseFlags.AddRange(mislabelled);
        if (flagged.Count == 0)
        {
            sheet.Award(Precision, 0, "No patient was flagged.");
        }
        else
        {
            var right = flagged.Count - wrong.Count;
            sheet.AwardShare(Precision, right, flagged.Count, falseFlags.Render(
                string.Create(CultureInfo.InvariantCulture, $"{right} of your {flagged.Count} flagged patients meet a criterion.") + (falseFlags.Count > 0 ? " Check:" : string.Empty)));
        }
    }

    private static string Names(Escalation flags) =>
        string.Join(" and ", CriterionNames.Where(c => flags.HasFlag(c.Flag)).Select(c => c.Name));

    /// <summary>Why a patient who looks like an escalation is not one.</summary>
    private static string NearMiss(MonitoredPatient patient)
    {
        var (single, _) = Assess(patient, TriageRules.Protocol with { SingleCrisisReading = true });
        if (single.HasFlag(Escalation.BloodPressureCrisis))
        {
            return " (a reading of 180/120 or above, but never two consecutive ones)";
        }

        var (inclusive, _) = Assess(patient, TriageRules.Protocol with { LowSystolicInclusive = true });
        if (inclusive.HasFlag(Escalation.LowSystolic))
        {
            return " (a systolic of exactly 90, which is not below 90)";
        }

        return patient.HeartFailure ? " (no day-to-day or weekly weight gain reaches the thresholds)" : string.Empty;
    }

    private static string MistakeHint(RemoteTriageScenario scenario, HashSet<int> flagged, HashSet<int> truth)
    {
        if (flagged.SetEquals(truth))
        {
            return string.Empty;
        }

        (string Mistake, TriageRules Rules)[] variants =
        [
            ("a single reading of 180/120 or above is escalated (the protocol needs two consecutive ones)", TriageRules.Protocol with { SingleCrisisReading = true }),
            ("a crisis needs both systolic ≥ 180 and diastolic ≥ 120 (either one is enough)", TriageRules.Protocol with { CrisisNeedsBoth = true }),
            ("the pound thresholds are applied to kilograms (2 kg and 5 kg instead of 0.9 kg and 2.3 kg)", TriageRules.Protocol with { DayGain = 2m, WeekGain = 5m }),
            ("the weekly gain is measured against the seventh day before only (use the lowest weight of the seven days before)", TriageRules.Protocol with { WeekAgainstSeventhDayOnly = true }),
            ("a systolic of exactly 90 is escalated (low means below 90)", TriageRules.Protocol with { LowSystolicInclusive = true }),
        ];
        static double Agreement(HashSet<int> a, IEnumerable<int> b)
        {
            var other = b.ToHashSet();
            var union = a.Union(other).Count();
            return union == 0 ? 1 : (double)a.Intersect(other).Count() / union;
        }

        var baseline = Agreement(flagged, truth);
        var best = variants
            .Select(v => (v.Mistake, Score: Agreement(flagged, Truth(scenario, v.Rules).Select((f, i) => (f, i)).Where(p => p.f != Escalation.None).Select(p => p.i))))
            .Where(v => v.Score > baseline)
            .OrderByDescending(v => v.Score)
            .FirstOrDefault();
        return best.Mistake is null ? string.Empty : $" Your list matches what you get when {best.Mistake}.";
    }
}
