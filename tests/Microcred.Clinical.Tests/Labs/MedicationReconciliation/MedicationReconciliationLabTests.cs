using System.Text;
using System.Text.Json;
using Microcred.Clinical.Labs;
using Microcred.Clinical.Labs.MedicationReconciliation;

namespace Microcred.Clinical.Tests.Labs.MedicationReconciliation;

public class MedicationReconciliationLabTests
{
    private static readonly MedicationReconciliationLab Lab = new();
    private static readonly LabScenarioRequest Request = new(3);

    private static MedicationReconciliationScenario Truth => Lab.Scenario(Request);

    private static string Csv(IEnumerable<ReconciliationDecision> decisions, IEnumerable<(string A, string B)> duplicates)
    {
        var flags = duplicates.ToLookup(d => d.A, d => d.B);
        var csv = new StringBuilder("home_id,discharge_id,action,duplicate_of\n");
        foreach (var d in decisions)
        {
            var dup = d.DischargeId is null ? string.Empty : string.Join(';', flags[d.DischargeId]);
            csv.Append(d.HomeId).Append(',').Append(d.DischargeId).Append(',').Append(d.Action.ToString().ToLowerInvariant()).Append(',').Append(dup).Append('\n');
        }

        return csv.ToString();
    }

    private static string PerfectCsv() => Csv(Truth.Decisions, Truth.Duplicates.Select(d => (d.First, d.Second)));

    private static LabGrade Grade(string text) => Lab.Grade(Request, LabSubmission.FromText(text));

    [Fact]
    public void Scenario_plants_every_kind_of_case()
    {
        var actions = Truth.Decisions.Select(d => d.Action).ToHashSet();

        Assert.Equal(Enum.GetValues<ReconciliationAction>().ToHashSet(), actions);
        Assert.Equal(2, Truth.Duplicates.Count);
        Assert.Contains(Truth.Duplicates, d => d.Kind.Contains("same ingredient", StringComparison.Ordinal));
        Assert.Contains(Truth.Duplicates, d => d.Kind.Contains("same therapeutic class", StringComparison.Ordinal));
        Assert.Equal(Truth.Home.Count + Truth.Discharge.Count, Truth.Decisions.Sum(d => (d.HomeId is null ? 0 : 1) + (d.DischargeId is null ? 0 : 1)));
    }

    [Fact]
    public void Perfect_csv_answer_scores_100()
    {
        LabAssertions.AssertPerfect(Grade(PerfectCsv()));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(5)]
    public void Model_answer_scores_100(long seed)
    {
        LabAssertions.AssertModelAnswerPerfect(new MedicationReconciliationLab(), new LabScenarioRequest(seed));
    }

    [Fact]
    public void Perfect_json_answer_scores_100()
    {
        var flags = Truth.Duplicates.ToDictionary(d => d.First, d => d.Second);
        var json = JsonSerializer.Serialize(new
        {
            medications = Truth.Decisions.Select(d => new
            {
                homeId = d.HomeId,
                dischargeId = d.DischargeId,
                action = d.Action.ToString().ToLowerInvariant(),
                duplicateOf = d.DischargeId is not null && flags.TryGetValue(d.DischargeId, out var other) ? other : null,
            }),
        });

        LabAssertions.AssertPerfect(Grade(json));
    }

    [Fact]
    public void Wrong_action_missed_duplicate_and_false_duplicate_get_the_hand_computed_score()
    {
        var change = Truth.Decisions.First(d => d.Action == ReconciliationAction.Change);
        var decisions = Truth.Decisions.Select(d => d == change ? d with { Action = ReconciliationAction.Continue } : d).ToList();
        var continuing = Truth.Decisions.Where(d => d.Action == ReconciliationAction.Continue && !Truth.Duplicates.Any(p => p.First == d.DischargeId)).Take(2).ToList();
        var falsePair = (continuing[0].DischargeId!, continuing[1].DischargeId!);
        var keptPair = (Truth.Duplicates[0].First, Truth.Duplicates[0].Second);
        Assert.Equal(11, Truth.Decisions.Count);

        var grade = Grade(Csv(decisions, [keptPair, falsePair]));

        // Actions: 10 of 11 right, no wrongly paired rows: 60 × 10/11 = 54.5 → 54.
        // Duplicates: 1 of 2 found, 1 flagged wrongly: 30 × 1/3 = 10. Format 5, completeness 5: 74, a fail.
        Assert.Equal(54, grade.Criterion("actions").Points);
        Assert.Equal(10, grade.Criterion("duplicates").Points);
        Assert.Equal(74, grade.Score);
        Assert.False(grade.Passed);
        Assert.Contains($"{change.HomeId} ", grade.Criterion("actions").Feedback, StringComparison.Ordinal);
        Assert.Contains($"you marked it continue ({change.HomeId} → {change.DischargeId})", grade.Criterion("actions").Feedback, StringComparison.Ordinal);
        Assert.Contains($"A therapeutic duplicate involving {Truth.Duplicates[1].First}", grade.Criterion("duplicates").Feedback, StringComparison.Ordinal);
        var flagged = string.CompareOrdinal(falsePair.Item1, falsePair.Item2) < 0 ? $"{falsePair.Item1} and {falsePair.Item2}" : $"{falsePair.Item2} and {falsePair.Item1}";
        Assert.Contains($"{flagged} are flagged as duplicates", grade.Criterion("duplicates").Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_and_doubled_lines_lose_completeness_and_name_the_lines()
    {
        var withoutFirst = Truth.Decisions.Skip(1).ToList();
        var first = Truth.Decisions[0];
        var text = Csv(withoutFirst.Append(withoutFirst[0]), Truth.Duplicates.Select(d => (d.First, d.Second)));

        var grade = Grade(text);

        Assert.Equal(0, grade.Criterion("completeness").Points);
        Assert.Contains($"{first.HomeId ?? first.DischargeId} (", grade.Criterion("completeness").Feedback, StringComparison.Ordinal);
        Assert.Contains("is in 2 rows", grade.Criterion("completeness").Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_rows_are_named_and_cost_the_format_points()
    {
        var text = PerfectCsv() + "H99,,stop,\n,D1,continue,\nH1,,pause,\n,D2,new,D2\n";

        var grade = Grade(text);

        var feedback = grade.Criterion("format").Feedback;
        Assert.Equal(0, grade.Criterion("format").Points);
        Assert.Contains("home_id \"H99\" is not on the home list", feedback, StringComparison.Ordinal);
        Assert.Contains("continue needs both a home_id and a discharge_id", feedback, StringComparison.Ordinal);
        Assert.Contains("action \"pause\" is not one of continue, change, stop, new", feedback, StringComparison.Ordinal);
        Assert.Contains("duplicate_of must name another discharge line", feedback, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"medications\":[{\"homeId\":\"H1\",\"action\":5}]}", "$.medications[0].action must be a string or null, not a number")]
    [InlineData("{\"medications\":[{\"homeId\":\"H1\",\"action\":\"stop\",\"colour\":1}]}", "unknown key \"colour\"")]
    [InlineData("{\"medications\":[{\"homeId\":\"H1\",\"action\":\"stop\",\"duplicateOf\":{\"a\":1}}]}", "duplicateOf must be a discharge id")]
    public void Wrong_json_types_are_named(string json, string expected)
    {
        Assert.Contains(expected, Grade(json).Criterion("format").Feedback, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "The submission is empty")]
    [InlineData("{\"medications\":{}}", "must be an object with a \"medications\" array")]
    [InlineData("{\"medications\":[],\"medications\":[]}", "appears twice")]
    [InlineData("{\"medications\":[{\"homeId\":1e309}]}", "too large to be a number")]
    [InlineData("<medications/>", "looks like XML or HTML")]
    public void Unreadable_or_hostile_json_is_not_graded(string text, string expected)
    {
        LabAssertions.AssertNotGraded(Grade(text), expected);
    }

    [Fact]
    public void Deeply_nested_json_is_not_graded()
    {
        var json = "{\"medications\":" + new string('[', 5000) + new string(']', 5000) + "}";

        LabAssertions.AssertNotGraded(Grade(json), "nested more than 32 levels");
    }

    [Fact]
    public void Formula_cell_is_rejected_and_that_row_not_graded()
    {
        var text = PerfectCsv().Replace(",stop,", ",\"=1+cmd|' /C calc'!A0\",", StringComparison.Ordinal);

        var grade = Grade(text);

        Assert.Equal(0, grade.Criterion("format").Points);
        Assert.Contains("formula", grade.Criterion("format").Feedback, StringComparison.Ordinal);
        Assert.True(grade.Criterion("actions").Points < 60);
    }

    [Fact]
    public void Oversized_submission_is_not_graded()
    {
        var text = PerfectCsv() + new string('#', 3 * 1024 * 1024);

        LabAssertions.AssertNotGraded(Grade(text), "the limit is 2 MiB");
    }

    [Fact]
    public void Same_seed_gives_identical_scenario_files()
    {
        var a = Lab.CreateScenario(new LabScenarioRequest(21)).Files;
        var b = new MedicationReconciliationLab().CreateScenario(new LabScenarioRequest(21)).Files;

        Assert.Equal(a.Select(f => (f.Path, f.Content)), b.Select(f => (f.Path, f.Content)));
        Assert.Contains("rxnorm_code", a.Single(f => f.Path == "home-medications.csv").Content, StringComparison.Ordinal);
    }
}
