using System.Globalization;
using System.Text;
using Microcred.Clinical.Labs.Submissions;
using static Microcred.Clinical.Labs.DataQuality.DataQualityTables;

namespace Microcred.Clinical.Labs.DataQuality;

/// <summary>Lab 3: audit an EHR extract (patients, encounters, vitals) built from the synthetic population
/// for planted defects. Scales with the population (up to 100,000 patients); the truth holds only the
/// planted defects, so grading never regenerates the whole population.</summary>
internal sealed class DataQualityLab : Lab<DataQualityScenario>, ILabModelAnswer
{
    internal static readonly CriterionDefinition Format = new("format", "Submission format", 10);

    internal static readonly IReadOnlyDictionary<DefectType, CriterionDefinition> TypeCriteria = DefectTypes.All.ToDictionary(
        t => t, t => new CriterionDefinition(t.Key(), $"Findings: {t.Key()}", 15));

    internal static readonly CsvSchema Schema = new(["row_id", "column", "defect_type"]);

    private static readonly HashSet<string> KnownColumns = new(PatientColumns.Concat(EncounterColumns).Concat(VitalsColumns), StringComparer.OrdinalIgnoreCase);

    public override LabInfo Info { get; } = new(3, "data-quality-audit", "Data-quality audit of an EHR extract", ProgramArea.InformaticsFoundations, 75,
        "Find the planted defects in a synthetic patients, encounters and vitals extract.");

    public override IReadOnlyList<LabParameter> Parameters { get; } =
        [new("patients", "Patients in the extract.", 300, 100, 100_000)];

    internal override IReadOnlyList<CriterionDefinition> Criteria { get; } = [Format, .. DefectTypes.All.Select(t => TypeCriteria[t])];

    public override string TaskStatement => """
        ## Your task

        You are the data steward reviewing an extract from the EHR before it feeds a quality dashboard. The
        extract (`patients.csv`, `encounters.csv`, `vitals.csv`; synthetic) was taken on **2025-12-31**. Find
        every cell that breaks one of these rules and report it with the row's id, the column and the defect type.

        | defect_type | rule | flag |
        |---|---|---|
        | `duplicate_mrn` | two or more patients share an `mrn` | `mrn` of **every** patient row involved |
        | `impossible_date` | an encounter starts before the patient's `birth_date`, or after the extract date | `start` |
        | `impossible_date` | an encounter ends before it starts | `end` |
        | `out_of_range` | a vital sign outside: systolic 50–260, diastolic 25–160, heart_rate 25–250, resp_rate 4–70, spo2 50–100, weight_kg 0.3–350, height_cm 30–250, bmi 8–100 (temp_c: see unit_mismatch) | that column |
        | `unit_mismatch` | `temp_c` between 93 and 108 (a Fahrenheit reading in a Celsius column) | `temp_c` |
        | `unit_mismatch` | `weight_kg` ÷ (`height_cm`/100)² differs from `bmi` by more than 10 % because the weight was entered in pounds | `weight_kg` |
        | `missing_value` | a required field is empty: patients `mrn`, `sex`, `birth_date`; encounters `patient_id`, `class`, `start`, `end`; vitals `encounter_id`, `measured_at` | that column |
        | `invalid_code` | `diagnosis_code` is not empty and not shaped like an ICD-10-CM code (a letter, a digit, a digit or letter, then optionally a dot and 1–4 digits or letters, for example `E11.65`) | `diagnosis_code` |

        Optional fields may be empty (for example `diagnosis_code`, `resp_rate`, `temp_c`, `spo2`, `height_cm`,
        `bmi`). Report each defect once, on the column the table names.

        ## Submission format

        A CSV file (UTF-8, comma separated) with this header and one row per finding; `row_id` is the value of
        the first column of the row (`patient_id`, `encounter_id` or `vitals_id`):

        ```csv
        row_id,column,defect_type
        p0000042,mrn,duplicate_mrn
        p0000042-e003,end,impossible_date
        p0000042-e003-v,temp_c,unit_mismatch
        ```

        ## How it is graded (100 points, pass at 75)

        - Submission format (10): the file reads cleanly, every `column` is a column of the extract, every
          `defect_type` is one of the six, no finding repeated.
        - Each defect type (15 points each): F1 score of your findings of that type against the planted ones,
          15 × 2·TP ÷ (2·TP + FP + FN), rounded down. TP: a finding with the right row, column and type; FP: a
          finding of that type that is not a planted defect; FN: a planted defect you did not report. Feedback
          gives precision and recall and names some missed and false findings.
        """;

    internal override DataQualityScenario BuildScenario(long seed, IReadOnlyDictionary<string, int> parameters) =>
        DataQualityPlanner.Plan(seed, Info.Slug, parameters["patients"]);

    internal override void WriteScenario(DataQualityScenario scenario, ScenarioFileSet files)
    {
        // At 100,000 patients the three tables run to some 90 MB; they are streamed to disk as the population is
        // generated rather than held in memory.
        files.AddStreamed(
        [
            ("patients.csv", "text/csv", "One row per patient."),
            ("encounters.csv", "text/csv", "One row per encounter; times are local, yyyy-MM-ddTHH:mm."),
            ("vitals.csv", "text/csv", "Vital signs per encounter (UCUM units: mm[Hg], /min, Cel, %, kg, cm, kg/m2)."),
        ], writers => WriteExtract(scenario, writers[0], writers[1], writers[2]));
        files.Notes.Append(CodeSystems.CodeCatalog.LoincNotice).Append('\n');
    }

    /// <summary>Writes the three tables in patient order, preparing a batch of patients' rows in parallel (each
    /// patient has its own random stream, so the rows are the same in any order) and then writing it.</summary>
    private static void WriteExtract(DataQualityScenario scenario, TextWriter patientsOut, TextWriter encountersOut, TextWriter vitalsOut)
    {
        const int BatchSize = 512;
        var patients = new CsvDocument(patientsOut, PatientColumns);
        var encounters = new CsvDocument(encountersOut, EncounterColumns);
        var vitals = new CsvDocument(vitalsOut, VitalsColumns);
        var generator = new Population.PopulationGenerator(scenario.Options);
        var count = scenario.Options.PatientCount;
        var batch = new (string[] Patient, List<string[]> Encounters, List<string[]> Vitals)[BatchSize];
        for (var start = 0; start < count; start += BatchSize)
        {
            var size = Math.Min(BatchSize, count - start);
            Parallel.For(0, size, i =>
            {
                var record = generator.GeneratePatient(start + i);
                batch[i] = (
                    WithOverrides(scenario, PatientColumns, PatientRow(record.Patient)),
                    [.. EncounterRows(record).Select(row => WithOverrides(scenario, EncounterColumns, row))],
                    [.. VitalsRows(record).Select(row => WithOverrides(scenario, VitalsColumns, row))]);
            });
            for (var i = 0; i < size; i++)
            {
                patients.Add(batch[i].Patient);
                batch[i].Encounters.ForEach(row => encounters.Add(row));
                batch[i].Vitals.ForEach(row => vitals.Add(row));
            }
        }
    }

    /// <summary>The row with the scenario's planted values in the cells they name.</summary>
    private static string[] WithOverrides(DataQualityScenario scenario, string[] columns, string[] row)
    {
        for (var i = 1; i < columns.Length; i++)
        {
            if (scenario.Overrides.TryGetValue((row[0], columns[i]), out var value))
            {
                row[i] = value;
            }
        }

        return row;
    }

    public LabModelAnswer CreateModelAnswer(LabScenarioRequest request)
    {
        var csv = new CsvDocument([.. Schema.Required]);
        var defects = Scenario(request).Defects
            .OrderBy(d => d.RowId, StringComparer.Ordinal).ThenBy(d => d.Column, StringComparer.Ordinal).ThenBy(d => d.Type);
        foreach (var defect in defects)
        {
            csv.Add(defect.RowId, defect.Column, defect.Type.Key());
        }

        return new LabModelAnswer("findings.csv", csv.ToString());
    }

    internal override void GradeSubmission(DataQualityScenario scenario, LabSubmission submission, GradeSheet sheet)
    {
        var read = CsvSubmission.Read(submission, Schema);
        if (read.Value is null)
        {
            sheet.NotGraded("Not graded: " + read.FatalIssue!.Message);
            return;
        }

        var table = read.Value;
        var format = new FeedbackList(8);
        format.AddRange(read.Issues.Select(i => i.Message));
        int rowColumn = table.ColumnIndex("row_id"), columnColumn = table.ColumnIndex("column"), typeColumn = table.ColumnIndex("defect_type");
        var findings = new HashSet<(string RowId, string Column, DefectType Type)>();
        foreach (var record in table.Records)
        {
            if (record.IsRejected(rowColumn) || record.IsRejected(columnColumn) || record.IsRejected(typeColumn))
            {
                continue;
            }

            var rowId = record[rowColumn]!.Trim();
            var column = record[columnColumn]!.Trim().ToLowerInvariant();
            var type = DefectTypes.Parse(record[typeColumn]!);
            var where = char.ToUpperInvariant(record.Where[0]) + record.Where[1..];
            if (rowId.Length == 0)
            {
                format.Add($"{where}: row_id is empty.");
            }
            else if (!KnownColumns.Contains(column))
            {
                format.Add($"{where}: {Excerpt.Quote(column)} is not a column of the extract.");
            }
            else if (type is null)
            {
                format.Add($"{where}: defect_type {Excerpt.Quote(record[typeColumn])} is not one of {string.Join(", ", DefectTypes.All.Select(t => t.Key()))}.");
            }
            else if (!findings.Add((rowId, column, type.Value)))
            {
                format.Add($"{where}: the same finding is listed twice.");
            }
        }

        sheet.Award(Format, format.Count == 0 ? Format.MaxPoints : 0, format.Count == 0 ? "The findings file reads cleanly." : format.Render("Fix these rows (they were not graded):"));

        var planted = scenario.Defects.ToDictionary(d => (d.RowId, d.Column, d.Type));
        var plantedKeys = scenario.Defects.Select(d => (d.RowId, d.Column)).ToHashSet();
        foreach (var type in DefectTypes.All)
        {
            var criterion = TypeCriteria[type];
            var expected = scenario.Defects.Where(d => d.Type == type).ToList();
            var mine = findings.Where(f => f.Type == type).ToList();
            var truePositives = mine.Count(planted.ContainsKey);
            var falsePositives = mine.Where(f => !planted.ContainsKey(f)).OrderBy(f => f.RowId, StringComparer.Ordinal).ThenBy(f => f.Column, StringComparer.Ordinal).ToList();
            var missed = expected.Where(d => !findings.Contains((d.RowId, d.Column, type))).OrderBy(d => d.RowId, StringComparer.Ordinal).ToList();
            var list = new FeedbackList(8);
            foreach (var miss in missed.Take(4))
            {
                list.Add($"missed: {miss.RowId}, {miss.Column}");
            }

            foreach (var wrong in falsePositives.Take(4))
            {
                var other = plantedKeys.Contains((wrong.RowId, wrong.Column)) ? " — there is a defect here, but of another type" : string.Empty;
                list.Add($"not a {type.Key()}: {Excerpt.Quote(wrong.RowId)}, {wrong.Column}{other}");
            }

            var summary = string.Create(CultureInfo.InvariantCulture,
                $"{truePositives} of {expected.Count} found (recall {Ratio(truePositives, expected.Count)}); {mine.Count} reported (precision {Ratio(truePositives, mine.Count)}).");
            if (missed.Count + falsePositives.Count > 8)
            {
                summary += string.Create(CultureInfo.InvariantCulture, $" {missed.Count} missed and {falsePositives.Count} false in all; a few of each:");
            }

            sheet.AwardShare(criterion, 2.0 * truePositives, (2.0 * truePositives) + falsePositives.Count + missed.Count, list.Render(summary));
        }
    }

    private static string Ratio(int part, int whole) => whole == 0 ? "n/a" : string.Create(CultureInfo.InvariantCulture, $"{100.0 * part / whole:0}%");
}
