using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microcred.Clinical.CodeSystems;
using Microcred.Clinical.Labs.Submissions;
using Microcred.Clinical.Population;

namespace Microcred.Clinical.Labs.Coding;

/// <summary>One case of a coding scenario: a vignette given to a synthetic patient on a date.</summary>
internal sealed record CodingCase(string CaseId, CodingVignette Vignette, string PatientName, string Mrn, DateOnly VisitDate, string Note);

internal sealed record CodingScenario(IReadOnlyList<CodingCase> Cases);

/// <summary>Lab 4: code ten outpatient encounters in ICD-10-CM (first-listed diagnosis first) and HCPCS
/// Level II. A fixed-size lab: ten cases whatever the seed; the seed chooses and orders them.</summary>
internal sealed partial class CodingLab : Lab<CodingScenario>, ILabModelAnswer
{
    internal const int CaseCount = 10;
    internal const int PointsPerExtraCode = 2;

    internal static readonly CriterionDefinition Format = new("format", "Submission format", 5);
    internal static readonly CriterionDefinition DiagnosisCodes = new("diagnosis-codes", "ICD-10-CM diagnosis codes", 55);
    internal static readonly CriterionDefinition PrincipalFirst = new("principal-first", "First-listed diagnosis sequenced first", 15);
    internal static readonly CriterionDefinition HcpcsCodes = new("hcpcs-codes", "HCPCS Level II codes", 15);
    internal static readonly CriterionDefinition NoExtraCodes = new("no-extra-codes", "No codes the notes do not support", 10);

    internal static readonly CsvSchema Schema = new(["case_id", "sequence", "code_system", "code"]);

    public override LabInfo Info { get; } = new(4, "diagnosis-coding", "Diagnosis and HCPCS coding", ProgramArea.BillingCompliance, 80,
        "Code ten synthetic outpatient encounters in ICD-10-CM and HCPCS Level II, first-listed diagnosis first.");

    internal override IReadOnlyList<CriterionDefinition> Criteria { get; } = [Format, DiagnosisCodes, PrincipalFirst, HcpcsCodes, NoExtraCodes];

    public override string TaskStatement => """
        ## Your task

        You are the outpatient coder for a multi-specialty group. `encounters.md` (the same content is in
        `encounters.json`) holds ten synthetic encounter notes, `C01` to `C10`. For each encounter, assign:

        - **ICD-10-CM** diagnosis codes, complete to the highest number of characters required (a billable code,
          never a category such as `E11`), with the **first-listed diagnosis** (the condition chiefly responsible
          for the visit, or the reason for an encounter for a service such as a vaccination) as sequence 1;
          follow the ICD-10-CM Official Guidelines for Coding and Reporting, including combination codes, the
          presumed links of the "with" convention, and "use additional code" notes;
        - **HCPCS Level II** codes for drugs administered (J codes), vaccine administration for Medicare
          patients (G codes) and Medicare wellness visits, when the note documents them.

        Do not report CPT codes (the vaccine product and office visit codes belong to the CPT code set, which
        this lab does not use) or external-cause codes (V00–Y99; they are ignored here). Code only what the
        note supports: symptoms that are part of a definitive diagnosis are not coded separately.

        ## Submission format

        One CSV file, UTF-8, comma separated, this header and one row per code:

        ```csv
        case_id,sequence,code_system,code
        C01,1,ICD-10-CM,R51.9
        C01,2,ICD-10-CM,Z79.899
        C01,1,HCPCS,J1885
        ```

        - `case_id`: `C01` … `C10`;
        - `sequence`: 1, 2, 3 … — for ICD-10-CM the reporting order (1 = first-listed); for HCPCS any order;
        - `code_system`: `ICD-10-CM` or `HCPCS`;
        - `code`: the code with its dot for ICD-10-CM (`E11.65`; `E1165` is read as `E11.65`).

        ## How it is graded (100 points, pass at 80)

        | criterion | points | rule |
        |---|---|---|
        | Submission format | 5 | the file reads cleanly: header, known case ids, whole-number sequences, known code systems, well-formed codes |
        | ICD-10-CM diagnosis codes | 55 | per expected diagnosis: exact code = 1, a code in the right three-character category = ½; points in proportion |
        | First-listed diagnosis | 15 | per encounter, your sequence-1 ICD-10-CM code is the expected first-listed code; points in proportion |
        | HCPCS Level II codes | 15 | per expected HCPCS code, exact match; points in proportion |
        | No unsupported codes | 10 | minus 2 points for each code that matches no expected code (exactly or by category) |

        Feedback names the encounter and the category to look at; it does not give away the full code.
        """;

    internal override CodingScenario BuildScenario(long seed, IReadOnlyDictionary<string, int> parameters)
    {
        var random = LabRandom.For(seed, Info.Slug);
        var chosen = random.Sample(CodingVignettes.All, CaseCount);
        var cases = new List<CodingCase>(CaseCount);
        var baseDate = new DateOnly(2025, 1, 6);
        for (var i = 0; i < chosen.Count; i++)
        {
            var vignette = chosen[i];
            var given = vignette.Sex == AdministrativeSex.Female ? random.Pick(SyntheticNames.FemaleGiven) : random.Pick(SyntheticNames.MaleGiven);
            var name = given + " " + random.Pick(SyntheticNames.Family);
            var mrn = "SYN-" + random.Between(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);
            var date = baseDate.AddDays(random.Between(0, 330));
            var note = vignette.Note.Replace("{name}", name, StringComparison.Ordinal)
                .Replace("{age}", vignette.Age.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
            cases.Add(new CodingCase("C" + (i + 1).ToString("00", CultureInfo.InvariantCulture), vignette, name, mrn, date, note));
        }

        return new CodingScenario(cases);
    }

    internal override void WriteScenario(CodingScenario scenario, ScenarioFileSet files)
    {
        var markdown = new StringBuilder("# Encounters to code\n\nSynthetic patients; any resemblance to a real person is coincidence.\n");
        foreach (var c in scenario.Cases)
        {
            markdown.Append(CultureInfo.InvariantCulture, $"\n## {c.CaseId} — {c.Vignette.Setting}\n\n")
                .Append(CultureInfo.InvariantCulture, $"Patient: {c.PatientName} (synthetic), MRN {c.Mrn}, visit {c.VisitDate:yyyy-MM-dd}\n\n")
                .Append(c.Note).Append('\n');
        }

        files.Add("encounters.md", "text/markdown", "The ten encounter notes to code.", markdown.ToString());
        var json = JsonSerializer.Serialize(
            scenario.Cases.Select(c => new { caseId = c.CaseId, setting = c.Vignette.Setting, visitDate = c.VisitDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), patient = new { name = c.PatientName, mrn = c.Mrn, synthetic = true }, note = c.Note }),
            LabJson.Indented);
        files.AddJson("encounters.json", "The same notes as JSON.", json);
        var template = new CsvDocument("case_id", "sequence", "code_system", "code");
        files.AddCsv("submission-template.csv", "The submission header, ready to fill in.", template);
    }

    public LabModelAnswer CreateModelAnswer(LabScenarioRequest request)
    {
        var csv = new CsvDocument([.. Schema.Required]);
        foreach (var c in Scenario(request).Cases)
        {
            AddCodes(c.CaseId, "ICD-10-CM", c.Vignette.Diagnoses);
            AddCodes(c.CaseId, "HCPCS", c.Vignette.Hcpcs);
        }

        return new LabModelAnswer("codes.csv", csv.ToString());

        void AddCodes(string caseId, string system, IReadOnlyList<string> codes)
        {
            for (var i = 0; i < codes.Count; i++)
            {
                csv.Add(caseId, (i + 1).ToString(CultureInfo.InvariantCulture), system, codes[i]);
            }
        }
    }

    internal override void GradeSubmission(CodingScenario scenario, LabSubmission submission, GradeSheet sheet)
    {
        var read = CsvSubmission.Read(submission, Schema);
        if (read.Value is null)
        {
            sheet.NotGraded("Not graded: " + read.FatalIssue!.Message);
            return;
        }

        var table = read.Value;
        var formatProblems = new FeedbackList(8);
        formatProblems.AddRange(read.Issues.Select(i => i.Message));
        var cases = scenario.Cases.ToDictionary(c => c.CaseId, StringComparer.OrdinalIgnoreCase);
        var submitted = scenario.Cases.ToDictionary(c => c.CaseId, _ => new SubmittedCodes(), StringComparer.OrdinalIgnoreCase);
        int caseColumn = table.ColumnIndex("case_id"), sequenceColumn = table.ColumnIndex("sequence"),
            systemColumn = table.ColumnIndex("code_system"), codeColumn = table.ColumnIndex("code");

        foreach (var row in table.Records)
        {
            if (row.IsRejected(caseColumn) || row.IsRejected(sequenceColumn) || row.IsRejected(systemColumn) || row.IsRejected(codeColumn))
            {
                continue;
            }

            var caseId = row[caseColumn]!.Trim();
            if (!cases.ContainsKey(caseId))
            {
                formatProblems.Add($"{Capital(row.Where)}: unknown case_id {Excerpt.Quote(caseId)}; use C01 to C10.");
                continue;
            }

            if (!SubmissionNumbers.TryParseInteger(row[sequenceColumn], 1, 50, out var sequence, out var sequenceProblem))
            {
                formatProblems.Add($"{Capital(row.Where)}: sequence {sequenceProblem} (1 to 50).");
                continue;
            }

            var system = NormalizeSystem(row[systemColumn]!);
            var rawCode = row[codeColumn]!.Trim().ToUpperInvariant();
            if (system == CodeKind.Cpt || CptLike().IsMatch(rawCode))
            {
                formatProblems.Add($"{Capital(row.Where)}: {Excerpt.Quote(rawCode)} is a CPT code or system; this lab uses ICD-10-CM and HCPCS Level II only.");
                continue;
            }

            if (system == CodeKind.Unknown)
            {
                formatProblems.Add($"{Capital(row.Where)}: code_system {Excerpt.Quote(row[systemColumn])} is not ICD-10-CM or HCPCS.");
                continue;
            }

            var target = submitted[caseId];
            if (system == CodeKind.Icd10Cm)
            {
                var code = NormalizeIcd(rawCode);
                if (code is null)
                {
                    formatProblems.Add($"{Capital(row.Where)}: {Excerpt.Quote(rawCode)} is not a well-formed ICD-10-CM code (for example E11.65).");
                    continue;
                }

                if (code[0] is 'V' or 'W' or 'X' or 'Y')
                {
                    continue;
                }

                if (!target.Diagnoses.TryAdd(code, (int)sequence))
                {
                    formatProblems.Add($"{Capital(row.Where)}: {code} is listed twice for {caseId}.");
                }
            }
            else
            {
                if (!HcpcsCode().IsMatch(rawCode))
                {
                    formatProblems.Add($"{Capital(row.Where)}: {Excerpt.Quote(rawCode)} is not a well-formed HCPCS Level II code (a letter and four digits, for example J1885).");
                    continue;
                }

                if (!target.Hcpcs.Add(rawCode))
                {
                    formatProblems.Add($"{Capital(row.Where)}: {rawCode} is listed twice for {caseId}.");
                }
            }
        }

        sheet.Award(Format, formatProblems.Count == 0 ? Format.MaxPoints : 0, formatProblems.Count == 0
            ? "The file reads cleanly."
            : formatProblems.Render("Fix these rows (they were not graded):"));

        GradeCodes(scenario, submitted, sheet);
    }

    private static void GradeCodes(CodingScenario scenario, Dictionary<string, SubmittedCodes> submitted, GradeSheet sheet)
    {
        double dxEarned = 0;
        var dxPossible = 0;
        var dxFeedback = new FeedbackList(10);
        var principalRight = 0;
        var principalFeedback = new FeedbackList(10);
        var hcpcsRight = 0;
        var hcpcsPossible = 0;
        var hcpcsFeedback = new FeedbackList(10);
        var extras = new FeedbackList(10);

        foreach (var c in scenario.Cases)
        {
            var mine = submitted[c.CaseId];
            var unused = new HashSet<string>(mine.Diagnoses.Keys, StringComparer.Ordinal);
            var expected = c.Vignette.Diagnoses;
            dxPossible += expected.Count;
            var missing = new List<string>();
            var inexact = new List<string>();
            foreach (var code in expected)
            {
                if (unused.Remove(code))
                {
                    dxEarned += 1;
                }
                else
                {
                    inexact.Add(code);
                }
            }

            // Category credit only after every exact match is taken, so a right code is never spent on a near miss.
            foreach (var code in inexact)
            {
                var category = code[..3];
                var near = unused.FirstOrDefault(u => u.StartsWith(category, StringComparison.Ordinal));
                if (near is not null)
                {
                    unused.Remove(near);
                    dxEarned += 0.5;
                    dxFeedback.Add($"{c.CaseId}: {near} is in the right category ({category}) but is not the exact code; re-read the note for the detail the code needs (half credit).");
                }
                else
                {
                    missing.Add(category);
                }
            }

            foreach (var category in missing)
            {
                dxFeedback.Add($"{c.CaseId}: a diagnosis in category {category} is missing.");
            }

            foreach (var extra in unused.Order(StringComparer.Ordinal))
            {
                extras.Add($"{c.CaseId}: {extra}{Describe(CodeSystemUris.Icd10Cm, extra)} is not supported by the note as coded.");
            }

            var first = mine.Diagnoses.Count == 0 ? [] : mine.Diagnoses.Where(d => d.Value == mine.Diagnoses.Values.Min()).Select(d => d.Key).ToList();
            if (first.Count == 1 && first[0] == expected[0])
            {
                principalRight++;
            }
            else if (first.Count == 0)
            {
                principalFeedback.Add($"{c.CaseId}: no ICD-10-CM code was submitted.");
            }
            else if (first.Count > 1)
            {
                principalFeedback.Add($"{c.CaseId}: {string.Join(" and ", first)} share the lowest sequence; give the first-listed diagnosis sequence 1 alone.");
            }
            else
            {
                principalFeedback.Add($"{c.CaseId}: you listed {first[0]} first; the first-listed diagnosis for this encounter is in category {expected[0][..3]}.");
            }

            hcpcsPossible += c.Vignette.Hcpcs.Count;
            foreach (var code in c.Vignette.Hcpcs)
            {
                if (mine.Hcpcs.Contains(code))
                {
                    hcpcsRight++;
                }
                else
                {
                    hcpcsFeedback.Add($"{c.CaseId}: a HCPCS Level II code starting with {code[0]} for a service documented in the note is missing.");
                }
            }

            foreach (var extra in mine.Hcpcs.Where(h => !c.Vignette.Hcpcs.Contains(h)).Order(StringComparer.Ordinal))
            {
                extras.Add($"{c.CaseId}: HCPCS {extra}{Describe(CodeSystemUris.Hcpcs, extra)} is not supported by the note.");
            }
        }

        sheet.AwardShare(DiagnosisCodes, dxEarned, dxPossible, dxFeedback.Render(string.Create(CultureInfo.InvariantCulture,
            $"{dxEarned:0.#} of {dxPossible} expected diagnosis codes earned.")));
        sheet.AwardShare(PrincipalFirst, principalRight, scenario.Cases.Count, principalFeedback.Render(string.Create(CultureInfo.InvariantCulture,
            $"First-listed diagnosis right in {principalRight} of {scenario.Cases.Count} encounters.")));
        sheet.AwardShare(HcpcsCodes, hcpcsRight, hcpcsPossible, hcpcsFeedback.Render(string.Create(CultureInfo.InvariantCulture,
            $"{hcpcsRight} of {hcpcsPossible} expected HCPCS Level II codes found.")));
        sheet.Award(NoExtraCodes, NoExtraCodes.MaxPoints - (PointsPerExtraCode * extras.Count), extras.Render(extras.Count == 0
            ? "No unsupported codes."
            : string.Create(CultureInfo.InvariantCulture, $"{extras.Count} code{(extras.Count == 1 ? string.Empty : "s")} matched nothing in the notes ({PointsPerExtraCode} points each):")));
    }

    private static string Describe(string system, string code) =>
        CodeCatalog.TryGet(system, code, out var known) ? $" ({known.Display})" : string.Empty;

    private static string Capital(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>Upper-case ICD-10-CM code with its dot, or null when malformed.</summary>
    internal static string? NormalizeIcd(string raw)
    {
        var code = raw.Trim().ToUpperInvariant();
        if (code.Length > 3 && code[3] != '.')
        {
            code = code[..3] + "." + code[3..];
        }

        return IcdCode().IsMatch(code) ? code : null;
    }

    private static CodeKind NormalizeSystem(string raw)
    {
        var letters = new string(raw.Where(char.IsAsciiLetterOrDigit).ToArray()).ToUpperInvariant();
        return letters switch
        {
            "ICD10CM" or "ICD10" => CodeKind.Icd10Cm,
            "HCPCS" or "HCPCSLEVELII" or "HCPCSII" => CodeKind.Hcpcs,
            "CPT" or "CPT4" or "HCPCSLEVELI" => CodeKind.Cpt,
            _ => CodeKind.Unknown,
        };
    }

    [GeneratedRegex(@"^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$", RegexOptions.CultureInvariant)]
    private static partial Regex IcdCode();

    [GeneratedRegex(@"^[A-V][0-9]{4}$", RegexOptions.CultureInvariant)]
    private static partial Regex HcpcsCode();

    [GeneratedRegex(@"^[0-9]{4}[0-9FTU]$", RegexOptions.CultureInvariant)]
    private static partial Regex CptLike();

    private enum CodeKind
    {
        Unknown,
        Icd10Cm,
        Hcpcs,
        Cpt,
    }

    private sealed class SubmittedCodes
    {
        public Dictionary<string, int> Diagnoses { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Hcpcs { get; } = new(StringComparer.Ordinal);
    }
}
