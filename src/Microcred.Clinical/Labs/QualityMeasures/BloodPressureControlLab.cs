using System.Globalization;
using Microcred.Clinical.CodeSystems;
using Microcred.Clinical.Labs.Benchmark;
using Microcred.Clinical.Labs.Cohort;
using Microcred.Clinical.Population;

namespace Microcred.Clinical.Labs.QualityMeasures;

internal sealed class BloodPressureScenario(ScenarioPopulation population, IReadOnlyList<PatientRecord> patients, int repeatReadings, ClinicalColumns columns) : IMeasureScenario
{
    /// <summary>The same records as flat rows (blood pressures as observations), for the grader.</summary>
    public ClinicalColumns Columns { get; } = columns;

    public ScenarioPopulation Population { get; } = population;

    /// <summary>The population's patients, with exclusion cases planted.</summary>
    public IReadOnlyList<PatientRecord> Patients { get; } = patients;

    /// <summary>Visits of initial-population patients in the period with a recheck (more than one reading).</summary>
    public int RepeatReadings { get; } = repeatReadings;

    public int PatientCount => Patients.Count;
}

/// <summary>Lab 6: the CMS165-style measure "Controlling high blood pressure" on a clinic's EHR extract.</summary>
internal sealed class BloodPressureControlLab : QualityMeasureLab<BloodPressureScenario>
{
    internal const string Panel = "85354-9";
    internal const string BloodPressureFile = "blood_pressures.csv";
    private const ulong ExclusionPlantPurpose = 0x4C4206;
    private static readonly DateOnly OnsetDeadline = new(2025, 6, 30);

    public override LabInfo Info { get; } = new(6, "blood-pressure-quality-measure", "Blood-pressure quality measure: controlling high blood pressure", ProgramArea.HealthcareAdministration, 80,
        "Compute a CMS165-style blood-pressure control measure (initial population, exclusions, numerator, rate) from a clinic's EHR extract.");

    protected override string NumeratorMeaning => "controlled (below 140/90 on the most recent blood-pressure day)";

    public override string TaskStatement => $$"""
        ## Your task

        You are the quality analyst of a primary-care network. Compute the network's **Controlling high blood
        pressure** measure for the measurement period **2025-01-01 to 2025-12-31**, modelled on CMS165. A
        higher rate is better. The files are an extract of the network's EHR for 2024 and 2025 (synthetic patients).

        ## The data

        {{ClinicalTables.TableDescriptions}}
        - `blood_pressures.csv` — blood-pressure readings (LOINC panel `85354-9`) taken by clinicians in 2024
          and 2025: `observation_id`, `patient_id`, `encounter_id`, `code`, `effective` (local date-time),
          `systolic`, `diastolic` (mm[Hg]). A nurse often rechecks a high reading a few minutes later: the
          recheck is a second row for the same encounter. Home readings are not part of this extract.

        ## Definitions (apply exactly these)

        **Age** is the age in whole years on **2025-12-31**, the last day of the period.

        **Initial population**: patients who
        1. are 18 to 85 years old (inclusive);
        2. have essential hypertension (`ICD-10-CM` `I10`) starting **on or before 2025-06-30** (before the
           period or within its first six months) and not ended before 2025-01-01 (`abatement_date` empty or on
           or after 2025-01-01);
        3. had a **qualifying visit** in the period: an encounter whose `start_time` falls in 2025 and whose
           `type_code` is one of `office-visit`, `preventive-visit`, `annual-wellness-visit`, `acute-visit`,
           `telehealth-visit`, `home-health-visit`, `nursing-facility-visit`. Emergency-department visits,
           inpatient stays, hospice visits, palliative-care consultations and remote-monitoring reviews are
           not qualifying visits.

        **Denominator exclusions** (a patient meeting any of them leaves the denominator; count each patient once):
        - **Hospice**: an encounter of type `hospice-visit` starting in 2025, or an inpatient stay whose
          `discharge_disposition` is `hospice` and whose `end_time` falls in 2025.
        - **Palliative care**: an encounter of type `palliative-care-consult` starting in 2025, or a condition
          `Z51.5` (encounter for palliative care) with `onset_date` in 2025.
        - **Long-term nursing home** (age 66 or over only): `nursing-facility-visit` encounters in 2025 whose
          first and last dates are **more than 90 days** apart.
        - **Frailty with advanced illness** (age 66 or over only): a frailty diagnosis (`R54`) active during
          2025, **and** either an advanced illness active at any time in 2024 or 2025 (codes starting with
          `I50`, `J44`, `G30`, `C34`, or `N18.5`/`N18.6`) or a dementia medication (RxNorm `997223`)
          authored on or before 2025-12-31 and not ended before 2024-01-01.
        - **Kidney failure**: end-stage kidney disease `N18.6`, dialysis `Z99.2` or kidney transplant `Z94.0`
          with `onset_date` on or before 2025-12-31.
        - **Pregnancy**: `Z33.1` active at any time during 2025.

        **Denominator** = initial population − exclusions.

        **Numerator** (controlled): patients in the denominator whose **most recent blood-pressure day** in
        2025 shows control:
        - only readings dated in 2025 count, and readings taken in an emergency-department (`EMER`) or
          inpatient (`IMP`) encounter are **ignored** (join `encounter_id` to `encounters.csv`);
        - the most recent blood-pressure day is the latest date with at least one remaining reading;
        - with several readings that day, take the **lowest systolic** and the **lowest diastolic** (they may
          come from different readings);
        - controlled means systolic **below 140** and diastolic **below 90**;
        - a patient with **no** remaining reading in 2025 is **not controlled** and stays in the denominator.

        **Rate** = numerator ÷ denominator, as a proportion between 0 and 1.

        ## Submission format

        One JSON file:

        ```json
        {{MeasureAnswer.Example}}
        ```

        `numeratorPatients` (the ids of the controlled patients) is optional; when given, the feedback names
        the patients you missed or added and why.

        {{GradingTable("controlled patients")}}
        """;

    public override IReadOnlyList<SqlTable> SqlTables { get; } =
    [
        ClinicalTables.PatientsTable, ClinicalTables.EncountersTable, ClinicalTables.ConditionsTable, ClinicalTables.MedicationsTable,
        new(BloodPressureFile, "blood_pressures", new Dictionary<string, string> { ["systolic"] = "REAL", ["diastolic"] = "REAL" }),
    ];

    public override string ReferenceDescription => "CMS165 initial population, exclusions, denominator and numerator counts";

    public override string ReferenceSql => MeasureSql.Compose(
        initialPopulation: """
            ip AS (
              SELECT a.patient_id, a.age FROM age a
              WHERE a.age BETWEEN 18 AND 85
                AND EXISTS (SELECT 1 FROM conditions c WHERE c.patient_id = a.patient_id AND c.code = 'I10'
                            AND c.onset_date <= '2025-06-30' AND (c.abatement_date IS NULL OR c.abatement_date >= '2025-01-01'))
                AND EXISTS (SELECT 1 FROM qualifying_visits v WHERE v.patient_id = a.patient_id))
            """,
        kidneyAndPregnancy: true,
        numerator: """
            valid_readings AS (
              SELECT b.patient_id, substr(b.effective, 1, 10) AS day, b.systolic, b.diastolic
              FROM blood_pressures b JOIN encounters e ON e.encounter_id = b.encounter_id
              WHERE e.class NOT IN ('EMER', 'IMP') AND substr(b.effective, 1, 10) BETWEEN '2025-01-01' AND '2025-12-31'),
            last_day AS (
              SELECT patient_id, max(day) AS day FROM valid_readings GROUP BY patient_id),
            numerator AS (
              SELECT d.patient_id FROM denominator d
              JOIN last_day l ON l.patient_id = d.patient_id
              JOIN valid_readings v ON v.patient_id = l.patient_id AND v.day = l.day
              GROUP BY d.patient_id
              HAVING min(v.systolic) < 140 AND min(v.diastolic) < 90)
            """);

    internal override BloodPressureScenario BuildScenario(long seed, IReadOnlyDictionary<string, int> parameters)
    {
        var population = ScenarioPopulation.Get(seed, parameters["patients"]);
        var start = population.PeriodStart;
        var end = population.PeriodEnd;
        var patients = population.Patients.ToArray();
        var repeats = 0;
        for (var i = 0; i < patients.Length; i++)
        {
            if (!InInitialPopulation(patients[i], start, end, MeasureRules.Correct, OnsetDeadline))
            {
                continue;
            }

            var record = MeasurePlants.Plant(patients[i], i, seed, ExclusionPlantPurpose, kidneyAndPregnancy: true, population);
            repeats += record.Observations.Where(o => o.Code.Code == Panel && MeasureLogic.InPeriod(o.Effective, start, end))
                .GroupBy(o => o.EncounterId, StringComparer.Ordinal).Count(g => g.Count() > 1);
            patients[i] = record;
        }

        var columns = ClinicalColumns.Build(patients, (_, record) => record.Observations.Where(o => o.Code.Code == Panel).Select(o =>
        {
            var (systolic, diastolic) = Values(o);
            return ((Observation?)o, o.Effective.Ticks, (short)systolic, (short)diastolic, false, o.EncounterId);
        }));
        return new BloodPressureScenario(population, patients, repeats, columns);
    }

    internal override void WriteScenario(BloodPressureScenario scenario, ScenarioFileSet files)
    {
        var patients = scenario.Patients;
        files.AddCsv(ClinicalTables.PatientsFile, "Patients of the network.", ClinicalTables.Patients(patients));
        files.AddCsv(ClinicalTables.EncountersFile, "Encounters of 2024 and 2025.", ClinicalTables.Encounters(patients));
        files.AddCsv(ClinicalTables.ConditionsFile, "Diagnoses.", ClinicalTables.Conditions(patients));
        files.AddCsv(ClinicalTables.MedicationsFile, "Prescriptions.", ClinicalTables.Medications(patients));
        var readings = new CsvDocument("observation_id", "patient_id", "encounter_id", "code", "effective", "systolic", "diastolic");
        foreach (var record in patients)
        {
            foreach (var reading in record.Observations)
            {
                if (reading.Code.Code != Panel)
                {
                    continue;
                }

                var (systolic, diastolic) = Values(reading);
                readings.Add(reading.Id, reading.PatientId, reading.EncounterId, Panel, ScenarioFormat.DateTime(reading.Effective),
                    ScenarioFormat.Number(systolic), ScenarioFormat.Number(diastolic));
            }
        }

        files.AddCsv(BloodPressureFile, "Clinician blood-pressure readings of 2024 and 2025.", readings);
        files.Notes.Append("The data are synthetic. ").Append(CodeCatalog.LoincNotice).Append('\n');
    }

    internal static (decimal Systolic, decimal Diastolic) Values(Observation reading)
    {
        decimal systolic = 0, diastolic = 0;
        foreach (var component in reading.Components)
        {
            if (component.Code.Code == "8480-6")
            {
                systolic = component.Value;
            }
            else if (component.Code.Code == "8462-4")
            {
                diastolic = component.Value;
            }
        }

        return (systolic, diastolic);
    }

    private static HashSet<string> AcuteEncounters(PatientRecord record)
    {
        var acute = new HashSet<string>(StringComparer.Ordinal);
        foreach (var encounter in record.Encounters)
        {
            if (encounter.Class is EncounterClass.Emergency or EncounterClass.Inpatient)
            {
                acute.Add(encounter.Id);
            }
        }

        return acute;
    }

    private static bool HasHypertension(PatientRecord record, DateOnly start, DateOnly onsetDeadline) =>
        record.Conditions.Any(c => c.Code.Code == "I10" && MeasureLogic.ActiveBetween(c, start, onsetDeadline));

    private static bool InInitialPopulation(PatientRecord record, DateOnly start, DateOnly end, MeasureRules rules, DateOnly onsetDeadline)
    {
        var age = MeasureLogic.Age(record.Patient, start, end, rules);
        return age is >= 18 and <= 85 && HasHypertension(record, start, onsetDeadline) && MeasureLogic.HasQualifyingVisit(record, start, end, rules);
    }

    internal override MeasureTruth Evaluate(BloodPressureScenario scenario)
    {
        var start = scenario.Population.PeriodStart;
        var end = scenario.Population.PeriodEnd;
        var tally = new MeasureTally();
        tally.Define("correct", string.Empty);
        tally.Define("emergency-visits", "emergency-department or inpatient encounters are counted as qualifying visits (only the visit types listed in the task qualify)");
        tally.Define("age-at-start", "age is taken on the first day of the period (it is the age on 2025-12-31)");
        tally.Define("late-onset", "hypertension starting after 2025-06-30 is accepted (the diagnosis must start on or before 2025-06-30)");
        tally.Define("no-exclusions", "no exclusions are applied: the numerator is counted over the whole initial population");
        tally.Define("no-kidney-pregnancy", "end-stage kidney disease, dialysis, kidney transplant and pregnancy are not excluded (CMS165 excludes them, unlike CMS122)");
        tally.Define("age-gate", "the nursing-home and frailty exclusions are applied to patients under 66 (they apply only at 66 and over)");
        tally.Define("palliative-encounters-only", "palliative care is found from encounter types only (a Z51.5 diagnosis also marks palliative care; some consultations were by video)");
        tally.Define("any-nursing-visit", "every patient with a nursing-facility visit is excluded (only visits spanning more than 90 days mark a long-term resident)");
        tally.Define("frailty-alone", "frail patients are excluded without an advanced illness or dementia medication (frailty alone is not enough)");
        tally.Define("highest", "the highest reading of the day is used (with several readings on the most recent day, use the lowest systolic and the lowest diastolic)");
        tally.Define("mean", "the day's readings are averaged (use the lowest systolic and the lowest diastolic of the day)");
        tally.Define("lowest-reading", "the reading with the lowest systolic is taken with its own diastolic (the lowest systolic and the lowest diastolic may come from different readings)");
        tally.Define("last-reading", "only the last reading of the day is used (use the lowest systolic and the lowest diastolic of all the day's readings)");
        tally.Define("acute-readings", "readings from emergency-department or inpatient encounters are counted (they are ignored)");
        tally.Define("at-or-below", "140 systolic or 90 diastolic is counted as controlled (control means below 140 and below 90)");
        tally.Define("lookback", "readings from before 2025 are used (only readings dated in the measurement period count)");
        tally.Define("dropped-no-reading", "patients with no reading are dropped from the denominator (no reading means not controlled; the patient stays in the denominator)");
        tally.Define("uncontrolled", "the numerator counts uncontrolled patients (this measure's numerator is control: below 140/90)");

        var numerator = new List<int>();
        var columns = scenario.Columns;
        int startDay = start.DayNumber, endDay = end.DayNumber, deadline = OnsetDeadline.DayNumber;
        var startRules = new MeasureRules { AgeAtPeriodStart = true };
        for (var i = 0; i < columns.PatientCount; i++)
        {
            var hypertension = MeasureLogic.HasCondition(columns, i, CodeMeaning.Hypertension, startDay, deadline);
            var anyHypertension = hypertension || MeasureLogic.HasCondition(columns, i, CodeMeaning.Hypertension, startDay, endDay);
            if (!anyHypertension)
            {
                continue;
            }

            var ageEnd = columns.Age(i, end);
            var ageStart = columns.Age(i, start);
            if (ageEnd is < 18 or > 85 && ageStart is < 18 or > 85)
            {
                continue;
            }

            var visit = MeasureLogic.HasQualifyingVisit(columns, i, start, end, acuteVisitsQualify: false);
            var anyVisit = visit || MeasureLogic.HasQualifyingVisit(columns, i, start, end, acuteVisitsQualify: true);
            if (!anyVisit)
            {
                continue;
            }

            var inAge = ageEnd is >= 18 and <= 85;
            var ip = visit && inAge && hypertension;
            var excluded = MeasureLogic.Exclusions(columns, i, start, end, kidneyAndPregnancy: true, MeasureRules.Correct) != MeasureExclusion.None;
            var day = BloodPressureDay.Of(columns, i, startDay, endDay, includeAcute: false, lookback: false);
            var controlled = day.HasReading && day.MinSystolic < 140 && day.MinDiastolic < 90;
            tally.Add("correct", ip, excluded, controlled);
            if (ip && !excluded && controlled)
            {
                numerator.Add(i);
            }

            tally.Add("emergency-visits", anyVisit && inAge && hypertension, excluded, controlled);
            tally.Add("age-at-start", visit && hypertension && ageStart is >= 18 and <= 85,
                MeasureLogic.Exclusions(columns, i, start, end, true, startRules) != MeasureExclusion.None, controlled);
            tally.Add("late-onset", visit && inAge && anyHypertension, excluded, controlled);
            tally.Add("no-exclusions", ip, false, controlled);
            if (ip)
            {
                tally.Add("no-kidney-pregnancy", ip, MeasureLogic.Exclusions(columns, i, start, end, false, MeasureRules.Correct) != MeasureExclusion.None, controlled);
                foreach (var (id, rules) in DiabetesControlLab.ExclusionVariants)
                {
                    tally.Add(id, ip, MeasureLogic.Exclusions(columns, i, start, end, true, rules) != MeasureExclusion.None, controlled);
                }
            }

            tally.Add("highest", ip, excluded, day.HasReading && day.MaxSystolic < 140 && day.MaxDiastolic < 90);
            tally.Add("mean", ip, excluded, day.HasReading && day.MeanSystolic < 140 && day.MeanDiastolic < 90);
            tally.Add("lowest-reading", ip, excluded, day.HasReading && day.LowestReading.Systolic < 140 && day.LowestReading.Diastolic < 90);
            tally.Add("last-reading", ip, excluded, day.HasReading && day.LastReading.Systolic < 140 && day.LastReading.Diastolic < 90);
            var withAcute = BloodPressureDay.Of(columns, i, startDay, endDay, includeAcute: true, lookback: false);
            tally.Add("acute-readings", ip, excluded, withAcute.HasReading && withAcute.MinSystolic < 140 && withAcute.MinDiastolic < 90);
            tally.Add("at-or-below", ip, excluded, day.HasReading && day.MinSystolic <= 140 && day.MinDiastolic <= 90);
            var lookback = BloodPressureDay.Of(columns, i, startDay, endDay, includeAcute: false, lookback: true);
            tally.Add("lookback", ip, excluded, lookback.HasReading && lookback.MinSystolic < 140 && lookback.MinDiastolic < 90);
            tally.Add("dropped-no-reading", ip, excluded, controlled, droppedFromDenominator: !day.HasReading);
            tally.Add("uncontrolled", ip, excluded, !controlled);
        }

        return new MeasureTruth(tally.Counts("correct"), numerator, tally.Variants("correct"));
    }

    internal override string DescribePatient(BloodPressureScenario scenario, int index)
    {
        var record = scenario.Patients[index];
        var start = scenario.Population.PeriodStart;
        var end = scenario.Population.PeriodEnd;
        var id = record.Patient.Id;
        var hasCondition = HasHypertension(record, start, OnsetDeadline);
        if (OutsideDenominator(record, start, end, hasCondition, "no essential hypertension starting by 2025-06-30", maximumAge: 85, kidneyAndPregnancyExclusions: true) is { } outside)
        {
            return outside;
        }

        var day = BloodPressureDay.Of(record, start, end, includeAcute: false, lookback: false);
        if (!day.HasReading)
        {
            return $"{id} (no clinic blood pressure in 2025, so not controlled)";
        }

        var verdict = day.MinSystolic < 140 && day.MinDiastolic < 90 ? "controlled" : "not controlled";
        return string.Create(CultureInfo.InvariantCulture,
            $"{id} (most recent blood-pressure day {ScenarioFormat.Date(day.Day)}: {day.Count} reading{(day.Count == 1 ? string.Empty : "s")}, lowest {day.MinSystolic}/{day.MinDiastolic}, {verdict})");
    }

    /// <summary>The most recent blood-pressure day of a patient, with every summary a learner might take of it.</summary>
    private readonly record struct BloodPressureDay(DateOnly Day, int Count, decimal MinSystolic, decimal MinDiastolic, decimal MaxSystolic, decimal MaxDiastolic,
        decimal MeanSystolic, decimal MeanDiastolic, (decimal Systolic, decimal Diastolic) LowestReading, (decimal Systolic, decimal Diastolic) LastReading)
    {
        public bool HasReading => Count > 0;

        public static BloodPressureDay Of(ClinicalColumns columns, int patient, int startDay, int endDay, bool includeAcute, bool lookback)
        {
            var rows = columns.Observations;
            int from = columns.ObservationFrom[patient], to = columns.ObservationFrom[patient + 1];
            var lastDay = int.MinValue;
            for (var o = from; o < to; o++)
            {
                var row = rows[o];
                if ((includeAcute || !row.Acute) && row.Day <= endDay && (lookback || row.Day >= startDay))
                {
                    lastDay = Math.Max(lastDay, row.Day);
                }
            }

            if (lastDay == int.MinValue)
            {
                return default;
            }

            int count = 0;
            decimal minS = decimal.MaxValue, minD = decimal.MaxValue, maxS = 0, maxD = 0, sumS = 0, sumD = 0;
            (decimal, decimal) lowest = default, last = default;
            for (var o = from; o < to; o++)
            {
                var row = rows[o];
                if (row.Day != lastDay || (!includeAcute && row.Acute))
                {
                    continue;
                }

                decimal s = row.Value, d = row.Diastolic;
                count++;
                if (s < minS)
                {
                    minS = s;
                    lowest = (s, d);
                }

                minD = Math.Min(minD, d);
                maxS = Math.Max(maxS, s);
                maxD = Math.Max(maxD, d);
                sumS += s;
                sumD += d;
                last = (s, d);
            }

            return new BloodPressureDay(DateOnly.FromDayNumber(lastDay), count, minS, minD, maxS, maxD, sumS / count, sumD / count, lowest, last);
        }

        public static BloodPressureDay Of(PatientRecord record, DateOnly start, DateOnly end, bool includeAcute, bool lookback)
        {
            var acute = includeAcute ? null : AcuteEncounters(record);
            var lastDay = DateOnly.MinValue;
            foreach (var reading in record.Observations)
            {
                if (Counts(reading, acute, start, end, lookback))
                {
                    var day = DateOnly.FromDateTime(reading.Effective);
                    if (day > lastDay)
                    {
                        lastDay = day;
                    }
                }
            }

            if (lastDay == DateOnly.MinValue)
            {
                return default;
            }

            int count = 0;
            decimal minS = decimal.MaxValue, minD = decimal.MaxValue, maxS = 0, maxD = 0, sumS = 0, sumD = 0;
            (decimal, decimal) lowest = default, last = default;
            var lastTime = DateTime.MinValue;
            foreach (var reading in record.Observations)
            {
                if (!Counts(reading, acute, start, end, lookback) || DateOnly.FromDateTime(reading.Effective) != lastDay)
                {
                    continue;
                }

                var (s, d) = Values(reading);
                count++;
                if (s < minS)
                {
                    minS = s;
                    lowest = (s, d);
                }

                minD = Math.Min(minD, d);
                maxS = Math.Max(maxS, s);
                maxD = Math.Max(maxD, d);
                sumS += s;
                sumD += d;
                if (reading.Effective >= lastTime)
                {
                    lastTime = reading.Effective;
                    last = (s, d);
                }
            }

            return new BloodPressureDay(lastDay, count, minS, minD, maxS, maxD, sumS / count, sumD / count, lowest, last);
        }

        private static bool Counts(Observation reading, HashSet<string>? acute, DateOnly start, DateOnly end, bool lookback)
        {
            if (reading.Code.Code != Panel || (acute is not null && reading.EncounterId is { } encounterId && acute.Contains(encounterId)))
            {
                return false;
            }

            var day = DateOnly.FromDateTime(reading.Effective);
            return day <= end && (lookback || day >= start);
        }
    }
}
