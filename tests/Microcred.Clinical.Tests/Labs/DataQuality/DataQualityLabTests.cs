using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microcred.Clinical.Labs;
using Microcred.Clinical.Labs.DataQuality;

namespace Microcred.Clinical.Tests.Labs.DataQuality;

public class DataQualityLabTests
{
    private static readonly DataQualityLab Lab = new();
    private static readonly LabScenarioRequest Request = new(4) { Parameters = new Dictionary<string, int> { ["patients"] = 300 } };

    private static DataQualityScenario Truth => Lab.Scenario(Request);

    private static LabGrade Grade(string text) => Lab.Grade(Request, LabSubmission.FromText(text, "findings.csv"));

    private static string Findings(IEnumerable<(string RowId, string Column, string Type)> findings)
    {
        var csv = new StringBuilder("row_id,column,defect_type\r\n");
        foreach (var (row, column, type) in findings)
        {
            csv.Append(row).Append(',').Append(column).Append(',').Append(type).Append("\r\n");
        }

        return csv.ToString();
    }

    private static IEnumerable<(string, string, string)> Perfect() => Truth.Defects.Select(d => (d.RowId, d.Column, d.Type.Key()));

    [Fact]
    public void An_independent_audit_of_the_written_files_finds_exactly_the_planted_defects()
    {
        var files = Lab.CreateScenario(Request).Files.ToDictionary(f => f.Path, f => Parse(f.Content));

        var found = ReferenceAudit(files["patients.csv"], files["encounters.csv"], files["vitals.csv"]);

        var planted = Truth.Defects.Select(d => (d.RowId, d.Column, d.Type.Key())).ToHashSet();
        Assert.Equal(18, planted.Count - DataQualityPlanner.DefectsPerType(300));
        Assert.True(!found.Except(planted).Any(), string.Join("; ", found.Except(planted)));
        Assert.True(!planted.Except(found).Any(), string.Join("; ", planted.Except(found)));
    }

    [Fact]
    public void Perfect_findings_score_100()
    {
        LabAssertions.AssertPerfect(Grade(Findings(Perfect())));
    }

    [Theory]
    [InlineData(4, 300)]
    [InlineData(1, 100)]
    [InlineData(2, 2_000)]
    public void Model_answer_scores_100(long seed, int patients)
    {
        LabAssertions.AssertModelAnswerPerfect(new DataQualityLab(), new LabScenarioRequest(seed) { Parameters = new Dictionary<string, int> { ["patients"] = patients } });
    }

    [Fact]
    public void Extract_streamed_to_disk_is_the_same_text_as_its_content()
    {
        var scenario = Lab.CreateScenario(Request);
        var directory = Directory.CreateTempSubdirectory("microcred-dq-").FullName;
        try
        {
            scenario.WriteTo(directory);

            foreach (var path in new[] { "patients.csv", "encounters.csv", "vitals.csv" })
            {
                var file = scenario.Files.Single(f => f.Path == path);
                Assert.NotNull(file.Source);
                Assert.Equal(file.Content, File.ReadAllText(Path.Combine(directory, path)));
            }

            Assert.Equal(300 + 1, File.ReadAllLines(Path.Combine(directory, "patients.csv")).Length);
            Assert.StartsWith("# Lab 3", File.ReadAllText(Path.Combine(directory, "README.md")), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Missed_wrong_type_and_false_findings_get_the_hand_computed_score()
    {
        var defects = Truth.Defects;
        var missedOutOfRange = defects.First(d => d.Type == DefectType.OutOfRange);
        var retyped = defects.First(d => d.Type == DefectType.UnitMismatch);
        var findings = Perfect()
            .Where(f => f.Item1 != missedOutOfRange.RowId || f.Item2 != missedOutOfRange.Column)
            .Select(f => f.Item1 == retyped.RowId && f.Item2 == retyped.Column ? (f.Item1, f.Item2, "out_of_range") : f)
            .Append(("p0000001", "sex", "missing_value"))
            .ToList();

        var grade = Grade(Findings(findings));

        // 3 planted per type. out_of_range: 2 TP, 1 FP (the retyped unit mismatch), 1 FN: 15 × 4/6 = 10.
        // unit_mismatch: 2 TP, 0 FP, 1 FN: 15 × 4/5 = 12. missing_value: 3 TP, 1 FP: 15 × 6/7 = 12.85 → 12.
        // Others 15 each (3 × 15 = 45), format 10: 10 + 45 + 10 + 12 + 12 = 89.
        Assert.Equal(10, grade.Criterion("out_of_range").Points);
        Assert.Equal(12, grade.Criterion("unit_mismatch").Points);
        Assert.Equal(12, grade.Criterion("missing_value").Points);
        Assert.Equal(89, grade.Score);
        Assert.Contains($"missed: {missedOutOfRange.RowId}, {missedOutOfRange.Column}", grade.Criterion("out_of_range").Feedback, StringComparison.Ordinal);
        Assert.Contains($"not a out_of_range: \"{retyped.RowId}\", {retyped.Column} — there is a defect here, but of another type", grade.Criterion("out_of_range").Feedback, StringComparison.Ordinal);
        Assert.Contains("not a missing_value: \"p0000001\", sex", grade.Criterion("missing_value").Feedback, StringComparison.Ordinal);
        Assert.Contains("2 of 3 found (recall 67%)", grade.Criterion("unit_mismatch").Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_columns_types_and_repeats_cost_the_format_points()
    {
        var text = Findings(Perfect().Append(("p1", "shoe_size", "out_of_range")).Append(("p1", "mrn", "typo")).Append(Perfect().First()));

        var grade = Grade(text);

        var feedback = grade.Criterion("format").Feedback;
        Assert.Equal(0, grade.Criterion("format").Points);
        Assert.Contains("\"shoe_size\" is not a column of the extract", feedback, StringComparison.Ordinal);
        Assert.Contains("defect_type \"typo\" is not one of", feedback, StringComparison.Ordinal);
        Assert.Contains("the same finding is listed twice", feedback, StringComparison.Ordinal);
        Assert.Equal(90, grade.Score);
    }

    [Theory]
    [InlineData("", "The submission is empty")]
    [InlineData("row_id;column;defect_type\n", "semicolon")]
    [InlineData("%PDF-1.7", "PDF")]
    public void Unreadable_submissions_are_not_graded(string text, string expected)
    {
        LabAssertions.AssertNotGraded(Grade(text), expected);
    }

    [Fact]
    public void Formula_cells_are_rejected_and_never_credited()
    {
        var first = Truth.Defects[0];
        var text = Findings(Perfect().Skip(1)) + $"{first.RowId},{first.Column},\"@SUM(1+1)\"\r\n";

        var grade = Grade(text);

        Assert.Contains("formula", grade.Criterion("format").Feedback, StringComparison.Ordinal);
        Assert.True(grade.Criterion(first.Type.Key()).Points < 15);
    }

    [Fact]
    public void Same_seed_gives_identical_extract_files()
    {
        var small = new LabScenarioRequest(6) { Parameters = new Dictionary<string, int> { ["patients"] = 120 } };

        var a = Lab.CreateScenario(small).Files;
        var b = new DataQualityLab().CreateScenario(small).Files;

        Assert.Equal(a.Select(f => (f.Path, f.Content)), b.Select(f => (f.Path, f.Content)));
    }

    [Fact]
    public void Grading_a_100000_patient_scenario_is_fast_once_its_truth_is_built()
    {
        var large = new LabScenarioRequest(10) { Parameters = new Dictionary<string, int> { ["patients"] = 100_000 } };
        var lab = new DataQualityLab();
        var build = Stopwatch.StartNew();
        var truth = lab.Scenario(large);
        build.Stop();
        var text = Findings(truth.Defects.Select(d => (d.RowId, d.Column, d.Type.Key())));
        lab.Grade(large, LabSubmission.FromText(text));

        var grading = Stopwatch.StartNew();
        var grade = lab.Grade(large, LabSubmission.FromText(text));
        grading.Stop();

        Assert.Equal(100, grade.Score);
        Assert.Equal(1400, truth.Defects.Count);
        Console.WriteLine($"Data-quality audit, 100,000 patients: truth built in {build.ElapsedMilliseconds} ms, graded 1,400 findings in {grading.ElapsedMilliseconds} ms.");
        Assert.True(grading.ElapsedMilliseconds < 5_000, $"Grading took {grading.ElapsedMilliseconds} ms.");
    }

    private static List<Dictionary<string, string>> Parse(string csv)
    {
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        return lines.Skip(1).Select(l => l.Split(',')).Select(cells => header.Select((h, i) => (h, cells[i])).ToDictionary(x => x.h, x => x.Item2)).ToList();
    }

    /// <summary>The task statement's rules, written independently of the planner.</summary>
    private static HashSet<(string, string, string)> ReferenceAudit(List<Dictionary<string, string>> patients, List<Dictionary<string, string>> encounters, List<Dictionary<string, string>> vitals)
    {
        var found = new HashSet<(string, string, string)>();
        var extract = new DateTime(2025, 12, 31, 23, 59, 0);
        foreach (var group in patients.Where(p => p["mrn"].Length > 0).GroupBy(p => p["mrn"]).Where(g => g.Count() > 1))
        {
            foreach (var p in group)
            {
                found.Add((p["patient_id"], "mrn", "duplicate_mrn"));
            }
        }

        foreach (var p in patients)
        {
            foreach (var column in new[] { "mrn", "sex", "birth_date" }.Where(c => p[c].Length == 0))
            {
                found.Add((p["patient_id"], column, "missing_value"));
            }
        }

        var births = patients.Where(p => p["birth_date"].Length > 0).ToDictionary(p => p["patient_id"], p => DateTime.Parse(p["birth_date"], CultureInfo.InvariantCulture));
        foreach (var e in encounters)
        {
            var id = e["encounter_id"];
            foreach (var column in new[] { "patient_id", "class", "start", "end" }.Where(c => e[c].Length == 0))
            {
                found.Add((id, column, "missing_value"));
            }

            var start = DateTime.Parse(e["start"], CultureInfo.InvariantCulture);
            var end = DateTime.Parse(e["end"], CultureInfo.InvariantCulture);
            if ((births.TryGetValue(e["patient_id"], out var birth) && start.Date < birth) || start > extract)
            {
                found.Add((id, "start", "impossible_date"));
            }
            else if (end < start)
            {
                found.Add((id, "end", "impossible_date"));
            }

            if (e["diagnosis_code"].Length > 0 && !Regex.IsMatch(e["diagnosis_code"], @"^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$"))
            {
                found.Add((id, "diagnosis_code", "invalid_code"));
            }
        }

        var ranges = new Dictionary<string, (double Min, double Max)>
        {
            ["systolic"] = (50, 260), ["diastolic"] = (25, 160), ["heart_rate"] = (25, 250), ["resp_rate"] = (4, 70), ["spo2"] = (50, 100),
            ["weight_kg"] = (0.3, 350), ["height_cm"] = (30, 250), ["bmi"] = (8, 100),
        };
        foreach (var v in vitals)
        {
            var id = v["vitals_id"];
            foreach (var column in new[] { "encounter_id", "measured_at" }.Where(c => v[c].Length == 0))
            {
                found.Add((id, column, "missing_value"));
            }

            foreach (var (column, (min, max)) in ranges.Where(r => v[r.Key].Length > 0))
            {
                var value = double.Parse(v[column], CultureInfo.InvariantCulture);
                if (value < min || value > max)
                {
                    found.Add((id, column, "out_of_range"));
                }
            }

            if (v["temp_c"].Length > 0 && double.Parse(v["temp_c"], CultureInfo.InvariantCulture) is >= 93 and <= 108)
            {
                found.Add((id, "temp_c", "unit_mismatch"));
            }

            if (v["weight_kg"].Length > 0 && v["height_cm"].Length > 0 && v["bmi"].Length > 0)
            {
                var meters = double.Parse(v["height_cm"], CultureInfo.InvariantCulture) / 100;
                var computed = double.Parse(v["weight_kg"], CultureInfo.InvariantCulture) / (meters * meters);
                if (Math.Abs(computed - double.Parse(v["bmi"], CultureInfo.InvariantCulture)) > 0.1 * double.Parse(v["bmi"], CultureInfo.InvariantCulture))
                {
                    found.Add((id, "weight_kg", "unit_mismatch"));
                }
            }
        }

        return found;
    }
}
