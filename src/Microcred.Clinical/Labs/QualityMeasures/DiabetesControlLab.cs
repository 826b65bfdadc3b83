using System.Globalization;
using Microcred.Clinical.Labs.Benchmark;
using Microcred.Clinical.Labs.Cohort;
using Microcred.Clinical.Population;

namespace Microcred.Clinical.Labs.QualityMeasures;

/// <summary>An HbA1c order recorded as not done (status cancelled, no value), planted on a visit.</summary>
internal sealed record CancelledTest(string Id, string EncounterId, DateTime Effective);

internal sealed class DiabetesControlScenario(ScenarioPopulation population, IReadOnlyList<PatientRecord> patients, IReadOnlyDictionary<int, CancelledTest> cancelled,
    ClinicalColumns columns) : IMeasureScenario
{
    /// <summary>The same records as flat rows (HbA1c results and cancelled orders as observations), for the grader.</summary>
    public ClinicalColumns Columns { get; } = columns;

    public ScenarioPopulation Population { get; } = population;

    /// <summary>The population's patients, with the lab's exclusion cases planted.</summary>
    public IReadOnlyList<PatientRecord> Patients { get; } = patients;

    /// <summary>Cancelled HbA1c orders, by patient index.</summary>
    public IReadOnlyDictionary<int, CancelledTest> Cancelled { get; } = cancelled;

    public int PatientCount => Patients.Count;
}

/// <summary>Lab 5: the CMS122-style measure "Diabetes: HbA1c poor control (&gt; 9 %)" computed on a clinic's
/// EHR extract. The grader recomputes the measure and the usual wrong versions of it.</summary>
internal sealed class DiabetesControlLab : QualityMeasureLab<DiabetesControlScenario>
{
    internal const string HbA1c = "4548-4";
    internal const string Glucose = "2345-7";
    internal const string ObservationsFile = "observations.csv";
    private const ulong PlantPurpose = 0x4C4235;
    private const ulong ExclusionPlantPurpose = 0x4C4205;

    public override LabInfo Info { get; } = new(5, "diabetes-quality-measure", "Diabetes quality measure: HbA1c poor control", ProgramArea.HealthcareAdministration, 80,
        "Compute a CMS122-style HbA1c poor-control measure (initial population, exclusions, numerator, rate) from a clinic's EHR extract.");

    protected override string NumeratorMeaning => "poorly controlled (most recent HbA1c of 2025 above 9.0 %, or none)";

    public override string TaskStatement => $$"""
        ## Your task

        You are the quality analyst of a primary-care network. Compute the network's **Diabetes: HbA1c poor
        control (> 9 %)** measure for the measurement period **2025-01-01 to 2025-12-31**, modelled on
        CMS122. It is an *inverse* measure: a lower rate is better. The files are an extract of the network's
        EHR for 2024 and 2025 (synthetic patients).

        ## The data

        {{ClinicalTables.TableDescriptions}}
        - `observations.csv` — HbA1c (LOINC `4548-4`, in %) and serum glucose (LOINC `2345-7`, mg/dL) from
          2024 and 2025: `observation_id`, `patient_id`, `encounter_id`, `code_system`, `code`, `display`,
          `effective` (local date-time), `status` (`final`, or `cancelled` for an order that was not done),
          `value`, `unit`.

        ## Definitions (apply exactly these)

        **Age** is the age in whole years on **2025-12-31**, the last day of the period.

        **Initial population**: patients who
        1. are 18 to 75 years old (inclusive);
        2. have a diabetes diagnosis (`ICD-10-CM` code starting with `E10`, `E11` or `E13`) active at any time
           during the period: `onset_date` on or before 2025-12-31 and `abatement_date` empty or on or after
           2025-01-01;
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
          first and last dates are **more than 90 days** apart (a long-term resident is seen every month or so).
        - **Frailty with advanced illness** (age 66 or over only): a frailty diagnosis (`R54`) active during
          2025, **and** either an advanced illness active at any time in 2024 or 2025 (codes starting with
          `I50` heart failure, `J44` COPD, `G30` Alzheimer's disease, `C34` lung cancer, or `N18.5`/`N18.6`)
          or a dementia medication (RxNorm `997223`, donepezil) authored on or before 2025-12-31 and not
          ended before 2024-01-01.

        **Denominator** = initial population − exclusions.

        **Numerator** (poor control): patients in the denominator whose **most recent** HbA1c result in 2025
        (`code` `4548-4`, `status` `final`, `effective` in 2025) is **greater than 9.0 %**, **or** who have
        **no** such result in 2025. A `cancelled` order is not a result: skip it. Results from 2024 do not count.

        **Rate** = numerator ÷ denominator, as a proportion between 0 and 1.

        Patients who died during 2025 stay in the measure if they meet the definitions.

        ## Submission format

        One JSON file:

        ```json
        {{MeasureAnswer.Example}}
        ```

        `numeratorPatients` (the ids of the numerator patients) is optional; when given, the feedback names
        the patients you missed or added and why.

        {{GradingTable("poor control")}}
        """;

    public override IReadOnlyList<SqlTable> SqlTables { get; } =
    [
        ClinicalTables.PatientsTable, ClinicalTables.EncountersTable, ClinicalTables.ConditionsTable, ClinicalTables.MedicationsTable,
        new(ObservationsFile, "observations", new Dictionary<string, string> { ["value"] = "REAL" }),
    ];

    public override string ReferenceDescription => "CMS122 initial population, exclusions, denominator and numerator counts";

    public override string ReferenceSql => MeasureSql.Compose(
        initialPopulation: """
            ip AS (
              SELECT a.patient_id, a.age FROM age a
              WHERE a.age BETWEEN 18 AND 75
                AND EXISTS (SELECT 1 FROM conditions c WHERE c.patient_id = a.patient_id
                            AND (c.code LIKE 'E10%' OR c.code LIKE 'E11%' OR c.code LIKE 'E13%')
                            AND c.onset_date <= '2025-12-31' AND (c.abatement_date IS NULL OR c.abatement_date >= '2025-01-01'))
                AND EXISTS (SELECT 1 FROM qualifying_visits v WHERE v.patient_id = a.patient_id))
            """,
        kidneyAndPregnancy: false,
        numerator: """
            latest AS (
              SELECT o.patient_id, o.value,
                     ROW_NUMBER() OVER (PARTITION BY o.patient_id ORDER BY o.effective DESC) AS position
              FROM observations o
              WHERE o.code = '4548-4' AND o.status = 'final' AND substr(o.effective, 1, 10) BETWEEN '2025-01-01' AND '2025-12-31'),
            numerator AS (
              SELECT d.patient_id FROM denominator d
              WHERE NOT EXISTS (SELECT 1 FROM latest l WHERE l.patient_id = d.patient_id AND l.position = 1 AND l.value <= 9.0))
            """);

    internal override DiabetesControlScenario BuildScenario(long seed, IReadOnlyDictionary<string, int> parameters)
    {
        var population = ScenarioPopulation.Get(seed, parameters["patients"]);
        var start = population.PeriodStart;
        var end = population.PeriodEnd;
        var cancelled = new Dictionary<int, CancelledTest>();
        var patients = population.Patients.ToArray();
        for (var i = 0; i < patients.Length; i++)
        {
            if (!InInitialPopulation(patients[i], start, end, MeasureRules.Correct))
            {
                continue;
            }

            var record = patients[i] = MeasurePlants.Plant(patients[i], i, seed, ExclusionPlantPurpose, kidneyAndPregnancy: false, population);

            // A per-patient stream keeps patient n's plant the same whatever the population size.
            var random = Population.SeededRandom.ForStream(unchecked((ulong)seed), (ulong)i + 1, PlantPurpose);
            if (!random.Chance(0.10))
            {
                continue;
            }

            var tested = record.Observations.Where(o => o.Code.Code == HbA1c).Select(o => o.EncounterId).ToHashSet(StringComparer.Ordinal);
            var visit = record.Encounters.LastOrDefault(e => e.Class == EncounterClass.Ambulatory && MeasureLogic.InPeriod(e.Start, start, end) &&
                MeasureLogic.QualifyingVisitTypes.Contains(e.Type.Code) && !tested.Contains(e.Id));
            if (visit is not null)
            {
                cancelled[i] = new CancelledTest(record.Patient.Id + "-o9901", visit.Id, visit.Start.AddMinutes(35));
            }
        }

        var columns = ClinicalColumns.Build(patients, (index, record) => HbA1cRows(record, cancelled.GetValueOrDefault(index)));
        return new DiabetesControlScenario(population, patients, cancelled, columns);
    }

    private static IEnumerable<(Observation?, long, short, short, bool, string?)> HbA1cRows(PatientRecord record, CancelledTest? cancelled)
    {
        foreach (var observation in record.Observations)
        {
            if (observation.Code.Code == HbA1c && observation.Value is { } value)
            {
                yield return (observation, observation.Effective.Ticks, (short)decimal.Round(value * 10), 0, false, observation.EncounterId);
            }
        }

        if (cancelled is not null)
        {
            yield return (null, cancelled.Effective.Ticks, 0, 0, true, cancelled.EncounterId);
        }
    }

    internal override void WriteScenario(DiabetesControlScenario scenario, ScenarioFileSet files)
    {
        var patients = scenario.Patients;
        files.AddCsv(ClinicalTables.PatientsFile, "Patients of the network.", ClinicalTables.Patients(patients));
        files.AddCsv(ClinicalTables.EncountersFile, "Encounters of 2024 and 2025.", ClinicalTables.Encounters(patients));
        files.AddCsv(ClinicalTables.ConditionsFile, "Diagnoses.", ClinicalTables.Conditions(patients));
        files.AddCsv(ClinicalTables.MedicationsFile, "Prescriptions.", ClinicalTables.Medications(patients));
        var observations = new CsvDocument("observation_id", "patient_id", "encounter_id", "code_system", "code", "display", "effective", "status", "value", "unit");
        var hba1c = CodeSystems.CodeCatalog.Loinc(HbA1c);
        for (var i = 0; i < patients.Count; i++)
        {
            var record = patients[i];
            scenario.Cancelled.TryGetValue(i, out var cancelled);
            foreach (var observation in record.Observations)
            {
                if (observation.Code.Code is not (HbA1c or Glucose))
                {
                    continue;
                }

                if (cancelled is not null && cancelled.Effective < observation.Effective)
                {
                    AddCancelled(observations, record.Patient.Id, cancelled, hba1c);
                    cancelled = null;
                }

                observations.Add(observation.Id, observation.PatientId, observation.EncounterId, "LOINC", observation.Code.Code, observation.Code.Display,
                    ScenarioFormat.DateTime(observation.Effective), "final", ScenarioFormat.Number(observation.Value), observation.Unit);
            }

            if (cancelled is not null)
            {
                AddCancelled(observations, record.Patient.Id, cancelled, hba1c);
            }
        }

        files.AddCsv(ObservationsFile, "HbA1c and glucose results of 2024 and 2025.", observations);
        files.Notes.Append("The data are synthetic. ").Append(CodeSystems.CodeCatalog.LoincNotice).Append('\n');
    }

    private static void AddCancelled(CsvDocument observations, string patientId, CancelledTest test, CodeSystems.ClinicalCode code) =>
        observations.Add(test.Id, patientId, test.EncounterId, "LOINC", code.Code, code.Display, ScenarioFormat.DateTime(test.Effective), "cancelled", string.Empty, string.Empty);

    private static bool HasDiabetes(PatientRecord record, DateOnly start, DateOnly end) =>
        record.Conditions.Any(c => IsDiabetes(c.Code.Code) && MeasureLogic.ActiveBetween(c, start, end));

    private static bool IsDiabetes(string code) =>
        code.StartsWith("E10", StringComparison.Ordinal) || code.StartsWith("E11", StringComparison.Ordinal) || code.StartsWith("E13", StringComparison.Ordinal);

    private static bool InInitialPopulation(PatientRecord record, DateOnly start, DateOnly end, MeasureRules rules)
    {
        var age = MeasureLogic.Age(record.Patient, start, end, rules);
        return age is >= 18 and <= 75 && HasDiabetes(record, start, end) && MeasureLogic.HasQualifyingVisit(record, start, end, rules);
    }

    internal override MeasureTruth Evaluate(DiabetesControlScenario scenario)
    {
        var start = scenario.Population.PeriodStart;
        var end = scenario.Population.PeriodEnd;
        var tally = new MeasureTally();
        tally.Define("correct", string.Empty);
        tally.Define("emergency-visits", "emergency-department or inpatient encounters are counted as qualifying visits (only the visit types listed in the task qualify)");
        tally.Define("age-at-start", "age is taken on the first day of the period (it is the age on 2025-12-31)");
        tally.Define("no-exclusions", "no exclusions are applied: the numerator is counted over the whole initial population");
        tally.Define("age-gate", "the nursing-home and frailty exclusions are applied to patients under 66 (they apply only at 66 and over)");
        tally.Define("palliative-encounters-only", "palliative care is found from encounter types only (a Z51.5 diagnosis also marks palliative care; some consultations were by video)");
        tally.Define("any-nursing-visit", "every patient with a nursing-facility visit is excluded (only visits spanning more than 90 days mark a long-term resident)");
        tally.Define("frailty-alone", "frail patients are excluded without an advanced illness or dementia medication (frailty alone is not enough)");
        tally.Define("results-only", "you counted only patients with a result > 9 %; patients with no HbA1c in the period also count as poorly controlled");
        tally.Define("at-or-above", "a most recent result of exactly 9.0 % is counted (the threshold is strictly greater than 9.0 %)");
        tally.Define("any-result", "patients with any result above 9 % in the period are counted (only the most recent result decides)");
        tally.Define("earliest", "the earliest result of the period is used (use the most recent)");
        tally.Define("lookback", "results from before 2025 are used (only results dated in the measurement period count)");
        tally.Define("cancelled-as-result", "a cancelled (not done) order is taken as the most recent test (it is not a result: use the most recent final result)");
        tally.Define("controlled", "the numerator counts patients in good control (this inverse measure's numerator is poor control: > 9 % or no result)");

        var numerator = new List<int>();
        var columns = scenario.Columns;
        int startDay = start.DayNumber, endDay = end.DayNumber;
        var startRules = new MeasureRules { AgeAtPeriodStart = true };
        for (var i = 0; i < columns.PatientCount; i++)
        {
            if (!MeasureLogic.HasCondition(columns, i, CodeMeaning.Diabetes, startDay, endDay))
            {
                continue;
            }

            var ageEnd = columns.Age(i, end);
            var ageStart = columns.Age(i, start);
            if (ageEnd is < 18 or > 75 && ageStart is < 18 or > 75)
            {
                continue;
            }

            var visit = MeasureLogic.HasQualifyingVisit(columns, i, start, end, acuteVisitsQualify: false);
            var anyVisit = visit || MeasureLogic.HasQualifyingVisit(columns, i, start, end, acuteVisitsQualify: true);
            if (!anyVisit)
            {
                continue;
            }

            var ip = visit && ageEnd is >= 18 and <= 75;
            var excluded = MeasureLogic.Exclusions(columns, i, start, end, kidneyAndPregnancy: false, MeasureRules.Correct) != MeasureExclusion.None;
            var tests = HbA1cFacts.Of(columns, i, startDay, endDay);
            var poor = tests.LatestFinal is not { } latest || latest > 90;
            tally.Add("correct", ip, excluded, poor);
            if (ip && !excluded && poor)
            {
                numerator.Add(i);
            }

            tally.Add("emergency-visits", anyVisit && ageEnd is >= 18 and <= 75, excluded, poor);
            tally.Add("age-at-start", visit && ageStart is >= 18 and <= 75,
                MeasureLogic.Exclusions(columns, i, start, end, false, startRules) != MeasureExclusion.None, poor);
            tally.Add("no-exclusions", ip, false, poor);
            if (ip)
            {
                foreach (var (id, rules) in ExclusionVariants)
                {
                    tally.Add(id, ip, MeasureLogic.Exclusions(columns, i, start, end, false, rules) != MeasureExclusion.None, poor);
                }
            }

            tally.Add("results-only", ip, excluded, tests.LatestFinal is { } l1 && l1 > 90);
            tally.Add("at-or-above", ip, excluded, tests.LatestFinal is not { } l2 || l2 >= 90);
            tally.Add("any-result", ip, excluded, tests.LatestFinal is null || tests.AnyAbove9);
            tally.Add("earliest", ip, excluded, tests.EarliestFinal is not { } first || first > 90);
            tally.Add("lookback", ip, excluded, tests.LatestEver is not { } ever || ever > 90);
            tally.Add("cancelled-as-result", ip, excluded, tests.LatestRecordCancelled || poor);
            tally.Add("controlled", ip, excluded, !poor);
        }

        return new MeasureTruth(tally.Counts("correct"), numerator, tally.Variants("correct"));
    }

    internal static readonly (string Id, MeasureRules Rules)[] ExclusionVariants =
    [
        ("age-gate", new MeasureRules { AgeGateIgnoredForFrailtyAndNursingHome = true }),
        ("palliative-encounters-only", new MeasureRules { PalliativeEncountersOnly = true }),
        ("any-nursing-visit", new MeasureRules { AnyNursingFacilityVisit = true }),
        ("frailty-alone", new MeasureRules { FrailtyAlone = true }),
    ];

    internal override string DescribePatient(DiabetesControlScenario scenario, int index)
    {
        var record = scenario.Patients[index];
        var start = scenario.Population.PeriodStart;
        var end = scenario.Population.PeriodEnd;
        var id = record.Patient.Id;
        var hasCondition = HasDiabetes(record, start, end);
        if (OutsideDenominator(record, start, end, hasCondition, "no diabetes diagnosis active in 2025", maximumAge: 75, kidneyAndPregnancyExclusions: false) is { } outside)
        {
            return outside;
        }

        var tests = HbA1cRecordFacts.Of(record, scenario.Cancelled.GetValueOrDefault(index), start, end);
        if (tests.LatestFinal is not { } latest)
        {
            return tests.LatestRecordCancelled
                ? $"{id} (no HbA1c result in 2025 — the only later record is a cancelled order, which is not a result — so poorly controlled)"
                : $"{id} (no HbA1c result in 2025, so poorly controlled)";
        }

        var when = ScenarioFormat.Date(DateOnly.FromDateTime(latest.When));
        return latest.Value > 9.0m
            ? string.Create(CultureInfo.InvariantCulture, $"{id} (most recent 2025 HbA1c {latest.Value} % on {when}, above 9.0 %)")
            : string.Create(CultureInfo.InvariantCulture, $"{id} (most recent 2025 HbA1c {latest.Value} % on {when}, not above 9.0 %)");
    }

    /// <summary>What a patient's HbA1c tests say (values in tenths of a percent), under the correct reading and the usual misreadings.</summary>
    private readonly record struct HbA1cTenths(int? LatestFinal, int? EarliestFinal, int? LatestEver, bool AnyAbove9, bool LatestRecordCancelled);

    private static class HbA1cFacts
    {
        public static HbA1cTenths Of(ClinicalColumns columns, int patient, int startDay, int endDay)
        {
            int? latest = null, earliest = null, ever = null;
            long latestTicks = long.MinValue, cancelledTicks = long.MinValue;
            var anyAbove = false;
            var rows = columns.Observations;
            for (var o = columns.ObservationFrom[patient]; o < columns.ObservationFrom[patient + 1]; o++)
            {
                var row = rows[o];
                if (row.Day > endDay)
                {
                    continue;
                }

                if (row.Cancelled)
                {
                    cancelledTicks = row.Day >= startDay ? row.Ticks : cancelledTicks;
                    continue;
                }

                ever = row.Value;
                if (row.Day < startDay)
                {
                    continue;
                }

                latest = row.Value;
                latestTicks = row.Ticks;
                earliest ??= row.Value;
                anyAbove |= row.Value > 90;
            }

            return new HbA1cTenths(latest, earliest, ever, anyAbove, cancelledTicks > latestTicks);
        }
    }

    /// <summary>What a patient's HbA1c tests say, read from the records (for feedback).</summary>
    private readonly record struct HbA1cRecordFacts((DateTime When, decimal Value)? LatestFinal, (DateTime When, decimal Value)? EarliestFinal,
        (DateTime When, decimal Value)? LatestEver, bool AnyAbove9, bool LatestRecordCancelled)
    {
        public static HbA1cRecordFacts Of(PatientRecord record, CancelledTest? cancelled, DateOnly start, DateOnly end)
        {
            (DateTime When, decimal Value)? latest = null, earliest = null, ever = null;
            var anyAbove = false;
            foreach (var observation in record.Observations)
            {
                if (observation.Code.Code != HbA1c || observation.Value is not { } value)
                {
                    continue;
                }

                var day = DateOnly.FromDateTime(observation.Effective);
                if (day > end)
                {
                    continue;
                }

                if (ever is null || observation.Effective > ever.Value.When)
                {
                    ever = (observation.Effective, value);
                }

                if (day < start)
                {
                    continue;
                }

                if (latest is null || observation.Effective > latest.Value.When)
                {
                    latest = (observation.Effective, value);
                }

                if (earliest is null || observation.Effective < earliest.Value.When)
                {
                    earliest = (observation.Effective, value);
                }

                anyAbove |= value > 9.0m;
            }

            var cancelledLast = cancelled is not null && MeasureLogic.InPeriod(cancelled.Effective, start, end) &&
                (latest is null || cancelled.Effective > latest.Value.When);
            return new HbA1cRecordFacts(latest, earliest, ever, anyAbove, cancelledLast);
        }
    }
}
