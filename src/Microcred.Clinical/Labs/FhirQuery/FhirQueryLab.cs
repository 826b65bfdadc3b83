using System.Globalization;
using System.Text;
using System.Text.Json;
using Hl7.Fhir.Model;
using Microcred.Clinical.Fhir;
using Microcred.Clinical.Labs.Cohort;
using Microcred.Clinical.Labs.FhirQuery.Search;
using Microcred.Clinical.Labs.Submissions;

namespace Microcred.Clinical.Labs.FhirQuery;

/// <summary>One question of the scenario: what to find, which resource type, and a reference query whose
/// result set is the answer.</summary>
internal sealed record FhirQuestion(string Key, string ResourceType, string Text, string ReferenceQuery, string Skill);

internal sealed class FhirQueryScenario(FhirSearch search, IReadOnlyList<FhirQuestion> questions, IReadOnlyList<HashSet<string>> answers)
{
    public FhirSearch Search { get; } = search;

    public IReadOnlyList<FhirQuestion> Questions { get; } = questions;

    /// <summary>The resource keys (<c>Type/id</c>) each question's reference query returns.</summary>
    public IReadOnlyList<HashSet<string>> Answers { get; } = answers;
}

/// <summary>Lab 12: FHIR search. The learner answers questions with FHIR search requests, graded on the set
/// of resources each request returns from the lab's own search evaluator over the scenario's resources.</summary>
internal sealed class FhirQueryLab : Lab<FhirQueryScenario>, ILabModelAnswer
{
    public const int DefaultPatients = 200;
    public const int MaxPatients = 2_000;
    private const string Loinc = "http://loinc.org";
    private const string Icd10 = "http://hl7.org/fhir/sid/icd-10-cm";
    private static readonly string[] ResourceTypes = ["Patient", "Encounter", "Condition", "Observation", "MedicationRequest"];
    private static readonly int[] ChainYears = [1950, 1955, 1960, 1965];

    public override LabInfo Info { get; } = new(12, "fhir-search", "FHIR search queries", ProgramArea.InformaticsFoundations, 70,
        "Answer ten questions about a synthetic patient population with FHIR search requests.");

    public override IReadOnlyList<LabParameter> Parameters { get; } =
        [new("patients", "Number of patients whose resources are searched.", DefaultPatients, 50, MaxPatients)];

    internal override IReadOnlyList<CriterionDefinition> Criteria { get; } =
        [.. Enumerable.Range(1, 10).Select(i => new CriterionDefinition("q" + i.ToString(CultureInfo.InvariantCulture), "Question " + i.ToString(CultureInfo.InvariantCulture), 10))];

    public override string TaskStatement => """
        ## Your task

        You support clinicians and analysts who query the network's FHIR R4 server. Answer the ten questions
        in `questions.md` (they name patients and areas of this scenario) each with **one FHIR search
        request**, such as `Observation?code=http://loinc.org|4548-4&value-quantity=gt9`.

        Each request is run by this lab's search evaluator over the scenario's resources (the `.ndjson`
        files: one resource per line) and graded on the **set of resources it returns**, compared with the
        set the question asks for. Different requests that return the same set are equally right.

        ## What the evaluator supports

        `search-parameters.md` lists the searchable resource types and their parameters. In short:
        - **token** (`code`, `class`, `gender`, `clinical-status`, …): `code`, `system|code`, `|code`, `system|`;
        - **string** (`family`, `address-postalcode`, …): starts-with, case- and accent-insensitive;
          `:exact` for an exact match, `:contains` for a substring;
        - **date** (`birthdate`, `date`, `onset-date`, …): `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or a date-time,
          with the prefixes `eq` (the default: the resource's date or period lies within the value's
          range), `ne`, `gt`, `lt`, `ge`, `le`, `sa`, `eb`; times are the clinic's local time;
        - **quantity** (`value-quantity`, `component-value-quantity`): prefixes `eq ne gt lt ge le`, a
          number, and optionally `|system|code` for the unit; `eq` uses the number's precision (`9` matches
          8.5 to just under 9.5, `9.0` matches 8.95 to just under 9.05);
        - **reference** (`patient`, `subject`, `encounter`, …): `Patient/p0000001` or the bare id;
        - **composite** (`code-value-quantity`, `component-code-value-quantity`): `code$value`;
        - modifiers `:missing=true|false` (any type) and `:not` (token);
        - a comma between values means OR; repeating a parameter means AND;
        - one level of **chaining**: `patient.birthdate=lt1950` or `subject:Patient.birthdate=lt1950`;
        - `_id`, `_include=Type:parameter`, `_revinclude=Type:parameter`, `_count` (accepted; every page is
          returned), `_format=json`.

        An unsupported parameter or modifier gets an error naming the supported ones. Percent-encode a `+`
        in a time-zone offset as `%2B` (a bare `+` stays a plus here).

        ## Submission format

        One JSON object with one request per question:

        ```json
        {
          "q1": "Observation?code=http://loinc.org|4548-4&value-quantity=gt9",
          "q2": "Condition?patient=Patient/p0000001&clinical-status=active"
        }
        ```

        ## How it is graded (100 points, pass at 70)

        | criterion | points | rule |
        |---|---|---|
        | Questions 1–10 | 10 each | the request returns exactly the asked-for set of resources |

        For a wrong set the feedback gives the number of resources returned and expected and names some
        missing and unexpected ones; a request the evaluator refuses gets its error message.
        """;

    internal override FhirQueryScenario BuildScenario(long seed, IReadOnlyDictionary<string, int> parameters)
    {
        var population = ScenarioPopulation.Get(seed, parameters["patients"]);
        var mapper = new FhirPopulationMapper(population.Reference, FhirReferenceStyle.Relative);
        var resources = population.Patients.SelectMany(mapper.PatientResources).Where(r => ResourceTypes.Contains(r.TypeName)).ToList();
        var registry = new SearchParameterRegistry(TimeSpan.FromHours(population.Reference.Region.StandardUtcOffsetHours));
        var search = new FhirSearch(registry, new FhirResourceStore(resources));
        var questions = Questions(population, search);
        var answers = questions.Select(q => search.Run(q.ReferenceQuery)).Select(o =>
            o.Error is null ? o.All.Select(FhirResourceStore.Key).ToHashSet(StringComparer.Ordinal) : throw new InvalidOperationException(o.Error)).ToList();
        return new FhirQueryScenario(search, questions, answers);
    }

    private static List<FhirQuestion> Questions(ScenarioPopulation population, FhirSearch search)
    {
        var patients = population.Patients;
        var problemPatient = patients.FirstOrDefault(p => p.Conditions.Count(c => c.Abatement is null) >= 2 && p.Conditions.Any(c => c.Abatement is not null))
            ?? patients.OrderByDescending(p => p.Conditions.Count).First();
        var acutePatient = patients.FirstOrDefault(p => p.Encounters.Count(e => e.Class != Population.EncounterClass.Ambulatory) >= 2 &&
            p.Encounters.Any(e => e.Class == Population.EncounterClass.Ambulatory)) ?? patients.OrderByDescending(p => p.Encounters.Count).First();
        var zip3 = patients.GroupBy(p => p.Patient.Address.Zip3).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;
        var prefix = patients.Where(p => p.Patient.Sex == Population.AdministrativeSex.Female && p.Patient.FamilyName.Length >= 2)
            .GroupBy(p => p.Patient.FamilyName[..2]).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;
        var chainYear = ChainYears.FirstOrDefault(year =>
            search.Run($"Observation?code={Loinc}|4548-4&patient.birthdate=lt{year}").Matches.Count >= 3, 1970);
        var a1c = $"{Loinc}|4548-4";
        return
        [
            new("q1", "Observation", "All HbA1c results (LOINC 4548-4) above 9 %.", $"Observation?code={a1c}&value-quantity=gt9", "token with system and a quantity prefix"),
            new("q2", "Condition", $"The active conditions (clinical status active) of patient {problemPatient.Patient.Id}.",
                $"Condition?patient=Patient/{problemPatient.Patient.Id}&clinical-status=active", "reference and token"),
            new("q3", "Patient", $"Patients whose ZIP code starts with {zip3} and who were born before 1960 (before 1960-01-01).",
                $"Patient?address-postalcode={zip3}&birthdate=lt1960", "string starts-with and a partial date"),
            new("q4", "Encounter", "Emergency-department encounters (class EMER) dated on or after 2025-07-01 (the date parameter with the ge prefix).",
                "Encounter?class=EMER&date=ge2025-07-01", "token and a date prefix"),
            new("q5", "Patient", $"Female patients whose family name starts with \"{prefix}\".", $"Patient?family={prefix}&gender=female", "string and token"),
            new("q6", "Condition", "Conditions coded in ICD-10-CM as E11.9 or E11.65 (type 2 diabetes).",
                $"Condition?code={Icd10}|E11.9,{Icd10}|E11.65", "several values (OR)"),
            new("q7", "Observation", $"HbA1c results (LOINC 4548-4) of patients born before {chainYear}.",
                $"Observation?code={a1c}&patient.birthdate=lt{chainYear}", "chaining"),
            new("q8", "Condition", "Conditions that have an abatement (resolution) date.", "Condition?abatement-date:missing=false", ":missing"),
            new("q9", "Encounter", $"Encounters of patient {acutePatient.Patient.Id} whose class is anything but ambulatory (AMB).",
                $"Encounter?patient=Patient/{acutePatient.Patient.Id}&class:not=AMB", ":not"),
            new("q10", "Encounter", "Inpatient stays (class IMP) that lie entirely within 2025, returned together with the Patient resources they refer to.",
                "Encounter?class=IMP&date=eq2025&_include=Encounter:subject", "_include"),
        ];
    }

    internal override void WriteScenario(FhirQueryScenario scenario, ScenarioFileSet files)
    {
        foreach (var type in ResourceTypes)
        {
            var ndjson = new StringBuilder();
            foreach (var resource in scenario.Search.Store.OfType(type))
            {
                ndjson.Append(FhirJson.Serialize(resource)).Append('\n');
            }

            files.Add(type + ".ndjson", "application/fhir+ndjson", $"{type} resources, one per line.", ndjson.ToString());
        }

        var questions = new StringBuilder("# Questions\n\nAnswer each with one FHIR search request (see README.md).\n\n");
        foreach (var question in scenario.Questions)
        {
            questions.Append(CultureInfo.InvariantCulture, $"{question.Key[1..]}. ({question.ResourceType}) {question.Text}\n");
        }

        files.Add("questions.md", "text/markdown", "The ten questions.", questions.ToString());
        var parameters = new StringBuilder("# Search parameters supported by the lab's evaluator\n");
        foreach (var type in ResourceTypes)
        {
            parameters.Append(CultureInfo.InvariantCulture, $"\n## {type}\n\n| parameter | type | meaning |\n|---|---|---|\n")
                .Append(scenario.Search.Registry.Describe(type)).Append('\n');
        }

        parameters.Append("\nEvery type also takes `_include`, `_revinclude`, `_count` and `_format`.\n");
        files.Add("search-parameters.md", "text/markdown", "The parameters, types and modifiers the evaluator supports.", parameters.ToString());
        files.Notes.Append("The resources are synthetic (each carries the HTEST security tag). ").Append(CodeSystems.CodeCatalog.LoincNotice).Append('\n');
    }

    public LabModelAnswer CreateModelAnswer(LabScenarioRequest request)
    {
        var scenario = Scenario(request);
        var answers = scenario.Questions.ToDictionary(q => q.Key, q => q.ReferenceQuery);
        return new LabModelAnswer("queries.json", JsonSerializer.Serialize(answers, LabJson.Indented));
    }

    internal override void GradeSubmission(FhirQueryScenario scenario, LabSubmission submission, GradeSheet sheet)
    {
        var read = JsonSubmission.Read(submission, "a JSON object such as {\"q1\": \"Observation?…\", \"q2\": \"…\"}");
        if (read.Value is null)
        {
            sheet.NotGraded("Not graded: " + read.FatalIssue!.Message);
            return;
        }

        using var document = read.Value;
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            sheet.NotGraded("Not graded: the JSON must be one object whose members q1 … q10 are the search requests.");
            return;
        }

        var queries = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            queries.TryAdd(property.Name.Trim(), property.Value);
        }

        var unknown = queries.Keys.Where(k => scenario.Questions.All(q => !q.Key.Equals(k, StringComparison.OrdinalIgnoreCase))).ToList();
        for (var i = 0; i < scenario.Questions.Count; i++)
        {
            var question = scenario.Questions[i];
            var criterion = Criteria[i];
            if (!queries.TryGetValue(question.Key, out var element))
            {
                var note = unknown.Count > 0 ? $" (members {string.Join(", ", unknown.Take(5).Select(u => Excerpt.Quote(u)))} were not recognised; use q1 … q10)" : string.Empty;
                sheet.Award(criterion, 0, $"No request for {question.Key}{note}.");
                continue;
            }

            if (element.ValueKind != JsonValueKind.String)
            {
                sheet.Award(criterion, 0, $"{question.Key} must be a string holding one search request.");
                continue;
            }

            GradeQuestion(sheet, criterion, scenario, question, scenario.Answers[i], element.GetString()!);
        }
    }

    private static void GradeQuestion(GradeSheet sheet, CriterionDefinition criterion, FhirQueryScenario scenario, FhirQuestion question, HashSet<string> expected, string query)
    {
        if (query.Length > 4_000)
        {
            sheet.Award(criterion, 0, "The request is longer than 4,000 characters; no search needs that much.");
            return;
        }

        var outcome = scenario.Search.Run(query);
        if (outcome.Error is not null)
        {
            sheet.Award(criterion, 0, "The evaluator refused the request: " + outcome.Error);
            return;
        }

        var returned = outcome.All.Select(FhirResourceStore.Key).ToHashSet(StringComparer.Ordinal);
        var countNote = query.Contains("_count=", StringComparison.Ordinal) ? " (_count only pages the result; every page counts.)" : string.Empty;
        if (returned.SetEquals(expected))
        {
            sheet.Award(criterion, criterion.MaxPoints, string.Create(CultureInfo.InvariantCulture, $"Right: {returned.Count} resources.{countNote}"));
            return;
        }

        var missing = expected.Where(k => !returned.Contains(k)).Order(StringComparer.Ordinal).ToList();
        var extra = returned.Where(k => !expected.Contains(k)).Order(StringComparer.Ordinal).ToList();
        var summary = new StringBuilder(string.Create(CultureInfo.InvariantCulture,
            $"Your request returned {returned.Count} resources; the question asks for {expected.Count}: {missing.Count} missing, {extra.Count} not asked for."));
        var types = outcome.Matches.Select(r => r.TypeName).Distinct().ToList();
        if (types.Count > 0 && !types.Contains(question.ResourceType))
        {
            summary.Append(CultureInfo.InvariantCulture, $" The question asks for {question.ResourceType} resources.");
        }
        else if (question.Key == "q10" && outcome.Included.Count == 0 && expected.Any(k => k.StartsWith("Patient/", StringComparison.Ordinal)))
        {
            summary.Append(" The Patient resources are missing: include them with _include.");
        }

        summary.Append(countNote);
        var list = new FeedbackList(6);
        list.AddRange(missing.Take(3).Select(k => "missing " + Describe(scenario, k)));
        list.AddRange(extra.Take(3).Select(k => "not asked for: " + Describe(scenario, k)));
        sheet.Award(criterion, 0, list.Render(summary.ToString() + " For example:"));
    }

    private static string Describe(FhirQueryScenario scenario, string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var resource = scenario.Search.Store.Find(key[..slash], key[(slash + 1)..]);
        return resource switch
        {
            Observation { Value: Quantity q } o => string.Create(CultureInfo.InvariantCulture, $"{key} ({o.Code?.Coding.FirstOrDefault()?.Display}, {q.Value} {q.Unit}, {(o.Effective as FhirDateTime)?.Value})"),
            Observation o => $"{key} ({o.Code?.Coding.FirstOrDefault()?.Display}, {(o.Effective as FhirDateTime)?.Value})",
            Condition c => $"{key} ({c.Code?.Coding.FirstOrDefault()?.Code} {c.ClinicalStatus?.Coding.FirstOrDefault()?.Code})",
            Encounter e => $"{key} ({e.Class?.Code}, {e.Period?.Start} to {e.Period?.End})",
            Patient p => $"{key} (born {p.BirthDate}, {p.Gender?.ToString().ToLowerInvariant()}, ZIP {p.Address.FirstOrDefault()?.PostalCode})",
            _ => key,
        };
    }
}
