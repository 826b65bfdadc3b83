using System.Globalization;
using System.Text.RegularExpressions;
using Microcred.Clinical.Labs.Benchmark;
using Microcred.Clinical.Labs.Submissions;
using Microcred.Clinical.Population;
using static Microcred.Clinical.Labs.Deidentification.SafeHarborCategory;

namespace Microcred.Clinical.Labs.Deidentification;

/// <summary>Lab 10: de-identify a patients table by the HIPAA Safe Harbor method (45 CFR 164.514(b)(2)),
/// keeping the clinical data. The grader lists every residual identifier it finds, row by row, with a
/// masked excerpt, and counts what was over-scrubbed.</summary>
internal sealed partial class DeidentificationLab : Lab<DeidentificationScenario>, ILabModelAnswer, ILabWorstCase
{
    internal static readonly CriterionDefinition Format = new("format", "Submission format", 5);
    internal static readonly CriterionDefinition Names = new("names", "Names removed (1)", 10);
    internal static readonly CriterionDefinition Geography = new("geography", "Geography below the state, ZIP3 rule (2)", 12);
    internal static readonly CriterionDefinition Dates = new("dates-ages", "Dates to the year, ages over 89 aggregated (3)", 13);
    internal static readonly CriterionDefinition Contact = new("contact", "Telephone, fax and e-mail removed (4–6)", 10);
    internal static readonly CriterionDefinition Numbers = new("record-numbers", "SSN, MRN, plan, account and licence numbers removed (7–11)", 15);
    internal static readonly CriterionDefinition DevicesWeb = new("devices-web", "Vehicle, device, URL and IP identifiers removed (12–15)", 10);
    internal static readonly CriterionDefinition Biometrics = new("biometrics-other", "Biometrics, photographs and other unique codes removed (16–18)", 10);
    internal static readonly CriterionDefinition Kept = new("clinical-data-kept", "Non-identifying data kept (no over-scrubbing)", 15);

    private static readonly (CriterionDefinition Criterion, SafeHarborCategory[] Categories)[] Groups =
    [
        (Names, [Name]),
        (Geography, [SafeHarborCategory.Geography]),
        (Dates, [Date]),
        (Contact, [Telephone, Fax, Email]),
        (Numbers, [SocialSecurityNumber, MedicalRecordNumber, HealthPlanNumber, AccountNumber, LicenseNumber]),
        (DevicesWeb, [VehicleIdentifier, DeviceIdentifier, Url, IpAddress]),
        (Biometrics, [Biometric, Photograph, OtherUniqueCode]),
    ];

    /// <summary>The index in <see cref="Groups"/> of each category's criterion.</summary>
    private static readonly Dictionary<SafeHarborCategory, int> GroupOf = Groups
        .SelectMany((group, index) => group.Categories.Select(category => (category, index)))
        .ToDictionary(g => g.category, g => g.index);

    private static readonly HashSet<string> AgedNinetyPlus = new(StringComparer.OrdinalIgnoreCase) { "90+", ">89", "> 89", "≥90", ">=90", "90 or older", "90 or over" };

    public override LabInfo Info { get; } = new(10, "safe-harbor-deidentification", "De-identification by HIPAA Safe Harbor", ProgramArea.BillingCompliance, 90,
        "De-identify a synthetic patients table by the Safe Harbor method without losing its clinical data.");

    public override IReadOnlyList<LabParameter> Parameters { get; } =
        [new("patients", "Rows in the patients table.", 50, 10, 2000)];

    internal override IReadOnlyList<CriterionDefinition> Criteria { get; } = [Format, Names, Geography, Dates, Contact, Numbers, DevicesWeb, Biometrics, Kept];

    public override string TaskStatement => """
        ## Your task

        A research team asks for a copy of `patients.csv` (synthetic) that can leave your organization as
        **de-identified data under the HIPAA Privacy Rule's Safe Harbor method, 45 CFR 164.514(b)(2)**. Remove
        all eighteen kinds of identifiers of the patient and of the patient's relatives, employers and household
        members — in the structured columns **and in the free-text `notes`** — and keep everything else.

        Apply these rules:

        1. **Names** (patients, relatives, employers): remove.
        2. **Geography smaller than a state**: remove street and city. Keep `state`. In `zip` keep only the first
           three digits (`036`), except that the ZIP3 becomes `000` when the area has 20,000 people or fewer
           (use `zip3-populations.csv`) or is one of the restricted prefixes
           036, 059, 063, 102, 203, 556, 692, 790, 821, 823, 830, 831, 878, 879, 884, 890, 893.
        3. **Dates**: keep only the year (`2025`) in `birth_date`, `admission_date`, `discharge_date` and
           `death_date`; remove month and day wherever they appear, in any format. **Ages over 89**: write `90+`
           in `age`, and remove the birth year of those patients entirely (leave `birth_date` empty), so that
           their age cannot be worked out. Keep other ages as they are.
        4.–18. Remove telephone and fax numbers, e-mail addresses, social security numbers, medical record
           numbers, health plan member ids, account numbers, licence numbers, vehicle plates, device serial
           numbers, URLs, IP addresses, biometric identifiers (fingerprint template ids), photograph file names
           and any other unique identifying code (employee badges).

        To remove a value, leave the cell empty, replace it with a bracketed placeholder such as `[REDACTED]`
        or `[NAME]`, or drop the whole column. In `notes`, replace identifiers with placeholders and keep the
        clinical sentences (the assessment must still read as before).

        **Over-scrubbing costs points**: keep `row_id` (a record number assigned for this exercise, not derived
        from any identifier — a permitted re-identification code under 164.514(c)), `state`, the allowed ZIP3,
        ages up to 89, the years, and the clinical columns `sex`, `primary_diagnosis`, `diagnosis_description`,
        `systolic_bp`, `hba1c`, `length_of_stay_days`, `discharge_disposition`, `payer_type` unchanged.

        ## Submission format

        The de-identified table as CSV (UTF-8, comma separated), with the header row, `row_id` in every row
        and one row per patient. Columns you keep keep their names, for example:

        ```csv
        row_id,first_name,city,state,zip,birth_date,age,admission_date,notes
        1,,,NH,031,1957,68,2025,"[NAME] (MRN [REDACTED]) was admitted on [DATE]. Assessment: Essential (primary) hypertension."
        ```

        ## How it is graded (100 points, pass at 90)

        Each identifier criterion counts the identifier instances planted in its categories (cells and mentions
        in notes) and loses a share for every residual identifier found: points × (planted − residual) ÷ planted,
        rounded down. The grader searches each row for that patient's own identifiers and for the shapes of
        identifiers (phone numbers, e-mail addresses, SSNs, MRNs, dates in several formats, ages over 89, URLs,
        IP addresses, street addresses, place names …) and lists each residual it finds with row, column,
        category and a masked excerpt. A cell rejected as unsafe (for example one starting with `=`) counts as a
        residual, since it cannot be checked.

        | criterion | points |
        |---|---|
        | Submission format: every `row_id` once, no unknown rows | 5 |
        | Names (1) | 10 |
        | Geography below the state and the ZIP3 rule (2) | 12 |
        | Dates to the year, ages over 89 (3) | 13 |
        | Telephone, fax, e-mail (4–6) | 10 |
        | SSN, MRN, health plan, account, licence numbers (7–11) | 15 |
        | Vehicle, device, URL, IP (12–15) | 10 |
        | Biometrics, photographs, other unique codes (16–18) | 10 |
        | Non-identifying data kept: share of the kept values that survive | 15 |
        """;

    internal override DeidentificationScenario BuildScenario(long seed, IReadOnlyDictionary<string, int> parameters) =>
        DeidentificationPlanner.Plan(seed, Info.Slug, parameters["patients"]);

    internal override void WriteScenario(DeidentificationScenario scenario, ScenarioFileSet files)
    {
        var table = new CsvDocument(DeidentificationScenario.Columns.Select(c => c.Name).ToArray());
        foreach (var row in scenario.Rows)
        {
            table.Add(DeidentificationScenario.Columns.Select(c => row.Values[c.Name]).ToArray());
        }

        files.AddCsv("patients.csv", "The synthetic patients table to de-identify.", table);
        var populations = new CsvDocument("zip3", "state", "approximate_population");
        foreach (var area in scenario.Areas)
        {
            populations.Add(area.Zip3, area.State, area.ApproximatePopulation.ToString(CultureInfo.InvariantCulture));
        }

        files.AddCsv("zip3-populations.csv", "Approximate population of each ZIP3 area in the region (illustrative figures for this exercise).", populations);
    }

    public LabModelAnswer CreateModelAnswer(LabScenarioRequest request)
    {
        var scenario = Scenario(request);
        var table = new CsvDocument(DeidentificationScenario.Columns.Select(c => c.Name).ToArray());
        foreach (var row in scenario.Rows)
        {
            table.Add(DeidentificationScenario.Columns.Select(column => Deidentified(scenario, row, column)).ToArray());
        }

        return new LabModelAnswer("patients-deidentified.csv", table.ToString());
    }

    /// <summary>A cell as the task statement's rules leave it.</summary>
    private static string Deidentified(DeidentificationScenario scenario, DeidRow row, DeidColumn column)
    {
        var original = row.Values[column.Name];
        return column.Kind switch
        {
            DeidColumnKind.Identifier => string.Empty,
            DeidColumnKind.Zip => row.Zip3Expected,
            DeidColumnKind.Age => row.NinetyOrOlder ? "90+" : original,
            DeidColumnKind.BirthDate => row.NinetyOrOlder ? string.Empty : original[..4],
            DeidColumnKind.EventDate => original.Length == 0 ? string.Empty : original[..4],
            DeidColumnKind.FreeText => IdentifierScanner.Redact(original, row.KnownSearch, scenario.Places),
            _ => original,
        };
    }

    public string WorstCaseDescription => "the table unchanged (every identifier left in)";

    public LabSubmission CreateWorstCase(LabScenarioRequest request) =>
        LabSubmission.FromText(CreateScenario(request).Files.Single(f => f.Path == "patients.csv").Content, "patients.csv");

    internal override void GradeSubmission(DeidentificationScenario scenario, LabSubmission submission, GradeSheet sheet)
    {
        var schema = new CsvSchema(["row_id"], DeidentificationScenario.Columns.Skip(1).Select(c => c.Name).ToList(), allowOtherColumns: true);
        var read = CsvSubmission.Read(submission, schema);
        if (read.Value is null)
        {
            sheet.NotGraded("Not graded: " + read.FatalIssue!.Message);
            return;
        }

        var table = read.Value;
        var format = new FeedbackList(8);
        format.AddRange(read.Issues.Select(i => i.Message));
        var byId = new Dictionary<string, CsvRecord>(StringComparer.Ordinal);
        var rowIdColumn = table.ColumnIndex("row_id");
        var known = scenario.Rows.ToDictionary(r => r.RowId, StringComparer.Ordinal);
        foreach (var record in table.Records)
        {
            var id = record[rowIdColumn]?.Trim();
            if (id is null)
            {
                continue;
            }

            if (!known.ContainsKey(id))
            {
                format.Add($"{Capital(record.Where)}: row_id {Excerpt.Quote(id)} is not in the scenario.");
            }
            else if (!byId.TryAdd(id, record))
            {
                format.Add($"{Capital(record.Where)}: row_id {id} appears again; only its first row was graded.");
            }
        }

        var missingRows = scenario.Rows.Where(r => !byId.ContainsKey(r.RowId)).ToList();
        foreach (var row in missingRows)
        {
            format.Add($"row_id {row.RowId} is missing; every patient keeps a row.");
        }

        sheet.Award(Format, format.Count == 0 ? Format.MaxPoints : 0,
            format.Count == 0 ? "Every row_id appears once." : format.Render("Fix these:"));

        var audit = new Audit(scenario, table);
        foreach (var row in scenario.Rows)
        {
            audit.Check(row, byId.GetValueOrDefault(row.RowId));
        }

        for (var group = 0; group < Groups.Length; group++)
        {
            var (criterion, categories) = Groups[group];
            var planted = categories.Sum(c => scenario.PlantedTotals.GetValueOrDefault(c));
            var list = audit.Residuals[group];
            var residual = Math.Min(list.Count, planted);
            sheet.AwardShare(criterion, planted - residual, planted, list.Render(list.Count == 0
                ? string.Create(CultureInfo.InvariantCulture, $"No residual identifiers of these categories ({planted} planted).")
                : string.Create(CultureInfo.InvariantCulture, $"{list.Count} residual identifier{(list.Count == 1 ? string.Empty : "s")} of {planted} planted:")));
        }

        var kept = new FeedbackList(8);
        kept.AddRange(audit.Lost);
        sheet.AwardShare(Kept, audit.KeptChecks - audit.Lost.Count, audit.KeptChecks, kept.Render(audit.Lost.Count == 0
            ? string.Create(CultureInfo.InvariantCulture, $"All {audit.KeptChecks} non-identifying values kept.")
            : string.Create(CultureInfo.InvariantCulture, $"{audit.Lost.Count} of {audit.KeptChecks} values that should have been kept were removed or changed:")));
    }

    private static string Capital(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>Empty, or a placeholder: bracketed text, REDACTED/REMOVED, or a run of * or X.</summary>
    internal static bool IsRemoved(string value)
    {
        // Called for every identifier cell of every row, so plain span checks rather than a pattern.
        var v = value.AsSpan().Trim();
        return v.IsEmpty
            || (v[0] == '[' && v[^1] == ']' && v.Length <= 40)
            || v.Equals("REDACTED", StringComparison.OrdinalIgnoreCase)
            || v.Equals("REMOVED", StringComparison.OrdinalIgnoreCase)
            || !v.ContainsAnyExcept('*')
            || !v.ContainsAnyExcept('X', 'x');
    }

    [GeneratedRegex(@"^\d{4}$", RegexOptions.CultureInvariant)]
    private static partial Regex YearOnly();

    [GeneratedRegex(@"\d{4}", RegexOptions.CultureInvariant)]
    private static partial Regex AnyYear();

    [GeneratedRegex(@"^\d{3}$", RegexOptions.CultureInvariant)]
    private static partial Regex Zip3();

    internal sealed record Residual(SafeHarborCategory Category, string Where, string Column, string Match, string? Why = null)
    {
        public string Describe() =>
            $"{Where}, {Column}, {Category.Describe()}: {IdentifierScanner.Mask(Match)}{(Why is null ? string.Empty : " — " + Why)}";
    }

    /// <summary>Walks the submitted rows once, collecting residual identifiers and values lost.</summary>
    private sealed class Audit(DeidentificationScenario scenario, CsvTable table)
    {
        private readonly IReadOnlyList<(int Index, DeidColumn Column)> _columns = table.Columns
            .Select((name, i) => (i, DeidentificationScenario.Columns.FirstOrDefault(c => c.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) ?? new DeidColumn(name, DeidColumnKind.FreeText)))
            .ToList();

        private readonly HashSet<string> _present = table.Columns.Select(c => c.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase);

        /// <summary>Residual identifiers per criterion, in the order of <see cref="Groups"/>. Residual identifiers are what
        /// the learner must fix, so each list is long before it is cut.</summary>
        public FeedbackList[] Residuals { get; } = Groups.Select(_ => new FeedbackList(25)).ToArray();

        public List<string> Lost { get; } = [];

        public int KeptChecks { get; private set; }

        public void Check(DeidRow row, CsvRecord? record)
        {
            var where = record is null ? $"row_id {row.RowId}" : $"row {record.Number} (row_id {row.RowId})";
            foreach (var column in DeidentificationScenario.Columns)
            {
                if (MustKeep(row, column))
                {
                    KeptChecks++;
                    if (record is null)
                    {
                        Lost.Add($"row_id {row.RowId}: the row is missing, so its {column.Name} is lost.");
                    }
                    else if (!_present.Contains(column.Name))
                    {
                        Lost.Add($"{where}: column {column.Name} was dropped.");
                    }
                }
            }

            if (record is null)
            {
                return;
            }

            foreach (var (index, column) in _columns)
            {
                if (column.Kind == DeidColumnKind.RowId)
                {
                    continue;
                }

                var value = record[index];
                if (value is null)
                {
                    if (column.Category is { } category)
                    {
                        AddResidual(category, where, column.Name, "rejected cell", "the cell was rejected as unsafe and could not be checked");
                    }
                    else if (MustKeep(row, column))
                    {
                        Lost.Add($"{where}: {column.Name} was rejected as unsafe and could not be checked.");
                    }

                    continue;
                }

                CheckCell(row, column, value.Trim(), where);
            }
        }

        /// <summary>Counts a residual identifier, describing it only when it will be shown: an unchanged table has tens of
        /// thousands of them.</summary>
        private void AddResidual(SafeHarborCategory category, string where, string column, string match, string? why = null)
        {
            var list = Residuals[GroupOf[category]];
            if (list.ShowsNext)
            {
                list.Add(new Residual(category, where, column, match, why).Describe());
            }
            else
            {
                list.AddUnshown();
            }
        }

        private static bool MustKeep(DeidRow row, DeidColumn column) => column.Kind switch
        {
            DeidColumnKind.State or DeidColumnKind.Clinical or DeidColumnKind.FreeText => true,
            DeidColumnKind.Zip => row.Zip3Expected != "000",
            DeidColumnKind.Age or DeidColumnKind.BirthDate => !row.NinetyOrOlder,
            DeidColumnKind.EventDate => row.Values[column.Name].Length > 0,
            _ => false,
        };

        private void CheckCell(DeidRow row, DeidColumn column, string value, string where)
        {
            var original = row.Values.GetValueOrDefault(column.Name, string.Empty);
            switch (column.Kind)
            {
                case DeidColumnKind.Identifier:
                    if (!IsRemoved(value))
                    {
                        if (IdentifierScanner.ScanCell(value, column.Category!.Value, row.Known) is { } finding)
                        {
                            AddResidual(finding.Category, where, column.Name, finding.Match);
                        }
                    }

                    break;
                case DeidColumnKind.State:
                case DeidColumnKind.Clinical:
                    if (!value.Equals(original, StringComparison.OrdinalIgnoreCase))
                    {
                        Lost.Add($"{where}: {column.Name} was {(IsRemoved(value) ? "removed" : "changed")}; it is not an identifier.");
                    }

                    break;
                case DeidColumnKind.Zip:
                    CheckZip(row, value, where);
                    break;
                case DeidColumnKind.Age:
                    CheckAge(row, value, original, where);
                    break;
                case DeidColumnKind.BirthDate when row.NinetyOrOlder:
                    if (!IsRemoved(value) && AnyYear().IsMatch(value))
                    {
                        AddResidual(Date, where, column.Name, value, "remove the birth year of a patient aged 90 or older");
                    }

                    break;
                case DeidColumnKind.BirthDate:
                case DeidColumnKind.EventDate:
                    CheckDate(column.Name, value, original, where, row);
                    break;
                default:
                    Scan(row, column.Name, value, where);
                    if (column.Name == "notes" && !value.Contains(row.DiagnosisDescription, StringComparison.OrdinalIgnoreCase))
                    {
                        Lost.Add($"{where}: the assessment ({Excerpt.Quote(row.DiagnosisDescription, 50)}) is no longer in notes; keep clinical sentences.");
                    }

                    break;
            }
        }

        private void CheckZip(DeidRow row, string value, string where)
        {
            if (IsRemoved(value))
            {
                if (row.Zip3Expected != "000")
                {
                    Lost.Add($"{where}: zip was removed; its first three digits ({row.Zip3Expected}) may be kept.");
                }

                return;
            }

            if (Zip3().IsMatch(value))
            {
                if (value == row.Zip3Expected)
                {
                    return;
                }

                if (row.Zip3Expected == "000")
                {
                    AddResidual(SafeHarborCategory.Geography, where, "zip", value, "this ZIP3 area has 20,000 people or fewer or is restricted; write 000");
                }
                else
                {
                    Lost.Add($"{where}: zip {Excerpt.Quote(value)} should be the first three digits of the ZIP code ({row.Zip3Expected}).");
                }

                return;
            }

            AddResidual(SafeHarborCategory.Geography, where, "zip", value, "keep at most the first three digits");
        }

        private void CheckAge(DeidRow row, string value, string original, string where)
        {
            if (row.NinetyOrOlder)
            {
                if (!IsRemoved(value) && !AgedNinetyPlus.Contains(value))
                {
                    AddResidual(Date, where, "age", value, "ages over 89 must read 90+");
                }

                return;
            }

            if (value != original)
            {
                Lost.Add($"{where}: age {(IsRemoved(value) ? "was removed" : "was changed")}; ages up to 89 are kept.");
            }
        }

        private void CheckDate(string column, string value, string original, string where, DeidRow row)
        {
            if (original.Length == 0)
            {
                if (!IsRemoved(value))
                {
                    Scan(row, column, value, where);
                }

                return;
            }

            if (YearOnly().IsMatch(value))
            {
                if (value != original[..4])
                {
                    Lost.Add($"{where}: {column} year {value} does not match the original year.");
                }

                return;
            }

            if (IsRemoved(value))
            {
                Lost.Add($"{where}: {column} was removed; its year may be kept.");
                return;
            }

            AddResidual(Date, where, column, value, "keep the year only");
        }

        private void Scan(DeidRow row, string column, string value, string where)
        {
            foreach (var finding in IdentifierScanner.Scan(value, row.KnownSearch, scenario.Places))
            {
                AddResidual(finding.Category, where, column, finding.Match);
            }
        }
    }
}
