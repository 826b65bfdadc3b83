using System.Diagnostics;
using System.Text;
using Microcred.Clinical.Labs;
using Microcred.Clinical.Labs.Deidentification;

namespace Microcred.Clinical.Tests.Labs.Deidentification;

public class DeidentificationLabTests
{
    private static readonly DeidentificationLab Lab = new();
    private static readonly LabScenarioRequest Request = new(5);

    private static DeidentificationScenario Truth => Lab.Scenario(Request);

    /// <summary>The scenario de-identified by the rules in the task statement; <paramref name="change"/> may alter a cell.</summary>
    private static string Deidentified(Func<DeidRow, string, string, string>? change = null, IReadOnlyCollection<string>? drop = null)
    {
        var columns = DeidentificationScenario.Columns.Where(c => drop is null || !drop.Contains(c.Name)).ToList();
        var csv = new StringBuilder(string.Join(',', columns.Select(c => c.Name))).Append('\n');
        foreach (var row in Truth.Rows)
        {
            var cells = columns.Select(c =>
            {
                var original = row.Values[c.Name];
                var value = c.Kind switch
                {
                    DeidColumnKind.Identifier => string.Empty,
                    DeidColumnKind.Zip => row.Zip3Expected,
                    DeidColumnKind.Age => row.NinetyOrOlder ? "90+" : original,
                    DeidColumnKind.BirthDate => row.NinetyOrOlder ? string.Empty : original[..4],
                    DeidColumnKind.EventDate => original.Length == 0 ? string.Empty : original[..4],
                    DeidColumnKind.FreeText => $"[NAME] was admitted on [DATE]. Assessment: {row.DiagnosisDescription}.",
                    _ => original,
                };
                value = change?.Invoke(row, c.Name, value) ?? value;
                return "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
            });
            csv.Append(string.Join(',', cells)).Append('\n');
        }

        return csv.ToString();
    }

    private static LabGrade Grade(string text) => Lab.Grade(Request, LabSubmission.FromText(text, "deidentified.csv"));

    private static int Planted(params SafeHarborCategory[] categories) => Truth.Rows.Sum(r => categories.Sum(c => r.Planted.GetValueOrDefault(c)));

    [Fact]
    public void Scenario_has_every_kind_of_identifier_case()
    {
        Assert.Equal(50, Truth.Rows.Count);
        Assert.Contains(Truth.Rows, r => r.NinetyOrOlder);
        Assert.Contains(Truth.Rows, r => r.Zip3Expected == "000");
        Assert.Contains(Truth.Rows, r => r.Zip3Expected != "000");
        Assert.All(Truth.Rows, r => Assert.StartsWith("9", r.Values["ssn"].Length == 0 ? "9" : r.Values["ssn"], StringComparison.Ordinal));
        Assert.All(Truth.Rows, r => Assert.Matches(@"^\d{3}-555-01\d{2}$", r.Values["phone"]));
        Assert.All(Enum.GetValues<SafeHarborCategory>(), c => Assert.True(Planted(c) > 0, c.ToString()));
    }

    [Fact]
    public void Correct_deidentification_scores_100()
    {
        LabAssertions.AssertPerfect(Grade(Deidentified()));
    }

    [Theory]
    [InlineData(5, 50)]
    [InlineData(1, 300)]
    [InlineData(2, 300)]
    [InlineData(3, 300)]
    public void Model_answer_scores_100(long seed, int patients)
    {
        LabAssertions.AssertModelAnswerPerfect(new DeidentificationLab(), new LabScenarioRequest(seed) { Parameters = new Dictionary<string, int> { ["patients"] = patients } });
    }

    [Fact]
    public void Model_answer_keeps_the_clinical_sentences_of_the_notes()
    {
        var answer = Lab.CreateModelAnswer(Request).Content;

        var first = Truth.Rows[0];
        Assert.Contains($"Assessment: {first.DiagnosisDescription}. BP ", answer, StringComparison.Ordinal);
        Assert.Contains("[NAME] (MRN [MRN]) was admitted on [DATE].", answer, StringComparison.Ordinal);
        Assert.DoesNotContain(first.Values["mrn"], answer, StringComparison.Ordinal);
    }

    [Fact]
    public void Redaction_replaces_each_identifier_with_its_category()
    {
        KnownIdentifier[] known = [new(SafeHarborCategory.Name, "Ada", true)];

        var redacted = IdentifierScanner.Redact("Call Ada at 603-555-0142 on March 14, 2025 in Keene. BP 142/88.", known, ["Keene"]);

        Assert.Equal("Call [NAME] at [PHONE] on [DATE] in [LOCATION]. BP 142/88.", redacted);
    }

    [Fact]
    public void Worst_case_for_the_benchmark_is_the_table_unchanged()
    {
        var worst = Lab.CreateWorstCase(Request);

        Assert.Equal(Lab.CreateScenario(Request).Files.Single(f => f.Path == "patients.csv").Content, LabSubmissionText(worst));
        Assert.Equal(20, Lab.Grade(Request, worst).Score);
    }

    private static string LabSubmissionText(LabSubmission submission) => Encoding.UTF8.GetString(submission.Content.Span);

    [Fact]
    public void Dropping_identifier_columns_and_using_placeholders_also_scores_100()
    {
        var identifiers = DeidentificationScenario.Columns.Where(c => c.Kind == DeidColumnKind.Identifier).Select(c => c.Name).ToList();

        LabAssertions.AssertPerfect(Grade(Deidentified(drop: identifiers.Where(n => n != "mrn").ToList(), change: (_, column, value) => column == "mrn" ? "[REDACTED]" : value)));
    }

    [Fact]
    public void Unchanged_table_keeps_only_format_and_clinical_points()
    {
        var original = Lab.CreateScenario(Request).Files.Single(f => f.Path == "patients.csv").Content;

        var grade = Grade(original);

        Assert.Equal(20, grade.Score);
        Assert.Contains("row 1 (row_id 1), first_name, name: \"", grade.Criterion("names").Feedback, StringComparison.Ordinal);
        Assert.Contains("notes, date element or age over 89", grade.Criterion("dates-ages").Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void Kept_phones_wrong_age_and_a_dropped_clinical_column_get_the_hand_computed_score()
    {
        var old = Truth.Rows.First(r => r.NinetyOrOlder);
        var text = Deidentified(
            (row, column, value) => column switch
            {
                "phone" => row.Values["phone"],
                "age" when row == old => row.Values["age"],
                _ => value,
            },
            drop: ["hba1c"]);
        var contact = Planted(SafeHarborCategory.Telephone, SafeHarborCategory.Fax, SafeHarborCategory.Email);
        var dates = Planted(SafeHarborCategory.Date);
        var keptChecks = Truth.Rows.Sum(r => 8 + 1 + 1 + (r.Zip3Expected == "000" ? 0 : 1) + (r.NinetyOrOlder ? 0 : 2) + (r.Values["death_date"].Length > 0 ? 3 : 2));
        Assert.Equal((194, 234, 735), (contact, dates, keptChecks));

        var grade = Grade(text);

        // Contact: 50 phones left of 194 planted: 10 × 144/194 = 7.42 → 7.
        // Dates: one age over 89 left of 234: 13 × 233/234 = 12.94 → 12.
        // Kept: hba1c dropped in 50 rows of 735 checks: 15 × 685/735 = 13.98 → 13.  Total 100 − 3 − 1 − 2 = 94.
        Assert.Equal(7, grade.Criterion("contact").Points);
        Assert.Equal(12, grade.Criterion("dates-ages").Points);
        Assert.Equal(13, grade.Criterion("clinical-data-kept").Points);
        Assert.Equal(94, grade.Score);
        Assert.Contains("row 1 (row_id 1), phone, telephone number: \"", grade.Criterion("contact").Feedback, StringComparison.Ordinal);
        Assert.DoesNotContain(Truth.Rows[0].Values["phone"], grade.Criterion("contact").Feedback, StringComparison.Ordinal);
        Assert.Contains($"(row_id {old.RowId}), age, date element or age over 89", grade.Criterion("dates-ages").Feedback, StringComparison.Ordinal);
        Assert.Contains("ages over 89 must read 90+", grade.Criterion("dates-ages").Feedback, StringComparison.Ordinal);
        Assert.Contains("column hba1c was dropped", grade.Criterion("clinical-data-kept").Feedback, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Call 603-555-0142 tomorrow", (int)SafeHarborCategory.Telephone)]
    [InlineData("Call (603) 555-0142", (int)SafeHarborCategory.Telephone)]
    [InlineData("mail x.y@example.org", (int)SafeHarborCategory.Email)]
    [InlineData("SSN 912-34-5678", (int)SafeHarborCategory.SocialSecurityNumber)]
    [InlineData("MRN SYN-00412345", (int)SafeHarborCategory.MedicalRecordNumber)]
    [InlineData("seen 3/14/2025", (int)SafeHarborCategory.Date)]
    [InlineData("seen 2025-03-14", (int)SafeHarborCategory.Date)]
    [InlineData("seen on March 14, 2025", (int)SafeHarborCategory.Date)]
    [InlineData("seen 14 Mar 2025", (int)SafeHarborCategory.Date)]
    [InlineData("a 93-year-old man", (int)SafeHarborCategory.Date)]
    [InlineData("aged 95", (int)SafeHarborCategory.Date)]
    [InlineData("see https://portal.example.org/x", (int)SafeHarborCategory.Url)]
    [InlineData("from 198.51.100.23", (int)SafeHarborCategory.IpAddress)]
    [InlineData("lives at 12 Birch Road", (int)SafeHarborCategory.Geography)]
    [InlineData("Keene, NH 03431", (int)SafeHarborCategory.Geography)]
    [InlineData("image photo_a_b_1234.jpg", (int)SafeHarborCategory.Photograph)]
    [InlineData("template FP-0A1B2C3D4E", (int)SafeHarborCategory.Biometric)]
    public void Free_text_patterns_find_identifiers(string text, int category)
    {
        var expected = (SafeHarborCategory)category;
        var findings = IdentifierScanner.Scan(text, [], ["Keene"]);

        Assert.Contains(findings, f => f.Category == expected);
    }

    [Theory]
    [InlineData("BP 142/88, HbA1c 7.2 %")]
    [InlineData("Assessment: Type 2 diabetes mellitus without complications. Admitted 2025.")]
    [InlineData("Chronic kidney disease, stage 3a")]
    public void Clinical_text_is_not_mistaken_for_identifiers(string text)
    {
        Assert.Empty(IdentifierScanner.Scan(text, [], ["Keene"]));
    }

    [Fact]
    public void Identifier_search_finds_every_occurrence_in_list_order_ignoring_case()
    {
        var search = new IdentifierSearch(
        [
            new(SafeHarborCategory.Name, "Ada Lee", true),
            new(SafeHarborCategory.Name, "Ada", true),
            new(SafeHarborCategory.MedicalRecordNumber, "SYN-0042", false),
            new(SafeHarborCategory.Name, "", true),
        ]);

        var found = search.Occurrences("ada lee (syn-0042); Ada, not Adam or Canada. SYN-00421 ADA LEE");

        Assert.Equal(
            [("Ada Lee", 0), ("Ada Lee", 55), ("Ada", 0), ("Ada", 20), ("Ada", 55), ("SYN-0042", 9), ("SYN-0042", 45)],
            found.Select(f => (f.Identifier.Text, f.At)));
    }

    [Fact]
    public void A_stretch_claimed_by_a_longer_known_identifier_is_reported_once()
    {
        KnownIdentifier[] known = [new(SafeHarborCategory.Name, "Ada Lee", true), new(SafeHarborCategory.Name, "Lee", true)];

        var findings = IdentifierScanner.Scan("Ada Lee saw Dr Lee in Keene and keene.", known, ["Keene"]);

        Assert.Equal(
            [(SafeHarborCategory.Name, "Ada Lee"), (SafeHarborCategory.Name, "Lee"), (SafeHarborCategory.Geography, "Keene"), (SafeHarborCategory.Geography, "keene")],
            findings.Select(f => (f.Category, f.Match)));
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("   ", true)]
    [InlineData("[NAME]", true)]
    [InlineData(" [REDACTED] ", true)]
    [InlineData("redacted", true)]
    [InlineData("Removed", true)]
    [InlineData("****", true)]
    [InlineData("xxXX", true)]
    [InlineData("[", false)]
    [InlineData("X*", false)]
    [InlineData("Xavier", false)]
    [InlineData("SYN-0042", false)]
    [InlineData("[a placeholder far too long to be one, over forty characters]", false)]
    public void Removed_cells_are_empty_or_placeholders(string value, bool removed)
    {
        Assert.Equal(removed, DeidentificationLab.IsRemoved(value));
    }

    [Fact]
    public void Names_match_as_whole_words_only()
    {
        KnownIdentifier[] known = [new(SafeHarborCategory.Name, "Ada", true)];

        Assert.Single(IdentifierScanner.Scan("Ada was seen", known, []));
        Assert.Empty(IdentifierScanner.Scan("Adam was seen; Canada", known, []));
    }

    [Fact]
    public void Formula_in_an_identifier_cell_counts_as_a_residual()
    {
        var text = Deidentified((row, column, value) => column == "ssn" && row.RowId == "2" ? "=HYPERLINK(\"x\")" : value);

        var grade = Grade(text);

        Assert.Contains("row_id 2), ssn, social security number", grade.Criterion("record-numbers").Feedback, StringComparison.Ordinal);
        Assert.Contains("rejected as unsafe", grade.Criterion("record-numbers").Feedback, StringComparison.Ordinal);
        Assert.Equal(0, grade.Criterion("format").Points);
        Assert.Contains("formula", grade.Criterion("format").Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_unknown_and_duplicate_rows_are_named()
    {
        var lines = Deidentified().Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        lines.RemoveAt(3);
        lines.Add(lines[1]);
        lines.Add(lines[1].Replace("\"1\",", "\"999\",", StringComparison.Ordinal));

        var grade = Grade(string.Join('\n', lines));

        var feedback = grade.Criterion("format").Feedback;
        Assert.Contains("row_id 3 is missing", feedback, StringComparison.Ordinal);
        Assert.Contains("row_id 1 appears again", feedback, StringComparison.Ordinal);
        Assert.Contains("row_id \"999\" is not in the scenario", feedback, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "The submission is empty")]
    [InlineData("first_name,city\nAda,Keene\n", "missing the column \"row_id\"")]
    [InlineData("[{\"row_id\":1}]", "but this lab expects CSV")]
    public void Unreadable_submissions_are_not_graded(string text, string expected)
    {
        LabAssertions.AssertNotGraded(Grade(text), expected);
    }

    [Fact]
    public void Scenario_is_deterministic_and_sized_by_its_parameter()
    {
        var request = new LabScenarioRequest(8) { Parameters = new Dictionary<string, int> { ["patients"] = 12 } };

        var a = Lab.CreateScenario(request).Files;
        var b = new DeidentificationLab().CreateScenario(request).Files;

        Assert.Equal(a.Select(f => (f.Path, f.Content)), b.Select(f => (f.Path, f.Content)));
        Assert.Equal(13, a.Single(f => f.Path == "patients.csv").Content.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Throws<ArgumentException>(() => Lab.CreateScenario(new LabScenarioRequest(8) { Parameters = new Dictionary<string, int> { ["patients"] = 5000 } }));
    }

    [Fact]
    public void Grading_the_largest_table_stays_fast()
    {
        var request = new LabScenarioRequest(9) { Parameters = new Dictionary<string, int> { ["patients"] = 2000 } };
        var original = Lab.CreateScenario(request).Files.Single(f => f.Path == "patients.csv").Content;
        Lab.Grade(request, LabSubmission.FromText(original));

        var watch = Stopwatch.StartNew();
        var grade = Lab.Grade(request, LabSubmission.FromText(original));
        watch.Stop();

        Assert.Equal(20, grade.Score);
        // A guard against quadratic work, not a benchmark: the machine is shared, so the bound is loose.
        Assert.True(watch.ElapsedMilliseconds < 10_000, $"Grading took {watch.ElapsedMilliseconds} ms.");
        Console.WriteLine($"De-identification: graded 2,000 unchanged rows in {watch.ElapsedMilliseconds} ms.");
    }
}
