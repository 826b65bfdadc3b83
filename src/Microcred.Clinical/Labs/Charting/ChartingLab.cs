using System.Globalization;
using Hl7.Fhir.Model;
using Microcred.Clinical.CodeSystems;
using Microcred.Clinical.Fhir;
using Microcred.Clinical.Labs.Submissions;

namespace Microcred.Clinical.Labs.Charting;

/// <summary>Lab 1: chart a clinic visit in FHIR R4 — vital signs as LOINC-coded Observations with UCUM
/// quantities, the problem-list change as an ICD-10-CM Condition, and the chief complaint. Fixed size: one
/// visit whatever the seed. Validity is checked offline with the Firely validator.</summary>
internal sealed class ChartingLab : Lab<ChartingScenario>, ILabModelAnswer
{
    internal static readonly CriterionDefinition Validity = new("fhir-valid", "FHIR R4 validity", 15);
    internal static readonly CriterionDefinition LoincCodes = new("loinc-codes", "LOINC codes for the vital signs", 20);
    internal static readonly CriterionDefinition Units = new("ucum-units", "UCUM units", 15);
    internal static readonly CriterionDefinition Values = new("values", "Values match the note", 20);
    internal static readonly CriterionDefinition References = new("references", "References to the patient and the encounter", 10);
    internal static readonly CriterionDefinition StatusTiming = new("status-timing", "Status, category and time of charting", 10);
    internal static readonly CriterionDefinition Problem = new("problem-list", "Problem-list Condition (ICD-10-CM)", 5);
    internal static readonly CriterionDefinition Complaint = new("chief-complaint", "Chief complaint", 5);

    /// <summary>A visit needs about ten resources; validating thousands would let one upload tie up the validator.</summary>
    internal const int MaxResources = 100;

    private const string ObservationCategory = "http://terminology.hl7.org/CodeSystem/observation-category";
    private const string ConditionCategory = "http://terminology.hl7.org/CodeSystem/condition-category";
    private static readonly string[] ChiefComplaintCodes = ["8661-1", "10154-3"];

    public override LabInfo Info { get; } = new(1, "ehr-charting", "Charting a clinic visit in FHIR R4", ProgramArea.ClinicalDocumentation, 80,
        "Chart a synthetic clinic visit's vital signs, chief complaint and problem-list change as FHIR R4 resources.");

    internal override IReadOnlyList<CriterionDefinition> Criteria { get; } = [Validity, LoincCodes, Units, Values, References, StatusTiming, Problem, Complaint];

    public override string TaskStatement => """
        ## Your task

        `visit-note.md` is a clinic visit note for a synthetic patient. The patient (`patient.json`) and the
        visit (`encounter.json`) already exist in the record as FHIR R4 resources. Chart the visit as FHIR R4
        JSON:

        1. **Vital signs** — one `Observation` per vital sign with `status` `final`, `category` vital-signs
           (`http://terminology.hl7.org/CodeSystem/observation-category`), the LOINC code (system
           `http://loinc.org`), `effectiveDateTime` (with its UTC offset) when the vitals were taken, and the
           value as a `valueQuantity` whose `system` is `http://unitsofmeasure.org` and whose `code` is the UCUM unit:

           | vital sign | LOINC | UCUM units accepted |
           |---|---|---|
           | blood pressure | panel `85354-9` with `component`s `8480-6` systolic and `8462-4` diastolic (no value on the panel itself) | `mm[Hg]` |
           | heart rate | `8867-4` | `/min` |
           | respiratory rate | `9279-1` | `/min` |
           | body temperature | `8310-5` | `Cel` or `[degF]` |
           | oxygen saturation | `59408-5` (pulse oximetry) or `2708-6` | `%` |
           | body weight | `29463-7` | `kg`, `g` or `[lb_av]` |
           | body height | `8302-2` | `cm`, `m` or `[in_i]` |
           | BMI | `39156-5` | `kg/m2` |

           Record the values the note gives; you may convert units (the grader converts back) — tolerances are
           ±1 for pressures and rates, ±0.15 °C, ±0.5 %, ±0.2 kg, ±0.6 cm, ±0.2 kg/m².
        2. **Problem-list change** — a `Condition` with the ICD-10-CM code (system
           `http://hl7.org/fhir/sid/icd-10-cm`), `category` problem-list-item
           (`http://terminology.hl7.org/CodeSystem/condition-category`), `clinicalStatus` active and
           `verificationStatus` confirmed.
        3. **Chief complaint** — either the `Encounter` (same `id` as `encounter.json`) with the complaint in
           `reasonCode[0].text`, or an `Observation` with LOINC `8661-1` (Chief complaint - Reported) or
           `10154-3` and the complaint in `valueString`. Either is accepted.

        Every Observation and the Condition refer to the patient (`subject`: `Patient/<id>`) and the visit
        (`encounter`: `Encounter/<id>`), with the ids from the note.

        ## Submission format

        One JSON file: a FHIR `Bundle` (type `collection`) whose entries hold the resources, or a JSON array of
        resources. For example:

        ```json
        { "resourceType": "Bundle", "type": "collection", "entry": [ { "resource": {
            "resourceType": "Observation", "status": "final",
            "category": [ { "coding": [ { "system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "vital-signs" } ] } ],
            "code": { "coding": [ { "system": "http://loinc.org", "code": "8867-4", "display": "Heart rate" } ] },
            "subject": { "reference": "Patient/p0000001" }, "encounter": { "reference": "Encounter/p0000001-e001" },
            "effectiveDateTime": "2025-03-21T11:20:00-05:00",
            "valueQuantity": { "value": 72, "unit": "/min", "system": "http://unitsofmeasure.org", "code": "/min" } } } ] }
        ```

        ## How it is graded (100 points, pass at 80)

        | criterion | points | rule |
        |---|---|---|
        | FHIR R4 validity | 15 | share of your resources that parse and pass the FHIR R4 core validator (Firely) without errors |
        | LOINC codes | 20 | share of the 8 vital signs charted with the right LOINC code (blood pressure: panel and both components) |
        | UCUM units | 15 | share of the 8 vital signs whose quantities use UCUM with an accepted unit |
        | Values | 20 | share of the 8 vital signs whose values match the note within tolerance |
        | References | 10 | share of Observations and Conditions whose subject and encounter point to the visit's patient and encounter |
        | Status and timing | 10 | share of checks passed: Observation status final, vital-signs category, effectiveDateTime within the visit; Condition active, confirmed, problem-list-item |
        | Problem-list Condition | 5 | the right ICD-10-CM code (2 points for the right three-character category) |
        | Chief complaint | 5 | the complaint's key words in Encounter.reasonCode or a chief-complaint Observation |
        """;

    internal override ChartingScenario BuildScenario(long seed, IReadOnlyDictionary<string, int> parameters) => ChartingPlanner.Plan(seed, Info.Slug);

    internal override void WriteScenario(ChartingScenario scenario, ScenarioFileSet files)
    {
        files.Add("visit-note.md", "text/markdown", "The visit note to chart.", scenario.Note);
        files.Add("patient.json", "application/fhir+json", "The patient, as FHIR R4 Patient.", scenario.PatientJson);
        files.Add("encounter.json", "application/fhir+json", "The visit, as FHIR R4 Encounter.", scenario.EncounterJson);
        files.Notes.Append(CodeCatalog.LoincNotice).Append('\n');
    }

    public LabModelAnswer CreateModelAnswer(LabScenarioRequest request)
    {
        var scenario = Scenario(request);
        var patient = new ResourceReference("Patient/" + scenario.Record.Patient.Id);
        var encounter = new ResourceReference("Encounter/" + scenario.Encounter.Id);
        var bundle = new Bundle { Type = Bundle.BundleType.Collection };
        foreach (var vital in ChartingVitals.All)
        {
            var observation = new Observation
            {
                Status = ObservationStatus.Final,
                Category = [new CodeableConcept(ObservationCategory, "vital-signs")],
                Code = LoincConcept(vital.LoincCodes[0]),
                Subject = patient,
                Encounter = encounter,
                Effective = new FhirDateTime(scenario.MeasuredAt),
            };
            var unit = vital.Units.Keys.First();
            if (vital == ChartingVitals.BloodPressure)
            {
                observation.Component =
                [
                    new Observation.ComponentComponent { Code = LoincConcept("8480-6"), Value = Measured("systolic", unit) },
                    new Observation.ComponentComponent { Code = LoincConcept("8462-4"), Value = Measured("diastolic", unit) },
                ];
            }
            else
            {
                observation.Value = Measured(vital.Key, unit);
            }

            bundle.Entry.Add(new Bundle.EntryComponent { Resource = observation });
        }

        bundle.Entry.Add(new Bundle.EntryComponent
        {
            Resource = new Condition
            {
                ClinicalStatus = new CodeableConcept("http://terminology.hl7.org/CodeSystem/condition-clinical", "active"),
                VerificationStatus = new CodeableConcept("http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed"),
                Category = [new CodeableConcept(ConditionCategory, "problem-list-item")],
                Code = new CodeableConcept(CodeSystemUris.Icd10Cm, scenario.Story.Icd10Cm, CodeCatalog.Icd10Cm(scenario.Story.Icd10Cm).Display),
                Subject = patient,
                Encounter = encounter,
            },
        });
        bundle.Entry.Add(new Bundle.EntryComponent
        {
            Resource = new Observation
            {
                Status = ObservationStatus.Final,
                Code = LoincConcept(ChiefComplaintCodes[0]),
                Subject = patient,
                Encounter = encounter,
                Effective = new FhirDateTime(scenario.PeriodStart),
                Value = new FhirString(scenario.Story.Complaint),
            },
        });
        return new LabModelAnswer("chart.json", FhirJson.Serialize(bundle, indented: true));

        // Canonical units, to a tenth: well inside every tolerance, whatever units the note used.
        Quantity Measured(string key, string unit) =>
            new(Math.Round(scenario.Values[key], 1), unit) { Code = unit, System = CodeSystemUris.Ucum };

        static CodeableConcept LoincConcept(string code) => new(CodeSystemUris.Loinc, code, CodeCatalog.Loinc(code).Display);
    }

    internal override void GradeSubmission(ChartingScenario scenario, LabSubmission submission, GradeSheet sheet)
    {
        var read = FhirSubmission.Read(submission);
        if (read.Value is null)
        {
            sheet.NotGraded("Not graded: " + read.FatalIssue!.Message);
            return;
        }

        var entries = read.Value.Entries;
        if (entries.Count == 0)
        {
            sheet.NotGraded("Not graded: the submission holds no resources.");
            return;
        }

        if (entries.Count > MaxResources)
        {
            sheet.NotGraded(string.Create(CultureInfo.InvariantCulture,
                $"Not graded: the submission holds {entries.Count} resources; this visit needs about ten (the limit is {MaxResources})."));
            return;
        }

        GradeValidity(entries, sheet);
        var observations = entries.Where(e => e.Resource is Observation).Select(e => (e.Location, Observation: (Observation)e.Resource!)).ToList();
        var conditions = entries.Where(e => e.Resource is Condition).Select(e => (e.Location, Condition: (Condition)e.Resource!)).ToList();
        var found = FindVitals(observations, out var unknownCodes);
        GradeCodes(found, unknownCodes, sheet);
        GradeUnitsAndValues(scenario, found, sheet);
        GradeReferences(scenario, observations, conditions, sheet);
        GradeStatusAndTiming(scenario, found, conditions, sheet);
        GradeProblem(scenario, conditions, sheet);
        GradeComplaint(scenario, entries, sheet);
    }

    private static void GradeValidity(IReadOnlyList<FhirEntry> entries, GradeSheet sheet)
    {
        var valid = 0;
        var problems = new FeedbackList(8);
        foreach (var entry in entries)
        {
            if (entry.Resource is null || entry.ParseIssues.Count > 0)
            {
                problems.AddRange(entry.ParseIssues.Take(2));
                continue;
            }

            var errors = FhirValidation.Validate(entry.Resource).Where(i => i.Severity is FhirIssueSeverity.Error or FhirIssueSeverity.Fatal).ToList();
            if (errors.Count == 0)
            {
                valid++;
                continue;
            }

            foreach (var error in errors.Take(2))
            {
                problems.Add($"{entry.Location} ({entry.ResourceType}){(error.Location is null ? string.Empty : " at " + Cut(error.Location))}: {Cut(error.Message)}");
            }
        }

        sheet.AwardShare(Validity, valid, entries.Count, problems.Render(string.Create(CultureInfo.InvariantCulture,
            $"{valid} of {entries.Count} resources are valid FHIR R4.")));
    }

    private static Dictionary<VitalSign, (string Location, Observation Observation)> FindVitals(
        List<(string Location, Observation Observation)> observations, out List<string> unknownCodes)
    {
        var found = new Dictionary<VitalSign, (string, Observation)>();
        unknownCodes = [];
        foreach (var (location, observation) in observations)
        {
            var loinc = observation.Code?.Coding?.Where(c => c.System == CodeSystemUris.Loinc).Select(c => c.Code).OfType<string>().ToList() ?? [];
            var vital = ChartingVitals.All.FirstOrDefault(v => v.LoincCodes.Any(loinc.Contains));
            if (vital is not null)
            {
                found.TryAdd(vital, (location, observation));
            }
            else if (!loinc.Any(ChiefComplaintCodes.Contains))
            {
                var shown = loinc.Count > 0 ? "LOINC " + string.Join(", ", loinc.Select(c => Excerpt.Quote(c, 12))) : "no LOINC coding (system http://loinc.org)";
                unknownCodes.Add($"{location}: {shown} is not one of the vital-sign codes this task asks for.");
            }
        }

        return found;
    }

    private static void GradeCodes(Dictionary<VitalSign, (string Location, Observation Observation)> found, List<string> unknownCodes, GradeSheet sheet)
    {
        var right = 0;
        var feedback = new FeedbackList(8);
        foreach (var vital in ChartingVitals.All)
        {
            if (!found.TryGetValue(vital, out var hit))
            {
                feedback.Add($"{vital.Name} ({string.Join(" or ", vital.LoincCodes)}): not charted with this LOINC code.");
                continue;
            }

            if (vital == ChartingVitals.BloodPressure && (Component(hit.Observation, "8480-6") is null || Component(hit.Observation, "8462-4") is null))
            {
                feedback.Add($"{hit.Location}: the blood pressure panel needs components coded 8480-6 (systolic) and 8462-4 (diastolic).");
                continue;
            }

            right++;
        }

        feedback.AddRange(unknownCodes);
        sheet.AwardShare(LoincCodes, right, ChartingVitals.All.Count, feedback.Render(string.Create(CultureInfo.InvariantCulture,
            $"{right} of {ChartingVitals.All.Count} vital signs coded correctly.")));
    }

    private static void GradeUnitsAndValues(ChartingScenario scenario, Dictionary<VitalSign, (string Location, Observation Observation)> found, GradeSheet sheet)
    {
        int unitsRight = 0, valuesRight = 0;
        var unitFeedback = new FeedbackList(8);
        var valueFeedback = new FeedbackList(8);
        foreach (var vital in ChartingVitals.All)
        {
            if (!found.TryGetValue(vital, out var hit))
            {
                continue;
            }

            var quantities = vital == ChartingVitals.BloodPressure
                ? new[] { ("systolic", Component(hit.Observation, "8480-6")?.Value as Quantity), ("diastolic", Component(hit.Observation, "8462-4")?.Value as Quantity) }
                : [(vital.Key, hit.Observation.Value as Quantity)];
            var unitOk = true;
            var valueOk = true;
            foreach (var (key, quantity) in quantities)
            {
                var label = vital == ChartingVitals.BloodPressure ? $"{key} blood pressure" : vital.Name.ToLowerInvariant();
                if (quantity is null)
                {
                    unitFeedback.Add($"{hit.Location}: {label} has no valueQuantity.");
                    unitOk = valueOk = false;
                    continue;
                }

                if (quantity.System != CodeSystemUris.Ucum || quantity.Code is null || !vital.Units.TryGetValue(quantity.Code, out var toCanonical))
                {
                    unitFeedback.Add($"{hit.Location}: {label} unit {Excerpt.Quote(quantity.Code ?? quantity.Unit, 16)} (system {Excerpt.Quote(quantity.System, 40)}) is not an accepted UCUM unit; use {string.Join(" or ", vital.Units.Keys)} with system {CodeSystemUris.Ucum}.");
                    unitOk = valueOk = false;
                    continue;
                }

                var expected = scenario.Values[key];
                var given = quantity.Value is { } value ? toCanonical(value) : (decimal?)null;
                if (given is null || Math.Abs(given.Value - expected) > vital.Tolerance)
                {
                    var canonical = vital.Units.Keys.First();
                    valueFeedback.Add($"{hit.Location}: {label} {(quantity.Value is null ? "has no value" : $"is {ChartingVitals.Format(quantity.Value.Value)} {quantity.Code}")}; the note gives {ChartingVitals.Format(Math.Round(expected, 1))} {canonical} (±{ChartingVitals.Format(vital.Tolerance)}).");
                    valueOk = false;
                }
            }

            unitsRight += unitOk ? 1 : 0;
            valuesRight += valueOk ? 1 : 0;
        }

        var total = ChartingVitals.All.Count;
        sheet.AwardShare(Units, unitsRight, total, unitFeedback.Render(string.Create(CultureInfo.InvariantCulture, $"{unitsRight} of {total} vital signs use accepted UCUM units.")));
        sheet.AwardShare(Values, valuesRight, total, valueFeedback.Render(string.Create(CultureInfo.InvariantCulture, $"{valuesRight} of {total} vital signs match the note.")));
    }

    private static void GradeReferences(ChartingScenario scenario, List<(string Location, Observation Observation)> observations, List<(string Location, Condition Condition)> conditions, GradeSheet sheet)
    {
        var patient = "Patient/" + scenario.Record.Patient.Id;
        var encounter = "Encounter/" + scenario.Encounter.Id;
        var checkedCount = 0;
        var right = 0;
        var feedback = new FeedbackList(8);
        var referring = observations.Select(o => (o.Location, Subject: (ResourceReference?)o.Observation.Subject, Context: o.Observation.Encounter))
            .Concat(conditions.Select(c => (c.Location, Subject: (ResourceReference?)c.Condition.Subject, Context: c.Condition.Encounter)));
        foreach (var (location, subject, context) in referring)
        {
            checkedCount++;
            var subjectOk = Points(subject, patient);
            var encounterOk = Points(context, encounter);
            if (subjectOk && encounterOk)
            {
                right++;
                continue;
            }

            feedback.Add($"{location}: {(subjectOk ? string.Empty : $"subject should be {patient} (is {Excerpt.Quote(subject?.Reference)}). ")}{(encounterOk ? string.Empty : $"encounter should be {encounter} (is {Excerpt.Quote(context?.Reference)}).")}".TrimEnd());
        }

        sheet.AwardShare(References, right, Math.Max(checkedCount, 1), feedback.Render(checkedCount == 0
            ? "No Observation or Condition to check."
            : string.Create(CultureInfo.InvariantCulture, $"{right} of {checkedCount} resources refer to the right patient and encounter.")));

        static bool Points(ResourceReference? reference, string target) =>
            reference?.Reference is { } r && (r == target || r.EndsWith("/" + target, StringComparison.Ordinal));
    }

    private static void GradeStatusAndTiming(ChartingScenario scenario, Dictionary<VitalSign, (string Location, Observation Observation)> found, List<(string Location, Condition Condition)> conditions, GradeSheet sheet)
    {
        var checks = 0;
        var passed = 0;
        var feedback = new FeedbackList(8);
        void Check(bool ok, string problem)
        {
            checks++;
            if (ok)
            {
                passed++;
            }
            else
            {
                feedback.Add(problem);
            }
        }

        foreach (var vital in ChartingVitals.All)
        {
            if (!found.TryGetValue(vital, out var hit))
            {
                checks += 3;
                continue;
            }

            var o = hit.Observation;
            // The raw literal, not the enum: an invalid code makes the typed getter throw.
            var status = o.StatusElement?.JsonValue as string;
            Check(status is "final" or "amended" or "corrected", $"{hit.Location}: status should be final (is {(status is null ? "missing" : Excerpt.Quote(status, 20))}).");
            Check(o.Category.Any(c => c.Coding.Any(x => x.System == ObservationCategory && x.Code == "vital-signs")), $"{hit.Location}: category vital-signs is missing.");
            var effective = o.Effective is FhirDateTime dt && dt.TryToDateTimeOffset(out var at) ? at : (DateTimeOffset?)null;
            Check(effective is { } when && when >= scenario.PeriodStart && when <= scenario.PeriodEnd,
                $"{hit.Location}: effectiveDateTime {(effective is null ? "is missing or has no time and offset" : Excerpt.Quote(((FhirDateTime)o.Effective!).Value))} is not within the visit ({scenario.PeriodStart:yyyy-MM-ddTHH:mmzzz} to {scenario.PeriodEnd:HH:mm}).");
        }

        if (conditions.Count == 0)
        {
            checks += 3;
        }

        foreach (var (location, c) in conditions.Take(1))
        {
            Check(c.ClinicalStatus?.Coding.Any(x => x.Code == "active") == true, $"{location}: clinicalStatus should be active.");
            Check(c.VerificationStatus?.Coding.Any(x => x.Code == "confirmed") == true, $"{location}: verificationStatus should be confirmed.");
            Check(c.Category.Any(cat => cat.Coding.Any(x => x.System == ConditionCategory && x.Code == "problem-list-item")), $"{location}: category problem-list-item is missing.");
        }

        sheet.AwardShare(StatusTiming, passed, checks, feedback.Render(string.Create(CultureInfo.InvariantCulture, $"{passed} of {checks} status, category and timing checks passed.")));
    }

    private static void GradeProblem(ChartingScenario scenario, List<(string Location, Condition Condition)> conditions, GradeSheet sheet)
    {
        var expected = scenario.Story.Icd10Cm;
        var codes = conditions.SelectMany(c => c.Condition.Code?.Coding ?? []).Where(x => x.System == CodeSystemUris.Icd10Cm).Select(x => x.Code ?? string.Empty).ToList();
        if (codes.Contains(expected))
        {
            sheet.Award(Problem, Problem.MaxPoints, "The problem-list Condition has the right ICD-10-CM code.");
        }
        else if (codes.FirstOrDefault(c => c.Length >= 3 && c[..3] == expected[..3]) is { } near)
        {
            sheet.Award(Problem, 2, $"{Excerpt.Quote(near, 12)} is in the right category ({expected[..3]}) but is not the most specific code the note supports.");
        }
        else
        {
            sheet.Award(Problem, 0, conditions.Count == 0
                ? "No Condition for the problem-list change."
                : $"No Condition has an ICD-10-CM code (system {CodeSystemUris.Icd10Cm}) for the problem the note adds{(codes.Count > 0 ? $"; you used {string.Join(", ", codes.Select(c => Excerpt.Quote(c, 12)))}" : string.Empty)}.");
        }
    }

    private static void GradeComplaint(ChartingScenario scenario, IReadOnlyList<FhirEntry> entries, GradeSheet sheet)
    {
        var texts = new List<string>();
        foreach (var entry in entries)
        {
            if (entry.Resource is Encounter encounter && encounter.Id == scenario.Encounter.Id)
            {
                texts.AddRange(encounter.ReasonCode.SelectMany(r => r.Coding.Select(c => c.Display).Append(r.Text)).OfType<string>());
            }
            else if (entry.Resource is Observation o && o.Code?.Coding.Any(c => c.System == CodeSystemUris.Loinc && ChiefComplaintCodes.Contains(c.Code)) == true)
            {
                texts.Add(o.Value switch
                {
                    FhirString s => s.Value ?? string.Empty,
                    CodeableConcept cc => cc.Text ?? string.Empty,
                    _ => string.Empty,
                });
            }
        }

        var keywords = scenario.Story.Keywords;
        var hit = texts.Any(t => keywords.All(k => t.Contains(k, StringComparison.OrdinalIgnoreCase)));
        sheet.Award(Complaint, hit ? Complaint.MaxPoints : 0, hit
            ? "The chief complaint is charted."
            : texts.Count == 0
                ? $"No chief complaint found: use Encounter/{scenario.Encounter.Id} reasonCode, or an Observation coded LOINC 8661-1 with valueString."
                : "A chief complaint is charted but does not say what the note says; use the patient's words from the note.");
    }

    private static Observation.ComponentComponent? Component(Observation observation, string loinc) =>
        observation.Component.FirstOrDefault(c => c.Code?.Coding.Any(x => x.System == CodeSystemUris.Loinc && x.Code == loinc) == true);

    private static string Cut(string text) => text.Length <= 160 ? text : text[..160] + "…";
}
