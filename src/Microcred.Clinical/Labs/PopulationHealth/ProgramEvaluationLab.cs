using System.Globalization;
using System.Text;
using System.Text.Json;
using Microcred.Clinical.Labs.Benchmark;
using Microcred.Clinical.Labs.Cohort;
using Microcred.Clinical.Labs.Submissions;
using Microcred.Clinical.Population;

namespace Microcred.Clinical.Labs.PopulationHealth;

/// <summary>A patient's HbA1c results as the scenario files show them (the program's effect applied).</summary>
internal readonly record struct HbA1cResult(string Id, DateTime Effective, decimal Value);

internal sealed class ProgramScenario(ScenarioPopulation population, IReadOnlyList<string> zip3s, IReadOnlyList<HbA1cResult>[] results,
    IReadOnlyDictionary<int, DateOnly> enrolled, IReadOnlyList<string> programClinics, ClinicalColumns columns, bool[] inProgram)
{
    /// <summary>The same data as flat rows (HbA1c results in tenths of a percent), for the grader.</summary>
    public ClinicalColumns Columns { get; } = columns;

    /// <summary>Program enrolment by patient index.</summary>
    public bool[] InProgram { get; } = inProgram;

    public ScenarioPopulation Population { get; } = population;

    /// <summary>The region's ZIP3 areas, in file order.</summary>
    public IReadOnlyList<string> Zip3s { get; } = zip3s;

    /// <summary>HbA1c results of 2024 and 2025 by patient index.</summary>
    public IReadOnlyList<HbA1cResult>[] Results { get; } = results;

    /// <summary>Program enrolment date by patient index.</summary>
    public IReadOnlyDictionary<int, DateOnly> Enrolled { get; } = enrolled;

    public IReadOnlyList<string> ProgramClinics { get; } = programClinics;
}

/// <summary>Population counts for one ZIP3 and age band.</summary>
internal sealed record PrevalenceCell(int Population, int Cases)
{
    public double Prevalence => Population == 0 ? 0 : (double)Cases / Population;
}

/// <summary>The program evaluation: cohort sizes, group means and the difference in differences.</summary>
internal sealed record ProgramEffect(int ProgramPatients, int ComparisonPatients, double ProgramBefore, double ProgramAfter, double ComparisonBefore, double ComparisonAfter)
{
    public double DifferenceInDifferences => (ProgramAfter - ProgramBefore) - (ComparisonAfter - ComparisonBefore);
}

/// <summary>Lab 11: diabetes prevalence by ZIP3 and age band, and a difference-in-differences evaluation of
/// a diabetes self-management program whose effect the scenario plants.</summary>
internal sealed class ProgramEvaluationLab : Lab<ProgramScenario>, ILabModelAnswer, ILabSqlReference
{
    public const int DefaultPatients = 5_000;
    public const double PrevalenceTolerance = 0.0005;
    public const double MeanTolerance = 0.01;
    internal const decimal PlantedEffect = -0.7m;
    internal static readonly string[] AgeBands = ["0-17", "18-44", "45-64", "65-74", "75+"];
    private const ulong ProgramPurpose = 0x4C4211;
    private static readonly DateOnly Year2024 = new(2024, 1, 1);
    private static readonly DateOnly Year2025 = new(2025, 1, 1);
    private static readonly DateOnly YearEnd = new(2025, 12, 31);

    internal static readonly CriterionDefinition Format = new("format", "Submission format", 10);
    internal static readonly CriterionDefinition Denominators = new("prevalence-denominators", "Prevalence denominators", 15);
    internal static readonly CriterionDefinition Prevalence = new("prevalence", "Cases and prevalence", 25);
    internal static readonly CriterionDefinition Cohorts = new("cohorts", "Program and comparison cohorts", 10);
    internal static readonly CriterionDefinition Means = new("group-means", "Group means before and after", 20);
    internal static readonly CriterionDefinition Effect = new("difference-in-differences", "Difference in differences", 20);

    public override LabInfo Info { get; } = new(11, "population-health-evaluation", "Population health: prevalence and program evaluation", ProgramArea.PublicHealth, 75,
        "Measure diabetes prevalence by ZIP3 and age band, and evaluate a self-management program against a comparison group with a difference in differences.");

    public override IReadOnlyList<LabParameter> Parameters { get; } =
        [new("patients", "Number of patients in the population.", DefaultPatients, 1_000, 100_000)];

    internal override IReadOnlyList<CriterionDefinition> Criteria { get; } = [Format, Denominators, Prevalence, Cohorts, Means, Effect];

    public override string TaskStatement => $$"""
        ## Your task

        You are the population-health analyst of a regional primary-care network. The network's board wants
        two things for its community report:

        1. **Diabetes prevalence** in the network's population at the end of 2025, by ZIP3 area and age band;
        2. an **evaluation of the diabetes self-management program** that some clinics started in January
           2025: did HbA1c fall more for enrolled patients than for similar patients who were not enrolled?
           Use a **difference in differences** (2024 = before, 2025 = after).

        ## The data (synthetic)

        - `patients.csv` — the whole network population: `patient_id`, `birth_date`, `sex`, `postal_code`,
          `death_date` (empty when alive), `clinic_id` (primary-care clinic).
        - `conditions.csv` — every diagnosis: `condition_id`, `patient_id`, `code_system` (`ICD-10-CM`),
          `code`, `display`, `onset_date`, `abatement_date` (empty while active).
        - `hba1c.csv` — HbA1c results of 2024 and 2025 (LOINC `4548-4`, %): `observation_id`, `patient_id`,
          `effective` (local date-time), `value`.
        - `program_enrollment.csv` — patients enrolled in the program: `patient_id`, `clinic_id`, `enrolled_on`.

        ## Definitions (apply exactly these)

        **Prevalence**
        - Population: patients **alive on 2025-12-31** (`death_date` empty or later).
        - ZIP3: the first three characters of `postal_code`. Age band: age in whole years on 2025-12-31, in
          the bands {{string.Join(", ", AgeBands.Select(b => "`" + b + "`"))}}.
        - Case: a diabetes diagnosis (`code` starting with `E10`, `E11` or `E13`) with `onset_date` on or
          before 2025-12-31 and not ended by then (`abatement_date` empty or after 2025-12-31).
        - Report every ZIP3 × age band with a population above zero: population, cases and prevalence
          (cases ÷ population, a proportion).

        **Program evaluation**
        - Eligible: patients alive on 2025-12-31 with a diabetes diagnosis (same codes) whose `onset_date`
          is **before 2024-01-01**.
        - Program group: eligible patients listed in `program_enrollment.csv`. Comparison group: eligible
          patients who are not.
        - Analysed: patients of either group with **at least one** HbA1c result in 2024 **and** at least one
          in 2025. Patients missing either year are left out.
        - Each analysed patient's *before* value is the **mean of their own 2024 results**, and their *after*
          value the mean of their own 2025 results. A group's before (after) mean is the mean of its
          patients' before (after) values — every patient weighs the same, however many tests they had.
        - Difference in differences = (program after − program before) − (comparison after − comparison before).
          A negative value means HbA1c fell more in the program group.

        ## Submission format

        One JSON file:

        ```json
        {
          "prevalence": [
            { "zip3": "030", "ageBand": "45-64", "population": 412, "cases": 47, "prevalence": 0.1141 }
          ],
          "program": {
            "programPatients": 61, "comparisonPatients": 288,
            "programBefore": 8.412, "programAfter": 7.903,
            "comparisonBefore": 8.120, "comparisonAfter": 8.301,
            "differenceInDifferences": -0.690
          }
        }
        ```

        ## How it is graded (100 points, pass at 75)

        | criterion | points | rule |
        |---|---|---|
        | Submission format | 10 | readable JSON with both parts; 2 points off per unusable prevalence row or missing program field |
        | Prevalence denominators | 15 | share of the expected ZIP3 × age-band cells with the exact population |
        | Cases and prevalence | 25 | share of expected cells with the exact case count and prevalence within ±{{PrevalenceTolerance.ToString(CultureInfo.InvariantCulture)}} |
        | Program and comparison cohorts | 10 | exact number of analysed patients in each group (5 each) |
        | Group means | 20 | each of the four means within ±{{MeanTolerance.ToString(CultureInfo.InvariantCulture)}} (5 each) |
        | Difference in differences | 20 | within ±{{MeanTolerance.ToString(CultureInfo.InvariantCulture)}} |

        Feedback names the common mistakes your numbers match (for example using only the program group's
        change, or averaging all results instead of each patient's mean).
        """;

    public IReadOnlyList<SqlTable> SqlTables { get; } =
    [
        new("patients.csv", "patients", new Dictionary<string, string>()),
        new("conditions.csv", "conditions", new Dictionary<string, string>()),
        new("hba1c.csv", "hba1c", new Dictionary<string, string> { ["value"] = "REAL" }),
        new("program_enrollment.csv", "program_enrollment", new Dictionary<string, string>()),
    ];

    public string ReferenceDescription => "prevalence population and cases; program cohorts, group means and difference in differences";

    public string ReferenceSql => """
        WITH
        alive AS (
          SELECT patient_id, substr(postal_code, 1, 3) AS zip3,
                 (2025 - CAST(substr(birth_date, 1, 4) AS INTEGER)) - (substr(birth_date, 6, 5) > '12-31') AS age
          FROM patients WHERE death_date IS NULL OR death_date > '2025-12-31'),
        banded AS (
          SELECT patient_id, zip3, CASE WHEN age < 18 THEN '0-17' WHEN age < 45 THEN '18-44' WHEN age < 65 THEN '45-64'
                                       WHEN age < 75 THEN '65-74' ELSE '75+' END AS band,
                 EXISTS (SELECT 1 FROM conditions c WHERE c.patient_id = alive.patient_id
                         AND (c.code LIKE 'E10%' OR c.code LIKE 'E11%' OR c.code LIKE 'E13%')
                         AND c.onset_date <= '2025-12-31' AND (c.abatement_date IS NULL OR c.abatement_date > '2025-12-31')) AS is_case
          FROM alive),
        cells AS (SELECT zip3, band, count(*) AS population, sum(is_case) AS cases FROM banded GROUP BY zip3, band),
        eligible AS (
          SELECT a.patient_id, EXISTS (SELECT 1 FROM program_enrollment p WHERE p.patient_id = a.patient_id) AS in_program
          FROM alive a
          WHERE EXISTS (SELECT 1 FROM conditions c WHERE c.patient_id = a.patient_id
                        AND (c.code LIKE 'E10%' OR c.code LIKE 'E11%' OR c.code LIKE 'E13%') AND c.onset_date < '2024-01-01')),
        per_patient AS (
          SELECT e.patient_id, e.in_program,
                 avg(CASE WHEN substr(h.effective, 1, 4) = '2024' THEN h.value END) AS before,
                 avg(CASE WHEN substr(h.effective, 1, 4) = '2025' THEN h.value END) AS after
          FROM eligible e JOIN hba1c h ON h.patient_id = e.patient_id
          GROUP BY e.patient_id, e.in_program),
        analysed AS (SELECT * FROM per_patient WHERE before IS NOT NULL AND after IS NOT NULL),
        groups AS (
          SELECT in_program, count(*) AS patients, avg(before) AS before, avg(after) AS after FROM analysed GROUP BY in_program)
        SELECT (SELECT sum(population) FROM cells) AS population,
               (SELECT sum(cases) FROM cells) AS cases,
               (SELECT count(*) FROM cells) AS cells,
               (SELECT patients FROM groups WHERE in_program = 1) AS program_patients,
               (SELECT patients FROM groups WHERE in_program = 0) AS comparison_patients,
               (SELECT (after - before) FROM groups WHERE in_program = 1) - (SELECT (after - before) FROM groups WHERE in_program = 0) AS difference_in_differences;
        """;

    internal override ProgramScenario BuildScenario(long seed, IReadOnlyDictionary<string, int> parameters)
    {
        var population = ScenarioPopulation.Get(seed, parameters["patients"]);
        var zip3s = population.Reference.Region.Areas.Select(a => a.Zip3).ToList();

        // About a quarter of the clinics run the program; it starts in January 2025.
        var chooser = Population.SeededRandom.ForStream(unchecked((ulong)seed), 0, ProgramPurpose);
        var clinics = population.Clinics.Select(c => c.Id).ToList();
        var programClinics = new HashSet<string>(StringComparer.Ordinal);
        while (programClinics.Count < Math.Max(2, clinics.Count / 4))
        {
            programClinics.Add(clinics[chooser.Next(clinics.Count)]);
        }

        var results = new IReadOnlyList<HbA1cResult>[population.Patients.Count];
        var enrolled = new Dictionary<int, DateOnly>();
        for (var i = 0; i < population.Patients.Count; i++)
        {
            var record = population.Patients[i];
            DateOnly? enrolledOn = null;
            if (programClinics.Contains(record.Patient.PrimaryOrganizationId) && IsEligible(record))
            {
                var random = Population.SeededRandom.ForStream(unchecked((ulong)seed), (ulong)i + 1, ProgramPurpose);
                if (random.Chance(0.6))
                {
                    enrolledOn = new DateOnly(2025, 1, random.Between(6, 31));
                    enrolled[i] = enrolledOn.Value;
                }
            }

            var list = new List<HbA1cResult>();
            foreach (var observation in record.Observations)
            {
                if (observation.Code.Code != "4548-4" || observation.Value is not { } value)
                {
                    continue;
                }

                // The program lowers HbA1c gradually over its first three months.
                if (enrolledOn is { } from && DateOnly.FromDateTime(observation.Effective) > from)
                {
                    var ramp = Math.Min(1m, (DateOnly.FromDateTime(observation.Effective).DayNumber - from.DayNumber) / 90m);
                    value = Math.Max(4.5m, decimal.Round(value + (PlantedEffect * ramp), 1, MidpointRounding.AwayFromZero));
                }

                list.Add(new HbA1cResult(observation.Id, observation.Effective, value));
            }

            results[i] = list;
        }

        var columns = ClinicalColumns.Build(population.Patients, (index, _) =>
            results[index].Select(r => ((Observation?)null, r.Effective.Ticks, (short)decimal.Round(r.Value * 10), (short)0, false, (string?)null)));
        var inProgram = new bool[population.Patients.Count];
        foreach (var index in enrolled.Keys)
        {
            inProgram[index] = true;
        }

        return new ProgramScenario(population, zip3s, results, enrolled, [.. programClinics.Order(StringComparer.Ordinal)], columns, inProgram);
    }

    private static bool IsDiabetes(string code) =>
        code.StartsWith("E10", StringComparison.Ordinal) || code.StartsWith("E11", StringComparison.Ordinal) || code.StartsWith("E13", StringComparison.Ordinal);

    private static bool Alive(Patient patient) => patient.DeathDate is not { } died || died > YearEnd;

    private static bool IsEligible(PatientRecord record) =>
        Alive(record.Patient) && record.Conditions.Any(c => IsDiabetes(c.Code.Code) && c.Onset < Year2024);

    internal static int Band(int age) => age switch
    {
        < 18 => 0,
        < 45 => 1,
        < 65 => 2,
        < 75 => 3,
        _ => 4,
    };

    internal override void WriteScenario(ProgramScenario scenario, ScenarioFileSet files)
    {
        var patients = scenario.Population.Patients;
        var people = new CsvDocument("patient_id", "birth_date", "sex", "postal_code", "death_date", "clinic_id");
        var conditions = new CsvDocument("condition_id", "patient_id", "code_system", "code", "display", "onset_date", "abatement_date");
        var hba1c = new CsvDocument("observation_id", "patient_id", "effective", "value");
        foreach (var record in patients)
        {
            var patient = record.Patient;
            people.Add(patient.Id, ScenarioFormat.Date(patient.BirthDate), ScenarioFormat.Sex(patient.Sex), patient.Address.PostalCode,
                ScenarioFormat.Date(patient.DeathDate), patient.PrimaryOrganizationId);
            foreach (var condition in record.Conditions)
            {
                conditions.Add(condition.Id, condition.PatientId, ClinicalTables.SystemName(condition.Code.System), condition.Code.Code, condition.Code.Display,
                    ScenarioFormat.Date(condition.Onset), ScenarioFormat.Date(condition.Abatement));
            }
        }

        for (var i = 0; i < patients.Count; i++)
        {
            foreach (var result in scenario.Results[i])
            {
                hba1c.Add(result.Id, patients[i].Patient.Id, ScenarioFormat.DateTime(result.Effective), ScenarioFormat.Number(result.Value));
            }
        }

        var enrolment = new CsvDocument("patient_id", "clinic_id", "enrolled_on");
        foreach (var (index, on) in scenario.Enrolled.OrderBy(e => e.Key))
        {
            enrolment.Add(patients[index].Patient.Id, patients[index].Patient.PrimaryOrganizationId, ScenarioFormat.Date(on));
        }

        files.AddCsv("patients.csv", "The network population.", people);
        files.AddCsv("conditions.csv", "Diagnoses.", conditions);
        files.AddCsv("hba1c.csv", "HbA1c results of 2024 and 2025.", hba1c);
        files.AddCsv("program_enrollment.csv", "Patients enrolled in the diabetes self-management program.", enrolment);
        files.Notes.Append("The data are synthetic. ").Append(CodeSystems.CodeCatalog.LoincNotice).Append('\n');
    }

    /// <summary>Prevalence cells by ZIP3 then band; <paramref name="keepDeceased"/> and <paramref name="ageAtStart"/> reproduce common mistakes.</summary>
    internal static Dictionary<(string Zip3, int Band), PrevalenceCell> PrevalenceCells(ProgramScenario scenario, bool keepDeceased = false, bool ageAtStart = false)
    {
        var columns = scenario.Columns;
        var population = new int[columns.Zip3Codes.Count, AgeBands.Length];
        var cases = new int[columns.Zip3Codes.Count, AgeBands.Length];
        var end = YearEnd.DayNumber;
        for (var p = 0; p < columns.PatientCount; p++)
        {
            if (!keepDeceased && columns.DeathDay[p] <= end)
            {
                continue;
            }

            var band = Band(columns.Age(p, ageAtStart ? Year2025 : YearEnd));
            var zip = columns.Zip3[p];
            population[zip, band]++;
            cases[zip, band] += MeasureLogic.HasCondition(columns, p, CodeMeaning.Diabetes, end + 1, end) ? 1 : 0;
        }

        var cells = new Dictionary<(string, int), PrevalenceCell>();
        for (var zip = 0; zip < columns.Zip3Codes.Count; zip++)
        {
            for (var band = 0; band < AgeBands.Length; band++)
            {
                if (population[zip, band] > 0)
                {
                    cells[(columns.Zip3Codes[zip], band)] = new PrevalenceCell(population[zip, band], cases[zip, band]);
                }
            }
        }

        return cells;
    }

    internal enum EffectRule
    {
        Correct,
        PooledResults,
        UnpairedPatients,
    }

    internal static ProgramEffect Evaluate(ProgramScenario scenario, EffectRule rule = EffectRule.Correct)
    {
        var columns = scenario.Columns;
        var rows = columns.Observations;
        int end = YearEnd.DayNumber, onsetBefore = Year2024.DayNumber - 1, split = Year2025.DayNumber, first = Year2024.DayNumber;
        double programBefore = 0, programAfter = 0, comparisonBefore = 0, comparisonAfter = 0;
        int programBeforeN = 0, programAfterN = 0, comparisonBeforeN = 0, comparisonAfterN = 0, programPatients = 0, comparisonPatients = 0;
        for (var p = 0; p < columns.PatientCount; p++)
        {
            if (columns.DeathDay[p] <= end || !MeasureLogic.HasCondition(columns, p, CodeMeaning.Diabetes, int.MinValue, onsetBefore))
            {
                continue;
            }

            long before = 0, after = 0;
            int beforeN = 0, afterN = 0;
            for (var o = columns.ObservationFrom[p]; o < columns.ObservationFrom[p + 1]; o++)
            {
                var row = rows[o];
                if (row.Day >= first && row.Day < split)
                {
                    before += row.Value;
                    beforeN++;
                }
                else if (row.Day >= split && row.Day <= end)
                {
                    after += row.Value;
                    afterN++;
                }
            }

            var paired = beforeN > 0 && afterN > 0;
            if (!paired && rule != EffectRule.UnpairedPatients)
            {
                continue;
            }

            var program = scenario.InProgram[p];
            if (paired)
            {
                programPatients += program ? 1 : 0;
                comparisonPatients += program ? 0 : 1;
            }

            // Pooled: every result weighs the same. Otherwise each patient's own mean weighs the same.
            var pooled = rule == EffectRule.PooledResults;
            var b = beforeN == 0 ? 0 : pooled ? before / 10.0 : before / 10.0 / beforeN;
            var a = afterN == 0 ? 0 : pooled ? after / 10.0 : after / 10.0 / afterN;
            var bn = beforeN == 0 ? 0 : pooled ? beforeN : 1;
            var an = afterN == 0 ? 0 : pooled ? afterN : 1;
            if (program)
            {
                programBefore += b;
                programBeforeN += bn;
                programAfter += a;
                programAfterN += an;
            }
            else
            {
                comparisonBefore += b;
                comparisonBeforeN += bn;
                comparisonAfter += a;
                comparisonAfterN += an;
            }
        }

        static double Mean(double sum, int n) => n == 0 ? 0 : sum / n;
        return new ProgramEffect(programPatients, comparisonPatients, Mean(programBefore, programBeforeN), Mean(programAfter, programAfterN),
            Mean(comparisonBefore, comparisonBeforeN), Mean(comparisonAfter, comparisonAfterN));
    }

    public LabModelAnswer CreateModelAnswer(LabScenarioRequest request)
    {
        var scenario = Scenario(request);
        var json = new StringBuilder("{\n  \"prevalence\": [\n");
        var cells = PrevalenceCells(scenario).OrderBy(c => c.Key.Zip3, StringComparer.Ordinal).ThenBy(c => c.Key.Band).ToList();
        for (var i = 0; i < cells.Count; i++)
        {
            var ((zip3, band), cell) = cells[i];
            json.Append(CultureInfo.InvariantCulture,
                $"    {{ \"zip3\": \"{zip3}\", \"ageBand\": \"{AgeBands[band]}\", \"population\": {cell.Population}, \"cases\": {cell.Cases}, \"prevalence\": {ScenarioFormat.Number(cell.Prevalence, 6)} }}")
                .Append(i + 1 < cells.Count ? ",\n" : "\n");
        }

        var effect = Evaluate(scenario);
        json.Append("  ],\n  \"program\": {\n")
            .Append(CultureInfo.InvariantCulture, $"    \"programPatients\": {effect.ProgramPatients}, \"comparisonPatients\": {effect.ComparisonPatients},\n")
            .Append("    \"programBefore\": ").Append(ScenarioFormat.Number(effect.ProgramBefore, 4))
            .Append(", \"programAfter\": ").Append(ScenarioFormat.Number(effect.ProgramAfter, 4)).Append(",\n")
            .Append("    \"comparisonBefore\": ").Append(ScenarioFormat.Number(effect.ComparisonBefore, 4))
            .Append(", \"comparisonAfter\": ").Append(ScenarioFormat.Number(effect.ComparisonAfter, 4)).Append(",\n")
            .Append("    \"differenceInDifferences\": ").Append(ScenarioFormat.Number(effect.DifferenceInDifferences, 4)).Append("\n  }\n}\n");
        return new LabModelAnswer("evaluation.json", json.ToString());
    }

    public IReadOnlyDictionary<string, double> CoreFigures(LabScenarioRequest request)
    {
        var scenario = Scenario(request);
        var cells = PrevalenceCells(scenario);
        var effect = Evaluate(scenario);
        return new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["population"] = cells.Values.Sum(c => c.Population),
            ["cases"] = cells.Values.Sum(c => c.Cases),
            ["cells"] = cells.Count,
            ["program_patients"] = effect.ProgramPatients,
            ["comparison_patients"] = effect.ComparisonPatients,
            ["difference_in_differences"] = effect.DifferenceInDifferences,
        };
    }

    internal override void GradeSubmission(ProgramScenario scenario, LabSubmission submission, GradeSheet sheet)
    {
        var read = JsonSubmission.Read(submission, "a JSON object with \"prevalence\" and \"program\"");
        if (read.Value is null)
        {
            sheet.NotGraded("Not graded: " + read.FatalIssue!.Message);
            return;
        }

        using var document = read.Value;
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            sheet.NotGraded("Not graded: the JSON must be one object with the members \"prevalence\" (an array) and \"program\" (an object).");
            return;
        }

        var problems = new FeedbackList(8);
        var penalty = 0;
        var given = ReadPrevalence(root, scenario, problems, ref penalty);
        var program = ReadProgram(root, problems, ref penalty);
        sheet.Award(Format, Format.MaxPoints - penalty, problems.Render(problems.Count == 0 ? "The submission reads cleanly." : "Problems reading the submission:"));

        GradePrevalence(sheet, scenario, given);
        GradeProgram(sheet, scenario, program);
    }

    private static Dictionary<(string Zip3, int Band), (long? Population, long? Cases, double? Prevalence)> ReadPrevalence(
        JsonElement root, ProgramScenario scenario, FeedbackList problems, ref int penalty)
    {
        var cells = new Dictionary<(string, int), (long?, long?, double?)>();
        if (!TryGet(root, "prevalence", out var array) || array.ValueKind != JsonValueKind.Array)
        {
            problems.Add("\"prevalence\" is missing or is not an array of cells.");
            penalty += 5;
            return cells;
        }

        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var where = $"prevalence[{index++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                problems.Add($"{where} is not an object.");
                penalty += 2;
                continue;
            }

            var zip3 = TryGet(item, "zip3", out var z) && z.ValueKind == JsonValueKind.String ? z.GetString()!.Trim() : null;
            var bandText = TryGet(item, "ageBand", out var b) && b.ValueKind == JsonValueKind.String ? b.GetString()!.Trim() : null;
            var band = bandText is null ? -1 : Array.IndexOf(AgeBands, bandText.Replace("–", "-", StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal));
            if (zip3 is null || !scenario.Zip3s.Contains(zip3))
            {
                problems.Add($"{where}: zip3 {(zip3 is null ? "is missing (a string such as \"030\")" : Excerpt.Quote(zip3) + " is not a ZIP3 of this population")}.");
                penalty += 2;
                continue;
            }

            if (band < 0)
            {
                problems.Add($"{where}: ageBand {(bandText is null ? "is missing" : Excerpt.Quote(bandText) + " is not one of " + string.Join(", ", AgeBands))}.");
                penalty += 2;
                continue;
            }

            var population = Whole(item, "population");
            var cases = Whole(item, "cases");
            var prevalence = Number(item, "prevalence");
            if (population is null || cases is null || prevalence is null)
            {
                problems.Add($"{where} ({zip3}, {AgeBands[band]}): population, cases and prevalence must all be numbers.");
                penalty += 2;
            }

            if (!cells.TryAdd((zip3, band), (population, cases, prevalence)))
            {
                problems.Add($"{where}: {zip3} {AgeBands[band]} is given twice; the first was used.");
                penalty += 2;
            }
        }

        return cells;
    }

    private static Dictionary<string, double?> ReadProgram(JsonElement root, FeedbackList problems, ref int penalty)
    {
        var fields = new Dictionary<string, double?>(StringComparer.Ordinal);
        string[] names = ["programPatients", "comparisonPatients", "programBefore", "programAfter", "comparisonBefore", "comparisonAfter", "differenceInDifferences"];
        if (!TryGet(root, "program", out var program) || program.ValueKind != JsonValueKind.Object)
        {
            problems.Add("\"program\" is missing or is not an object.");
            penalty += 5;
            return fields;
        }

        foreach (var name in names)
        {
            fields[name] = Number(program, name);
            if (fields[name] is null)
            {
                problems.Add($"program.{name} is missing or not a number.");
                penalty += 2;
            }
        }

        return fields;
    }

    private static bool TryGet(JsonElement element, string name, out JsonElement value)
    {
        if (element.TryGetProperty(name, out value))
        {
            return true;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (Normalize(property.Name) == Normalize(name))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    private static string Normalize(string name) => new(name.Where(c => c is not ('_' or '-' or ' ')).Select(char.ToLowerInvariant).ToArray());

    private static double? Number(JsonElement element, string name) =>
        TryGet(element, name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number) ? number : null;

    private static long? Whole(JsonElement element, string name) =>
        TryGet(element, name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) && number >= 0 ? number : null;

    private static void GradePrevalence(GradeSheet sheet, ProgramScenario scenario, Dictionary<(string Zip3, int Band), (long? Population, long? Cases, double? Prevalence)> given)
    {
        var truth = PrevalenceCells(scenario);
        int populationRight = 0, prevalenceRight = 0, missing = 0;
        var wrongPopulation = new FeedbackList(4);
        var wrongCases = new FeedbackList(4);
        foreach (var ((zip3, band), cell) in truth.OrderBy(c => c.Key.Zip3, StringComparer.Ordinal).ThenBy(c => c.Key.Band))
        {
            if (!given.TryGetValue((zip3, band), out var answer))
            {
                missing++;
                continue;
            }

            if (answer.Population == cell.Population)
            {
                populationRight++;
            }
            else
            {
                wrongPopulation.Add(string.Create(CultureInfo.InvariantCulture, $"{zip3} {AgeBands[band]}: population {answer.Population?.ToString(CultureInfo.InvariantCulture) ?? "missing"} is not right"));
            }

            if (answer.Cases == cell.Cases && answer.Prevalence is { } p && Math.Abs(p - cell.Prevalence) <= PrevalenceTolerance)
            {
                prevalenceRight++;
            }
            else
            {
                wrongCases.Add(string.Create(CultureInfo.InvariantCulture, $"{zip3} {AgeBands[band]}: cases {answer.Cases?.ToString(CultureInfo.InvariantCulture) ?? "missing"}, prevalence {answer.Prevalence?.ToString("0.####", CultureInfo.InvariantCulture) ?? "missing"}"));
            }
        }

        var extra = given.Keys.Count(k => !truth.ContainsKey(k));
        var tail = (missing > 0 ? string.Create(CultureInfo.InvariantCulture, $" {missing} expected cell{(missing == 1 ? " is" : "s are")} missing.") : string.Empty) +
            (extra > 0 ? string.Create(CultureInfo.InvariantCulture, $" {extra} cell{(extra == 1 ? " has" : "s have")} no living population and should be left out.") : string.Empty);

        var populationSummary = string.Create(CultureInfo.InvariantCulture, $"{populationRight} of {truth.Count} cells have the right population.{tail}");
        if (populationRight < truth.Count)
        {
            populationSummary += Hint(given, PrevalenceCells(scenario, keepDeceased: true), "patients who died before the end of 2025 are counted (the population is those alive on 2025-12-31)")
                ?? Hint(given, PrevalenceCells(scenario, ageAtStart: true), "age is taken on 2025-01-01 (take it on 2025-12-31)")
                ?? string.Empty;
        }

        sheet.AwardShare(Denominators, populationRight, truth.Count, wrongPopulation.Render(populationSummary + (wrongPopulation.Count > 0 ? " For example:" : string.Empty)));
        var casesSummary = string.Create(CultureInfo.InvariantCulture, $"{prevalenceRight} of {truth.Count} cells have the right cases and prevalence.{tail}");
        sheet.AwardShare(Prevalence, prevalenceRight, truth.Count, wrongCases.Render(casesSummary + (wrongCases.Count > 0 ? " For example:" : string.Empty)));
    }

    private static string? Hint(Dictionary<(string Zip3, int Band), (long? Population, long? Cases, double? Prevalence)> given,
        Dictionary<(string Zip3, int Band), PrevalenceCell> variant, string mistake)
    {
        var matches = given.Count(g => variant.TryGetValue(g.Key, out var cell) && g.Value.Population == cell.Population);
        return given.Count > 0 && matches >= given.Count * 0.8 ? $" Your populations match what you get when {mistake}." : null;
    }

    private static void GradeProgram(GradeSheet sheet, ProgramScenario scenario, Dictionary<string, double?> given)
    {
        var truth = Evaluate(scenario);
        var cohortPoints = 0;
        var cohortNotes = new List<string>();
        var unpaired = Evaluate(scenario, EffectRule.UnpairedPatients);
        foreach (var (name, expected, label) in new[] { ("programPatients", truth.ProgramPatients, "program"), ("comparisonPatients", truth.ComparisonPatients, "comparison") })
        {
            if (given.GetValueOrDefault(name) is { } value && value == expected)
            {
                cohortPoints += 5;
                cohortNotes.Add(string.Create(CultureInfo.InvariantCulture, $"{label} group: {expected} analysed patients, right."));
            }
            else
            {
                cohortNotes.Add($"{label} group: the number of analysed patients is not right. Count eligible patients with at least one HbA1c in 2024 and at least one in 2025.");
            }
        }

        sheet.Award(Cohorts, cohortPoints, string.Join(" ", cohortNotes));

        var meanPoints = 0;
        var meanNotes = new List<string>();
        var pooled = Evaluate(scenario, EffectRule.PooledResults);
        var pooledMatches = 0;
        var unpairedMatches = 0;
        foreach (var (name, expected, pooledValue, unpairedValue) in new[]
        {
            ("programBefore", truth.ProgramBefore, pooled.ProgramBefore, unpaired.ProgramBefore), ("programAfter", truth.ProgramAfter, pooled.ProgramAfter, unpaired.ProgramAfter),
            ("comparisonBefore", truth.ComparisonBefore, pooled.ComparisonBefore, unpaired.ComparisonBefore), ("comparisonAfter", truth.ComparisonAfter, pooled.ComparisonAfter, unpaired.ComparisonAfter),
        })
        {
            var value = given.GetValueOrDefault(name);
            if (value is { } v && Math.Abs(v - expected) <= MeanTolerance)
            {
                meanPoints += 5;
                continue;
            }

            meanNotes.Add($"{name} is off.");
            pooledMatches += value is { } p && Math.Abs(p - pooledValue) <= MeanTolerance && Math.Abs(pooledValue - expected) > MeanTolerance ? 1 : 0;
            unpairedMatches += value is { } u && Math.Abs(u - unpairedValue) <= MeanTolerance && Math.Abs(unpairedValue - expected) > MeanTolerance ? 1 : 0;
        }

        if (pooledMatches > 0)
        {
            meanNotes.Add("Your means match an average of all results; average each patient's own results first, then average the patients.");
        }

        if (unpairedMatches > 0)
        {
            meanNotes.Add("Your means include patients without results in both years; analyse only patients with at least one result in each year.");
        }

        sheet.Award(Means, meanPoints, meanPoints == Means.MaxPoints ? "All four means are right." : string.Join(" ", meanNotes));

        var did = truth.DifferenceInDifferences;
        var answer = given.GetValueOrDefault("differenceInDifferences");
        if (answer is not { } d)
        {
            sheet.Award(Effect, 0, "No readable difference in differences was given.");
        }
        else if (Math.Abs(d - did) <= MeanTolerance)
        {
            sheet.Award(Effect, Effect.MaxPoints, string.Create(CultureInfo.InvariantCulture,
                $"Right: {did:0.000} points of HbA1c. {(did < 0 ? "HbA1c fell more in the program group than in the comparison group." : "HbA1c did not fall more in the program group.")}"));
        }
        else
        {
            var note = "The difference in differences is off.";
            if (Math.Abs(d - (truth.ProgramAfter - truth.ProgramBefore)) <= MeanTolerance)
            {
                note += " It is the program group's own change: subtract the comparison group's change, which carries the trend every patient shared.";
            }
            else if (Math.Abs(d + did) <= MeanTolerance)
            {
                note += " It has the right size but the wrong sign: take (program after − program before) − (comparison after − comparison before).";
            }
            else if (Math.Abs(d - pooled.DifferenceInDifferences) <= MeanTolerance)
            {
                note += " It matches an average of all results rather than of each patient's mean.";
            }
            else if (given.GetValueOrDefault("programBefore") is { } pb && given.GetValueOrDefault("programAfter") is { } pa &&
                given.GetValueOrDefault("comparisonBefore") is { } cb && given.GetValueOrDefault("comparisonAfter") is { } ca &&
                Math.Abs(d - ((pa - pb) - (ca - cb))) <= MeanTolerance)
            {
                note += " It follows from your four means, so fix those.";
            }

            sheet.Award(Effect, 0, note);
        }
    }
}
