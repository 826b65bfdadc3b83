using System.Globalization;
using System.Text.Json;
using Microcred.Clinical.Labs.Submissions;

namespace Microcred.Clinical.Labs.MedicationReconciliation;

/// <summary>Lab 2: reconcile a home medication list against a discharge list (RxNorm), deciding
/// continue/stop/change/new for each medication and flagging therapeutic duplicates. Fixed size: about a
/// dozen medications whatever the seed.</summary>
internal sealed class MedicationReconciliationLab : Lab<MedicationReconciliationScenario>, ILabModelAnswer
{
    internal static readonly CriterionDefinition Format = new("format", "Submission format", 5);
    internal static readonly CriterionDefinition Completeness = new("completeness", "Every medication accounted for once", 5);
    internal static readonly CriterionDefinition Actions = new("actions", "Reconciliation actions", 60);
    internal static readonly CriterionDefinition Duplicates = new("duplicates", "Therapeutic duplicates flagged", 30);

    internal static readonly CsvSchema Schema = new(["home_id", "discharge_id", "action", "duplicate_of"]);

    public override LabInfo Info { get; } = new(2, "medication-reconciliation", "Medication reconciliation at discharge", ProgramArea.ClinicalDocumentation, 80,
        "Reconcile a synthetic patient's home and discharge medication lists and flag therapeutic duplicates.");

    internal override IReadOnlyList<CriterionDefinition> Criteria { get; } = [Format, Completeness, Actions, Duplicates];

    public override string TaskStatement => """
        ## Your task

        You are the discharge nurse (or pharmacist) for a synthetic patient leaving the hospital. Compare the
        medications the patient took at home (`home-medications.csv`) with the discharge medication list
        (`discharge-medications.csv`). Both name each product by its RxNorm code and name, with dose, frequency
        and indication. For **every** line on both lists decide what happened:

        | action | meaning | ids to give |
        |---|---|---|
        | `continue` | the same product (same RxNorm code), dose and frequency is on both lists | `home_id` and `discharge_id` |
        | `change` | the same ingredient continues with a different strength, dose or frequency | `home_id` and `discharge_id` |
        | `stop` | a home medication that is not on the discharge list | `home_id` only |
        | `new` | a discharge medication the patient did not take at home | `discharge_id` only |

        Then flag **therapeutic duplicates** on the discharge list: two discharge lines that give the same
        ingredient (for example a brand and a generic, or two brands) or two drugs of the same therapeutic class
        for the same purpose (for example two statins, two anticoagulants). On the row of one discharge line of
        the pair, put the other line's id in `duplicate_of` (flagging it from both sides is fine).

        ## Submission format

        A CSV file (UTF-8, comma separated) with this header and one row per medication:

        ```csv
        home_id,discharge_id,action,duplicate_of
        H1,D3,continue,
        H2,,stop,
        ,D5,new,D3
        ```

        or the same as JSON:

        ```json
        { "medications": [
          { "homeId": "H1", "dischargeId": "D3", "action": "continue", "duplicateOf": null },
          { "homeId": null, "dischargeId": "D5", "action": "new", "duplicateOf": "D3" }
        ] }
        ```

        ## How it is graded (100 points, pass at 80)

        | criterion | points | rule |
        |---|---|---|
        | Submission format | 5 | every row reads: known ids, a known action, the ids the action needs |
        | Every medication accounted for | 5 | each home and discharge line appears in exactly one row |
        | Reconciliation actions | 60 | 60 × correct rows ÷ (expected rows + rows that pair lines that do not belong together) |
        | Therapeutic duplicates | 30 | 30 × pairs found ÷ (expected pairs + pairs flagged wrongly) |

        Points are rounded down. Feedback names the lines to look at again.
        """;

    internal override MedicationReconciliationScenario BuildScenario(long seed, IReadOnlyDictionary<string, int> parameters) =>
        MedicationReconciliationPlanner.Plan(seed, Info.Slug);

    internal override void WriteScenario(MedicationReconciliationScenario scenario, ScenarioFileSet files)
    {
        var p = scenario.Patient;
        var patient = JsonSerializer.Serialize(new
        {
            synthetic = true,
            id = p.Id,
            mrn = p.Mrn,
            name = p.GivenName + " " + p.FamilyName,
            birthDate = p.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            sex = p.Sex.ToString().ToLowerInvariant(),
            admission = new
            {
                admitted = scenario.Admitted.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                discharged = scenario.Discharged.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                reason = scenario.Reason,
            },
        }, LabJson.Indented);
        files.AddJson("patient.json", "The synthetic patient and the hospital stay.", patient);
        files.AddCsv("home-medications.csv", "What the patient took at home before admission.", List(scenario.Home));
        files.AddCsv("discharge-medications.csv", "The discharge medication list.", List(scenario.Discharge));
        files.AddCsv("submission-template.csv", "The submission header, ready to fill in.", new CsvDocument(Schema.Required.ToArray()));
        files.Notes.Append("RxNorm content from the US National Library of Medicine (prescribable RxNorm names).\n");
    }

    private static CsvDocument List(IReadOnlyList<ListedMedication> items)
    {
        var csv = new CsvDocument("id", "rxnorm_code", "medication", "dose", "frequency", "indication");
        foreach (var item in items)
        {
            csv.Add(item.Id, item.Order.Product.RxCui, item.Order.Product.Name, item.Order.Dose, item.Order.Frequency, item.Order.Indication);
        }

        return csv;
    }

    public LabModelAnswer CreateModelAnswer(LabScenarioRequest request)
    {
        var scenario = Scenario(request);
        var duplicateOf = scenario.Duplicates.ToLookup(d => d.First, d => d.Second, StringComparer.Ordinal);
        var csv = new CsvDocument([.. Schema.Required]);
        foreach (var decision in scenario.Decisions)
        {
            var flagged = decision.DischargeId is null ? string.Empty : string.Join(';', duplicateOf[decision.DischargeId]);
            csv.Add(decision.HomeId, decision.DischargeId, Name(decision.Action), flagged);
        }

        return new LabModelAnswer("reconciliation.csv", csv.ToString());
    }

    internal override void GradeSubmission(MedicationReconciliationScenario scenario, LabSubmission submission, GradeSheet sheet)
    {
        var decoded = SubmissionText.Decode(submission);
        if (decoded.Value is null)
        {
            sheet.NotGraded("Not graded: " + decoded.FatalIssue!.Message);
            return;
        }

        if (decoded.Value.Shape == SubmissionShape.Xml)
        {
            sheet.NotGraded("Not graded: the submission looks like XML or HTML; submit CSV or JSON as the task statement shows.");
            return;
        }

        var problems = new FeedbackList(8);
        var rows = decoded.Value.Shape == SubmissionShape.Json ? ReadJson(submission, problems, out var fatal) : ReadCsv(submission, problems, out fatal);
        if (fatal is not null)
        {
            sheet.NotGraded("Not graded: " + fatal);
            return;
        }

        var valid = new List<SubmittedDecision>();
        foreach (var row in rows)
        {
            var problem = Validate(scenario, row);
            if (problem is null)
            {
                valid.Add(row);
            }
            else
            {
                problems.Add($"{row.Where}: {problem}");
            }
        }

        sheet.Award(Format, problems.Count == 0 ? Format.MaxPoints : 0,
            problems.Count == 0 ? "Every row reads cleanly." : problems.Render("Fix these rows (they were not graded):"));
        GradeCompleteness(scenario, valid, sheet);
        GradeActions(scenario, valid, sheet);
        GradeDuplicates(scenario, valid, sheet);
    }

    private static void GradeCompleteness(MedicationReconciliationScenario scenario, List<SubmittedDecision> rows, GradeSheet sheet)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            foreach (var id in new[] { row.HomeId, row.DischargeId }.OfType<string>())
            {
                seen[id] = seen.GetValueOrDefault(id) + 1;
            }
        }

        var list = new FeedbackList(8);
        foreach (var item in scenario.Home.Concat(scenario.Discharge))
        {
            var count = seen.GetValueOrDefault(item.Id);
            if (count == 0)
            {
                list.Add($"{item.Id} ({item.Order.Product.Name}) is in no row.");
            }
            else if (count > 1)
            {
                list.Add(string.Create(CultureInfo.InvariantCulture, $"{item.Id} ({item.Order.Product.Name}) is in {count} rows; use it once."));
            }
        }

        sheet.Award(Completeness, list.Count == 0 ? Completeness.MaxPoints : 0,
            list.Render(list.Count == 0 ? "Every home and discharge line is accounted for once." : "Not every line is accounted for exactly once:"));
    }

    private static void GradeActions(MedicationReconciliationScenario scenario, List<SubmittedDecision> rows, GradeSheet sheet)
    {
        var expected = scenario.Decisions.ToHashSet();
        var matched = new HashSet<ReconciliationDecision>();
        var unmatched = new List<SubmittedDecision>();
        foreach (var row in rows)
        {
            var decision = new ReconciliationDecision(row.HomeId, row.DischargeId, row.Action!.Value);
            if (expected.Contains(decision) && matched.Add(decision))
            {
                continue;
            }

            unmatched.Add(row);
        }

        var feedback = new FeedbackList(10);
        foreach (var decision in scenario.Decisions.Where(d => !matched.Contains(d)))
        {
            var subject = decision.HomeId ?? decision.DischargeId!;
            var item = scenario.Find(subject)!;
            var theirs = rows.FirstOrDefault(r => r.HomeId == subject || r.DischargeId == subject);
            var said = theirs is null
                ? "it has no row"
                : $"you marked it {Name(theirs.Action!.Value)}{(theirs.HomeId is not null && theirs.DischargeId is not null ? $" ({theirs.HomeId} → {theirs.DischargeId})" : string.Empty)}";
            feedback.Add($"{subject} {item.Order.Product.Name}, {item.Order.Dose} {item.Order.Frequency}: {said}; {Hint(decision)}");
        }

        // A row with the right lines but the wrong action is simply wrong; a row that pairs lines that do not
        // belong together is an extra claim and also widens the denominator.
        var extra = unmatched.Where(r => !scenario.Decisions.Any(d => d.HomeId == r.HomeId && d.DischargeId == r.DischargeId)).ToList();
        foreach (var row in extra.Where(r => r.HomeId is not null && r.DischargeId is not null))
        {
            feedback.Add($"{row.Where}: {row.HomeId} and {row.DischargeId} are not the same medication carried from home to discharge.");
        }

        var correct = matched.Count;
        sheet.AwardShare(Actions, correct, expected.Count + extra.Count, feedback.Render(string.Create(CultureInfo.InvariantCulture,
            $"{correct} of {expected.Count} medications reconciled correctly; {extra.Count} row{(extra.Count == 1 ? string.Empty : "s")} paired lines that do not belong together.")));
    }

    private static void GradeDuplicates(MedicationReconciliationScenario scenario, List<SubmittedDecision> rows, GradeSheet sheet)
    {
        var expected = scenario.Duplicates.ToDictionary(d => PairKey(d.First, d.Second), StringComparer.Ordinal);
        var flagged = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows.Where(r => r.DischargeId is not null))
        {
            foreach (var other in row.DuplicateOf)
            {
                flagged.Add(PairKey(row.DischargeId!, other));
            }
        }

        var found = flagged.Count(expected.ContainsKey);
        var wrong = flagged.Where(f => !expected.ContainsKey(f)).Order(StringComparer.Ordinal).ToList();
        var feedback = new FeedbackList(8);
        foreach (var (key, duplicate) in expected.Where(e => !flagged.Contains(e.Key)))
        {
            var first = scenario.Find(duplicate.First)!;
            feedback.Add($"A therapeutic duplicate involving {first.Id} ({first.Order.Product.Name}) is not flagged.");
        }

        foreach (var pair in wrong)
        {
            var ids = pair.Split('|');
            feedback.Add($"{ids[0]} and {ids[1]} are flagged as duplicates, but they are neither the same ingredient nor the same class for the same purpose.");
        }

        sheet.AwardShare(Duplicates, found, expected.Count + wrong.Count, feedback.Render(string.Create(CultureInfo.InvariantCulture,
            $"{found} of {expected.Count} duplicate pairs flagged; {wrong.Count} flagged wrongly.")));
    }

    private static string PairKey(string a, string b) => string.CompareOrdinal(a, b) < 0 ? a + "|" + b : b + "|" + a;

    private static string Name(ReconciliationAction action) => action.ToString().ToLowerInvariant();

    private static string Hint(ReconciliationDecision decision) => decision.Action switch
    {
        ReconciliationAction.Continue => "compare it with the discharge list line by line: product, dose and frequency.",
        ReconciliationAction.Change => "look for the same ingredient on the other list and compare strength, dose and frequency.",
        ReconciliationAction.Stop => "check whether any discharge line carries it on.",
        _ => "check whether the patient took it at home.",
    };

    private static string? Validate(MedicationReconciliationScenario scenario, SubmittedDecision row)
    {
        if (row.Action is null)
        {
            return $"action {Excerpt.Quote(row.RawAction)} is not one of continue, change, stop, new.";
        }

        if (row.HomeId is not null && !scenario.Home.Any(m => m.Id == row.HomeId))
        {
            return $"home_id {Excerpt.Quote(row.HomeId)} is not on the home list.";
        }

        if (row.DischargeId is not null && !scenario.Discharge.Any(m => m.Id == row.DischargeId))
        {
            return $"discharge_id {Excerpt.Quote(row.DischargeId)} is not on the discharge list.";
        }

        var needsHome = row.Action is ReconciliationAction.Continue or ReconciliationAction.Change or ReconciliationAction.Stop;
        var needsDischarge = row.Action is ReconciliationAction.Continue or ReconciliationAction.Change or ReconciliationAction.New;
        if (needsHome != (row.HomeId is not null) || needsDischarge != (row.DischargeId is not null))
        {
            return $"{Name(row.Action.Value)} needs {(needsHome && needsDischarge ? "both a home_id and a discharge_id" : needsHome ? "a home_id and no discharge_id" : "a discharge_id and no home_id")}.";
        }

        foreach (var other in row.DuplicateOf)
        {
            if (!scenario.Discharge.Any(m => m.Id == other))
            {
                return $"duplicate_of {Excerpt.Quote(other)} is not a discharge line.";
            }

            if (row.DischargeId is null || other == row.DischargeId)
            {
                return "duplicate_of must name another discharge line, on the row of a discharge line.";
            }
        }

        return null;
    }

    private static List<SubmittedDecision> ReadCsv(LabSubmission submission, FeedbackList problems, out string? fatal)
    {
        var read = CsvSubmission.Read(submission, Schema);
        fatal = read.FatalIssue?.Message;
        var rows = new List<SubmittedDecision>();
        if (read.Value is null)
        {
            return rows;
        }

        problems.AddRange(read.Issues.Select(i => i.Message));
        var table = read.Value;
        int home = table.ColumnIndex("home_id"), discharge = table.ColumnIndex("discharge_id"), action = table.ColumnIndex("action"), duplicate = table.ColumnIndex("duplicate_of");
        foreach (var record in table.Records)
        {
            if (record.IsRejected(home) || record.IsRejected(discharge) || record.IsRejected(action) || record.IsRejected(duplicate))
            {
                continue;
            }

            var duplicates = record[duplicate]!.Split([';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            rows.Add(SubmittedDecision.From(char.ToUpperInvariant(record.Where[0]) + record.Where[1..], record[home], record[discharge], record[action], duplicates));
        }

        return rows;
    }

    private static List<SubmittedDecision> ReadJson(LabSubmission submission, FeedbackList problems, out string? fatal)
    {
        var rows = new List<SubmittedDecision>();
        var read = JsonSubmission.Read(submission, "JSON or CSV");
        fatal = read.FatalIssue?.Message;
        if (read.Value is null)
        {
            return rows;
        }

        using var document = read.Value;
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("medications", out var medications) || medications.ValueKind != JsonValueKind.Array)
        {
            fatal = "The JSON must be an object with a \"medications\" array (see the task statement).";
            return rows;
        }

        var index = 0;
        foreach (var item in medications.EnumerateArray())
        {
            var where = "$.medications" + JsonPaths.Index(index++);
            if (item.ValueKind != JsonValueKind.Object)
            {
                problems.Add($"{where} is not an object.");
                continue;
            }

            var unknown = item.EnumerateObject().Select(p => p.Name).FirstOrDefault(n => n is not ("homeId" or "dischargeId" or "action" or "duplicateOf"));
            if (unknown is not null)
            {
                problems.Add($"{where} has the unknown key {Excerpt.Quote(unknown)} (expected homeId, dischargeId, action, duplicateOf).");
                continue;
            }

            if (!TryString(item, "homeId", where, problems, out var homeId) || !TryString(item, "dischargeId", where, problems, out var dischargeId) ||
                !TryString(item, "action", where, problems, out var action) || !TryDuplicates(item, where, problems, out var duplicates))
            {
                continue;
            }

            rows.Add(SubmittedDecision.From(where, homeId, dischargeId, action, duplicates));
        }

        return rows;
    }

    private static bool TryString(JsonElement item, string name, string where, FeedbackList problems, out string? value)
    {
        value = null;
        if (!item.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            problems.Add($"{where}.{name} must be a string or null, not {Kind(element)}.");
            return false;
        }

        value = element.GetString();
        return true;
    }

    private static bool TryDuplicates(JsonElement item, string where, FeedbackList problems, out IReadOnlyList<string> duplicates)
    {
        duplicates = [];
        if (!item.TryGetProperty("duplicateOf", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind == JsonValueKind.String)
        {
            duplicates = [element.GetString()!];
            return true;
        }

        if (element.ValueKind == JsonValueKind.Array && element.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String))
        {
            duplicates = element.EnumerateArray().Select(e => e.GetString()!).ToList();
            return true;
        }

        problems.Add($"{where}.duplicateOf must be a discharge id, a list of them, or null — not {Kind(element)}.");
        return false;
    }

    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => "a " + element.ValueKind.ToString().ToLowerInvariant(),
    };

    private sealed record SubmittedDecision(string Where, string? HomeId, string? DischargeId, ReconciliationAction? Action, string RawAction, IReadOnlyList<string> DuplicateOf)
    {
        public static SubmittedDecision From(string where, string? home, string? discharge, string? action, IReadOnlyList<string> duplicates)
        {
            var raw = action?.Trim() ?? string.Empty;
            ReconciliationAction? parsed = raw.ToLowerInvariant() switch
            {
                "continue" => ReconciliationAction.Continue,
                "change" => ReconciliationAction.Change,
                "stop" => ReconciliationAction.Stop,
                "new" => ReconciliationAction.New,
                _ => null,
            };
            return new SubmittedDecision(where, Id(home), Id(discharge), parsed, raw, duplicates.Select(d => d.Trim().ToUpperInvariant()).Where(d => d.Length > 0).ToList());
        }

        private static string? Id(string? raw) => string.IsNullOrWhiteSpace(raw) ? null : raw.Trim().ToUpperInvariant();
    }
}
