using System.Text;
using Microcred.Clinical.CodeSystems;
using Microcred.Clinical.Labs;
using Microcred.Clinical.Labs.Coding;

namespace Microcred.Clinical.Tests.Labs.Coding;

public class CodingLabTests
{
    private const long Seed = 2;
    private static readonly CodingLab Lab = new();
    private static readonly LabScenarioRequest Request = new(Seed);

    private static CodingScenario Truth => Lab.Scenario(Request);

    private static string Answer(Func<CodingCase, (IEnumerable<string> Diagnoses, IEnumerable<string> Hcpcs)>? change = null)
    {
        var csv = new StringBuilder("case_id,sequence,code_system,code\r\n");
        foreach (var c in Truth.Cases)
        {
            var (diagnoses, hcpcs) = change?.Invoke(c) ?? (c.Vignette.Diagnoses, c.Vignette.Hcpcs);
            var sequence = 1;
            foreach (var code in diagnoses)
            {
                csv.Append(c.CaseId).Append(',').Append(sequence++).Append(",ICD-10-CM,").Append(code).Append("\r\n");
            }

            sequence = 1;
            foreach (var code in hcpcs)
            {
                csv.Append(c.CaseId).Append(',').Append(sequence++).Append(",HCPCS,").Append(code).Append("\r\n");
            }
        }

        return csv.ToString();
    }

    private static LabGrade Grade(string text) => Lab.Grade(Request, LabSubmission.FromText(text, "codes.csv"));

    [Fact]
    public void Every_vignette_code_is_in_the_bundled_code_systems()
    {
        foreach (var vignette in CodingVignettes.All)
        {
            Assert.All(vignette.Diagnoses, code => Assert.True(CodeCatalog.TryGet(CodeSystemUris.Icd10Cm, code, out _), code));
            Assert.All(vignette.Hcpcs, code => Assert.True(CodeCatalog.TryGet(CodeSystemUris.Hcpcs, code, out _), code));
        }
    }

    [Fact]
    public void Perfect_answer_scores_100()
    {
        LabAssertions.AssertPerfect(Grade(Answer()));
    }

    [Theory]
    [InlineData(Seed)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Model_answer_scores_100(long seed)
    {
        LabAssertions.AssertModelAnswerPerfect(new CodingLab(), new LabScenarioRequest(seed));
    }

    [Fact]
    public void Codes_without_dots_and_lower_case_system_names_are_accepted()
    {
        LabAssertions.AssertPerfect(Grade(Answer().Replace(".", string.Empty, StringComparison.Ordinal).Replace("ICD-10-CM", "icd-10-cm", StringComparison.Ordinal)));
    }

    [Fact]
    public void Typical_coder_mistakes_get_the_hand_computed_score_and_named_feedback()
    {
        var keys = Truth.Cases.Select(c => c.Vignette.Key).ToHashSet();
        Assert.Contains("htn-ckd", keys);
        Assert.Contains("dm-hyperglycemia", keys);
        Assert.Contains("strep-pharyngitis", keys);
        var dxPossible = Truth.Cases.Sum(c => c.Vignette.Diagnoses.Count);
        var hcpcsPossible = Truth.Cases.Sum(c => c.Vignette.Hcpcs.Count);
        Assert.Equal(17, dxPossible);
        Assert.Equal(4, hcpcsPossible);

        var grade = Grade(Answer(c => c.Vignette.Key switch
        {
            "htn-ckd" => (["I10", "N18.31"], []),
            "dm-hyperglycemia" => (["E11.9", "Z79.4"], []),
            "strep-pharyngitis" => (["J02.0"], []),
            _ => (c.Vignette.Diagnoses, c.Vignette.Hcpcs),
        }));

        // Diagnoses: 17 expected; I12.9 missing (0) and E11.9 for E11.65 (½): 15.5/17 × 55 = 50.1 → 50.
        // First-listed: I10 and E11.9 are wrong first: 8/10 × 15 = 12. HCPCS: 3/4 × 15 = 11.25 → 11.
        // Unsupported: I10 matches nothing: 10 − 2 = 8. Format 5. Total 86.
        Assert.Equal(5, grade.Criterion("format").Points);
        Assert.Equal(50, grade.Criterion("diagnosis-codes").Points);
        Assert.Equal(12, grade.Criterion("principal-first").Points);
        Assert.Equal(11, grade.Criterion("hcpcs-codes").Points);
        Assert.Equal(8, grade.Criterion("no-extra-codes").Points);
        Assert.Equal(86, grade.Score);
        Assert.True(grade.Passed);
        var ckd = Truth.Cases.Single(c => c.Vignette.Key == "htn-ckd").CaseId;
        var dm = Truth.Cases.Single(c => c.Vignette.Key == "dm-hyperglycemia").CaseId;
        var strep = Truth.Cases.Single(c => c.Vignette.Key == "strep-pharyngitis").CaseId;
        Assert.Contains($"{ckd}: a diagnosis in category I12 is missing", grade.Criterion("diagnosis-codes").Feedback, StringComparison.Ordinal);
        Assert.Contains($"{dm}: E11.9 is in the right category (E11)", grade.Criterion("diagnosis-codes").Feedback, StringComparison.Ordinal);
        Assert.Contains($"{ckd}: you listed I10 first", grade.Criterion("principal-first").Feedback, StringComparison.Ordinal);
        Assert.Contains($"{strep}: a HCPCS Level II code starting with J", grade.Criterion("hcpcs-codes").Feedback, StringComparison.Ordinal);
        Assert.Contains($"{ckd}: I10 (Essential (primary) hypertension) is not supported", grade.Criterion("no-extra-codes").Feedback, StringComparison.Ordinal);
        Assert.DoesNotContain("I12.9", LabAssertions.Describe(grade), StringComparison.Ordinal);
    }

    [Fact]
    public void Cpt_codes_unknown_cases_and_malformed_codes_lose_the_format_points_and_are_named()
    {
        var text = Answer() + "C01,1,CPT,99213\r\nC99,1,ICD-10-CM,I10\r\nC02,9,ICD-10-CM,E11\u00A7\r\nC02,x,HCPCS,J0696\r\n";

        var grade = Grade(text);

        var feedback = grade.Criterion("format").Feedback;
        Assert.Equal(0, grade.Criterion("format").Points);
        Assert.Contains("\"99213\" is a CPT code", feedback, StringComparison.Ordinal);
        Assert.Contains("unknown case_id \"C99\"", feedback, StringComparison.Ordinal);
        Assert.Contains("is not a well-formed ICD-10-CM code", feedback, StringComparison.Ordinal);
        Assert.Contains("sequence \"x\" is not a whole number", feedback, StringComparison.Ordinal);
        Assert.Equal(95, grade.Score);
    }

    [Fact]
    public void External_cause_codes_are_ignored()
    {
        var grade = Grade(Answer() + "C01,9,ICD-10-CM,Y93.67\r\n");

        LabAssertions.AssertPerfect(grade);
    }

    [Fact]
    public void Formula_cell_is_rejected_and_its_row_not_graded()
    {
        var grade = Grade(Answer() + "C01,3,ICD-10-CM,\"=HYPERLINK(\"\"http://x.test\"\")\"\r\n");

        Assert.Equal(0, grade.Criterion("format").Points);
        Assert.Contains("formula", grade.Criterion("format").Feedback, StringComparison.Ordinal);
        Assert.Equal(95, grade.Score);
    }

    [Theory]
    [InlineData("", "The submission is empty")]
    [InlineData("{\"C01\": [\"I10\"]}", "but this lab expects CSV")]
    [InlineData("case,code\nC01,I10\n", "Unexpected column \"case\"")]
    [InlineData("case_id,sequence,code\nC01,1,I10\n", "missing the column \"code_system\"")]
    public void Unreadable_submissions_are_not_graded_and_say_why(string text, string expected)
    {
        LabAssertions.AssertNotGraded(Grade(text), expected);
    }

    [Fact]
    public void Same_seed_gives_identical_scenario_files_and_another_seed_differs()
    {
        var a = Lab.CreateScenario(new LabScenarioRequest(11)).Files;
        var b = new CodingLab().CreateScenario(new LabScenarioRequest(11)).Files;
        var c = new CodingLab().CreateScenario(new LabScenarioRequest(12)).Files;

        Assert.Equal(a.Select(f => (f.Path, f.Content)), b.Select(f => (f.Path, f.Content)));
        Assert.NotEqual(a.Single(f => f.Path == "encounters.md").Content, c.Single(f => f.Path == "encounters.md").Content);
    }
}
