using Hl7.Fhir.Model;
using Microcred.Clinical.Fhir;
using Microcred.Clinical.Labs;
using Microcred.Clinical.Labs.Charting;

namespace Microcred.Clinical.Tests.Labs.Charting;

public class ChartingLabTests
{
    private const string Loinc = "http://loinc.org";
    private const string Ucum = "http://unitsofmeasure.org";
    private static readonly ChartingLab Lab = new();
    private static readonly LabScenarioRequest Request = new(12);

    private static ChartingScenario Truth => Lab.Scenario(Request);

    private static Observation Vital(string code, decimal? value, string unit, Action<Observation>? change = null)
    {
        var observation = new Observation
        {
            Status = ObservationStatus.Final,
            Category = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/observation-category", "vital-signs")],
            Code = new CodeableConcept(Loinc, code),
            Subject = new ResourceReference("Patient/" + Truth.Record.Patient.Id),
            Encounter = new ResourceReference("Encounter/" + Truth.Encounter.Id),
            Effective = new FhirDateTime(Truth.MeasuredAt),
        };
        if (value is not null)
        {
            observation.Value = new Quantity(value.Value, unit) { Code = unit, System = Ucum };
        }

        change?.Invoke(observation);
        return observation;
    }

    private static List<Resource> Answer(Func<string, decimal, decimal>? value = null, params string[] leaveOut)
    {
        decimal V(string key) => Math.Round(value?.Invoke(key, Truth.Values[key]) ?? Truth.Values[key], 2);
        var bp = Vital("85354-9", null, "mm[Hg]", o => o.Component =
        [
            new Observation.ComponentComponent { Code = new CodeableConcept(Loinc, "8480-6"), Value = new Quantity(V("systolic"), "mm[Hg]") { Code = "mm[Hg]", System = Ucum } },
            new Observation.ComponentComponent { Code = new CodeableConcept(Loinc, "8462-4"), Value = new Quantity(V("diastolic"), "mm[Hg]") { Code = "mm[Hg]", System = Ucum } },
        ]);
        var resources = new List<(string Key, Resource Resource)>
        {
            ("bp", bp),
            ("hr", Vital("8867-4", V("hr"), "/min")),
            ("rr", Vital("9279-1", V("rr"), "/min")),
            ("temp", Vital("8310-5", V("temp"), "Cel")),
            ("spo2", Vital("59408-5", V("spo2"), "%")),
            ("weight", Vital("29463-7", V("weight"), "kg")),
            ("height", Vital("8302-2", V("height"), "cm")),
            ("bmi", Vital("39156-5", V("bmi"), "kg/m2")),
            ("condition", new Condition
            {
                ClinicalStatus = new CodeableConcept("http://terminology.hl7.org/CodeSystem/condition-clinical", "active"),
                VerificationStatus = new CodeableConcept("http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed"),
                Category = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/condition-category", "problem-list-item")],
                Code = new CodeableConcept("http://hl7.org/fhir/sid/icd-10-cm", Truth.Story.Icd10Cm),
                Subject = new ResourceReference("Patient/" + Truth.Record.Patient.Id),
                Encounter = new ResourceReference("Encounter/" + Truth.Encounter.Id),
            }),
            ("complaint", Vital("8661-1", null, string.Empty, o => o.Value = new FhirString("Patient reports " + Truth.Story.Complaint))),
        };
        return resources.Where(r => !leaveOut.Contains(r.Key)).Select(r => r.Resource).ToList();
    }

    private static string AsBundle(IEnumerable<Resource> resources)
    {
        var bundle = new Bundle { Type = Bundle.BundleType.Collection };
        foreach (var resource in resources)
        {
            bundle.Entry.Add(new Bundle.EntryComponent { Resource = resource });
        }

        return FhirJson.Serialize(bundle);
    }

    private static LabGrade Grade(string text) => Lab.Grade(Request, LabSubmission.FromText(text, "chart.json"));

    [Fact]
    public void Every_code_the_lab_asks_for_is_in_the_bundled_code_systems()
    {
        var loinc = ChartingVitals.All.SelectMany(v => v.LoincCodes).Concat(["8480-6", "8462-4", "8661-1", "10154-3"]);

        Assert.All(loinc, code => Assert.True(Microcred.Clinical.CodeSystems.CodeCatalog.TryGet(Loinc, code, out _), code));
        Assert.All(ChartingVitals.Stories, s => Assert.True(Microcred.Clinical.CodeSystems.CodeCatalog.TryGet("http://hl7.org/fhir/sid/icd-10-cm", s.Icd10Cm, out _), s.Icd10Cm));
        Assert.All(ChartingVitals.All.SelectMany(v => v.Units.Keys).Where(u => u is not ("[degF]" or "[lb_av]" or "[in_i]" or "g" or "m")),
            unit => Assert.True(Microcred.Clinical.CodeSystems.CodeCatalog.TryGet(Ucum, unit, out _), unit));
    }

    [Fact]
    public void Perfect_bundle_scores_100()
    {
        LabAssertions.AssertPerfect(Grade(AsBundle(Answer())));
    }

    [Theory]
    [InlineData(12)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Model_answer_scores_100(long seed)
    {
        LabAssertions.AssertModelAnswerPerfect(new ChartingLab(), new LabScenarioRequest(seed));
    }

    [Fact]
    public void Perfect_array_with_converted_units_and_encounter_reason_scores_100()
    {
        var resources = Answer(leaveOut: "complaint");
        var weight = resources.OfType<Observation>().Single(o => o.Code.Coding[0].Code == "29463-7");
        weight.Value = new Quantity(Math.Round(Truth.Values["weight"] / 0.45359237m, 2), "[lb_av]") { Code = "[lb_av]", System = Ucum };
        var temperature = resources.OfType<Observation>().Single(o => o.Code.Coding[0].Code == "8310-5");
        temperature.Value = new Quantity(Math.Round((Truth.Values["temp"] * 9m / 5m) + 32m, 2), "[degF]") { Code = "[degF]", System = Ucum };
        var encounter = (Encounter)FhirJson.Parse(Truth.EncounterJson);
        encounter.ReasonCode = [new CodeableConcept { Text = Truth.Story.Complaint }];
        resources.Add(encounter);

        var json = "[" + string.Join(",", resources.Select(r => FhirJson.Serialize(r))) + "]";

        LabAssertions.AssertPerfect(Grade(json));
    }

    [Fact]
    public void Missing_vital_and_wrong_values_get_the_hand_computed_score()
    {
        var resources = Answer((key, v) => key switch
        {
            "hr" => v + 10,
            "weight" => v / 0.45359237m,
            _ => v,
        }, "rr");

        var grade = Grade(AsBundle(resources));

        // 9 resources, all valid: 15. LOINC 7/8 × 20 = 17.5 → 17. Units 7/8 × 15 = 13.1 → 13.
        // Values 5/8 × 20 = 12.5 → 12 (rr missing, hr and weight wrong). References 10.
        // Status/timing: 27 checks, rr's 3 missing: 24/27 × 10 = 8.9 → 8. Problem 5, complaint 5. Total 85.
        Assert.Equal(15, grade.Criterion("fhir-valid").Points);
        Assert.Equal(17, grade.Criterion("loinc-codes").Points);
        Assert.Equal(13, grade.Criterion("ucum-units").Points);
        Assert.Equal(12, grade.Criterion("values").Points);
        Assert.Equal(8, grade.Criterion("status-timing").Points);
        Assert.Equal(85, grade.Score);
        Assert.Contains("Respiratory rate (9279-1): not charted", grade.Criterion("loinc-codes").Feedback, StringComparison.Ordinal);
        Assert.Contains("heart rate is", grade.Criterion("values").Feedback, StringComparison.Ordinal);
        Assert.Contains("body weight is", grade.Criterion("values").Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_codes_units_references_and_timing_are_named()
    {
        var resources = Answer();
        var hr = resources.OfType<Observation>().Single(o => o.Code.Coding[0].Code == "8867-4");
        hr.Code = new CodeableConcept(Loinc, "8867-1");
        var spo2 = resources.OfType<Observation>().Single(o => o.Code.Coding[0].Code == "59408-5");
        ((Quantity)spo2.Value!).Code = "percent";
        spo2.Subject = new ResourceReference("Patient/someone-else");
        spo2.Effective = new FhirDateTime(Truth.PeriodEnd.AddHours(3));

        var grade = Grade(AsBundle(resources));

        Assert.Contains("LOINC \"8867-1\" is not one of the vital-sign codes", grade.Criterion("loinc-codes").Feedback, StringComparison.Ordinal);
        Assert.Contains("unit \"percent\"", grade.Criterion("ucum-units").Feedback, StringComparison.Ordinal);
        Assert.Contains($"subject should be Patient/{Truth.Record.Patient.Id}", grade.Criterion("references").Feedback, StringComparison.Ordinal);
        Assert.Contains("is not within the visit", grade.Criterion("status-timing").Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_resources_lose_validity_points_with_the_validator_message()
    {
        var json = AsBundle(Answer()).Replace("\"status\":\"final\"", "\"status\":\"finished\"", StringComparison.Ordinal);

        var grade = Grade(json);

        Assert.True(grade.Criterion("fhir-valid").Points < 15);
        Assert.Contains("finished", grade.Criterion("fhir-valid").Feedback, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "The submission is empty")]
    [InlineData("row,code\n1,2\n", "but this lab expects FHIR R4 JSON")]
    [InlineData("\"just a string\"", "looks like CSV or plain text")]
    [InlineData("{\"resourceType\":\"Bundle\",\"entry\":{}}", "Bundle.entry must be a JSON array")]
    [InlineData("[]", "holds no resources")]
    [InlineData("[{\"resourceType\":\"Observation\",\"valueQuantity\":{\"value\":1e400}}]", "too large to be a number")]
    public void Unreadable_submissions_are_not_graded(string text, string expected)
    {
        LabAssertions.AssertNotGraded(Grade(text), expected);
    }

    [Fact]
    public void Too_many_resources_for_one_visit_are_not_graded()
    {
        var json = "[" + string.Join(",", Enumerable.Repeat("{\"resourceType\":\"Basic\"}", ChartingLab.MaxResources + 1)) + "]";

        LabAssertions.AssertNotGraded(Grade(json), "holds 101 resources");
    }

    [Fact]
    public void Wrong_types_inside_resources_are_reported_not_thrown()
    {
        var grade = Grade("[{\"resourceType\":\"Observation\",\"status\":42,\"code\":[\"x\"],\"valueQuantity\":\"high\"},{\"resourceType\":\"NoSuchThing\"},7]");

        Assert.Equal(0, grade.Criterion("fhir-valid").Points);
        Assert.NotEmpty(grade.Criterion("fhir-valid").Feedback);
        Assert.False(grade.Passed);
    }

    [Fact]
    public void Scenario_files_are_deterministic_and_the_note_states_the_vitals()
    {
        var a = Lab.CreateScenario(new LabScenarioRequest(30)).Files;
        var b = new ChartingLab().CreateScenario(new LabScenarioRequest(30)).Files;

        Assert.Equal(a.Select(f => (f.Path, f.Content)), b.Select(f => (f.Path, f.Content)));
        var note = a.Single(f => f.Path == "visit-note.md").Content;
        Assert.Contains("blood pressure", note, StringComparison.Ordinal);
        Assert.Contains("Chief complaint", note, StringComparison.Ordinal);
        Assert.IsType<Patient>(FhirJson.Parse(a.Single(f => f.Path == "patient.json").Content));
    }
}
