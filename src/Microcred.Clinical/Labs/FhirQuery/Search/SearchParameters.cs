using System.Globalization;
using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;

namespace Microcred.Clinical.Labs.FhirQuery.Search;

/// <summary>The FHIR search parameter types the evaluator implements.</summary>
internal enum SearchParameterType
{
    Token,
    String,
    Date,
    Quantity,
    Reference,
    Composite,
}

/// <summary>A coded value as token search sees it (Coding, CodeableConcept, Identifier, code, boolean, id).</summary>
internal readonly record struct TokenValue(string? System, string? Code);

/// <summary>A date or period as a half-open range of local date-times; an open end is MaxValue.</summary>
internal readonly record struct DateRange(DateTime Start, DateTime End);

/// <summary>A quantity: value, unit system and code, and the human unit.</summary>
internal readonly record struct QuantityValue(decimal Value, string? System, string? Code, string? Unit);

/// <summary>A reference to another resource by type and id.</summary>
internal readonly record struct ReferenceValue(string Type, string Id);

/// <summary>One component of a composite parameter: a code and a quantity that belong together.</summary>
internal readonly record struct CompositeValue(IReadOnlyList<TokenValue> Codes, QuantityValue? Quantity);

/// <summary>A search parameter of one resource type: its name, type, how values are drawn from a
/// resource and, for references, which resource types it may point to.</summary>
internal sealed record SearchParameter(string Name, SearchParameterType Type, Func<Resource, IEnumerable<object>> Values, string Description, IReadOnlyList<string>? Targets = null);

/// <summary>The search parameters the lab's evaluator supports, per resource type (a subset of FHIR R4's,
/// with the same names and meanings). Dates are compared in the data's local time.</summary>
internal sealed class SearchParameterRegistry
{
    public const string GenderSystem = "http://hl7.org/fhir/administrative-gender";

    private readonly Dictionary<string, Dictionary<string, SearchParameter>> _parameters = new(StringComparer.Ordinal);
    private readonly TimeSpan _offset;

    public SearchParameterRegistry(TimeSpan localOffset)
    {
        _offset = localOffset;
        AddPatient();
        AddEncounter();
        AddCondition();
        AddObservation();
        AddMedicationRequest();
    }

    public IReadOnlyCollection<string> ResourceTypes => _parameters.Keys;

    public TimeSpan LocalOffset => _offset;

    public bool Supports(string resourceType) => _parameters.ContainsKey(resourceType);

    public SearchParameter? Find(string resourceType, string name) =>
        _parameters.TryGetValue(resourceType, out var parameters) && parameters.TryGetValue(name, out var parameter) ? parameter : null;

    public IReadOnlyList<SearchParameter> Of(string resourceType) =>
        _parameters.TryGetValue(resourceType, out var parameters) ? [.. parameters.Values.OrderBy(p => p.Name, StringComparer.Ordinal)] : [];

    private void Add(string resourceType, SearchParameter parameter)
    {
        if (!_parameters.TryGetValue(resourceType, out var parameters))
        {
            parameters = new Dictionary<string, SearchParameter>(StringComparer.Ordinal);
            _parameters[resourceType] = parameters;
            parameters["_id"] = new SearchParameter("_id", SearchParameterType.Token, r => [new TokenValue(null, r.Id)], "the resource id");
        }

        parameters[parameter.Name] = parameter;
    }

    private void AddPatient()
    {
        const string type = "Patient";
        Add(type, new("identifier", SearchParameterType.Token, r => ((Patient)r).Identifier.Select(i => (object)new TokenValue(i.System, i.Value)), "an identifier (system|value), for example the MRN"));
        Add(type, new("name", SearchParameterType.String, r => ((Patient)r).Name.SelectMany(n => n.Given.Append(n.Family).Append(n.Text)).OfType<string>(), "any part of the name"));
        Add(type, new("family", SearchParameterType.String, r => ((Patient)r).Name.Select(n => n.Family).OfType<string>(), "the family name"));
        Add(type, new("given", SearchParameterType.String, r => ((Patient)r).Name.SelectMany(n => n.Given).OfType<string>(), "a given name"));
        Add(type, new("gender", SearchParameterType.Token, r => ((Patient)r).Gender is { } g ? [new TokenValue(GenderSystem, EnumUtility.GetLiteral(g))] : [], "administrative gender: female, male"));
        Add(type, new("birthdate", SearchParameterType.Date, r => Dates(((Patient)r).BirthDate), "the date of birth"));
        Add(type, new("address", SearchParameterType.String, r => ((Patient)r).Address.SelectMany(a => a.Line.Append(a.City).Append(a.State).Append(a.PostalCode).Append(a.Country)).OfType<string>(), "any part of the address"));
        Add(type, new("address-city", SearchParameterType.String, r => ((Patient)r).Address.Select(a => a.City).OfType<string>(), "the city"));
        Add(type, new("address-state", SearchParameterType.String, r => ((Patient)r).Address.Select(a => a.State).OfType<string>(), "the state"));
        Add(type, new("address-postalcode", SearchParameterType.String, r => ((Patient)r).Address.Select(a => a.PostalCode).OfType<string>(), "the ZIP code"));
        Add(type, new("deceased", SearchParameterType.Token, r => [new TokenValue(null, ((Patient)r).Deceased is null or FhirBoolean { Value: false } ? "false" : "true")], "true when the patient has died"));
        Add(type, new("death-date", SearchParameterType.Date, r => ((Patient)r).Deceased is FhirDateTime d ? Dates(d.Value) : [], "the date of death"));
        Add(type, new("general-practitioner", SearchParameterType.Reference, r => References(((Patient)r).GeneralPractitioner), "the primary-care practitioner", ["Practitioner"]));
        Add(type, new("organization", SearchParameterType.Reference, r => References([((Patient)r).ManagingOrganization]), "the primary-care clinic", ["Organization"]));
    }

    private void AddEncounter()
    {
        const string type = "Encounter";
        Add(type, new("status", SearchParameterType.Token, r => Enum("http://hl7.org/fhir/encounter-status", ((Encounter)r).Status), "the status"));
        Add(type, new("class", SearchParameterType.Token, r => ((Encounter)r).Class is { } c ? [new TokenValue(c.System, c.Code)] : [], "the class: AMB, EMER, IMP, VR, HH"));
        Add(type, new("type", SearchParameterType.Token, r => Concepts(((Encounter)r).Type), "the encounter type"));
        Add(type, new("subject", SearchParameterType.Reference, r => References([((Encounter)r).Subject]), "the patient", ["Patient"]));
        Add(type, new("patient", SearchParameterType.Reference, r => References([((Encounter)r).Subject]), "the patient", ["Patient"]));
        Add(type, new("date", SearchParameterType.Date, r => Period(((Encounter)r).Period), "the period of the encounter"));
        Add(type, new("reason-code", SearchParameterType.Token, r => Concepts(((Encounter)r).ReasonCode), "the reason (ICD-10-CM)"));
        Add(type, new("service-provider", SearchParameterType.Reference, r => References([((Encounter)r).ServiceProvider]), "the organization providing the care", ["Organization"]));
    }

    private void AddCondition()
    {
        const string type = "Condition";
        Add(type, new("code", SearchParameterType.Token, r => Concepts([((Condition)r).Code]), "the diagnosis code (ICD-10-CM)"));
        Add(type, new("clinical-status", SearchParameterType.Token, r => Concepts([((Condition)r).ClinicalStatus]), "active or resolved"));
        Add(type, new("verification-status", SearchParameterType.Token, r => Concepts([((Condition)r).VerificationStatus]), "the verification status"));
        Add(type, new("category", SearchParameterType.Token, r => Concepts(((Condition)r).Category), "problem-list-item or encounter-diagnosis"));
        Add(type, new("subject", SearchParameterType.Reference, r => References([((Condition)r).Subject]), "the patient", ["Patient"]));
        Add(type, new("patient", SearchParameterType.Reference, r => References([((Condition)r).Subject]), "the patient", ["Patient"]));
        Add(type, new("encounter", SearchParameterType.Reference, r => References([((Condition)r).Encounter]), "the encounter of diagnosis", ["Encounter"]));
        Add(type, new("onset-date", SearchParameterType.Date, r => ((Condition)r).Onset is FhirDateTime d ? Dates(d.Value) : [], "the onset date"));
        Add(type, new("abatement-date", SearchParameterType.Date, r => ((Condition)r).Abatement is FhirDateTime d ? Dates(d.Value) : [], "the date it resolved"));
        Add(type, new("recorded-date", SearchParameterType.Date, r => Dates(((Condition)r).RecordedDate), "the date it was recorded"));
    }

    private void AddObservation()
    {
        const string type = "Observation";
        Add(type, new("status", SearchParameterType.Token, r => Enum("http://hl7.org/fhir/observation-status", ((Observation)r).Status), "the status"));
        Add(type, new("code", SearchParameterType.Token, r => Concepts([((Observation)r).Code]), "what was observed (LOINC)"));
        Add(type, new("category", SearchParameterType.Token, r => Concepts(((Observation)r).Category), "laboratory, vital-signs or survey"));
        Add(type, new("subject", SearchParameterType.Reference, r => References([((Observation)r).Subject]), "the patient", ["Patient"]));
        Add(type, new("patient", SearchParameterType.Reference, r => References([((Observation)r).Subject]), "the patient", ["Patient"]));
        Add(type, new("encounter", SearchParameterType.Reference, r => References([((Observation)r).Encounter]), "the encounter", ["Encounter"]));
        Add(type, new("date", SearchParameterType.Date, r => ((Observation)r).Effective is FhirDateTime d ? Dates(d.Value) : [], "when it was observed"));
        Add(type, new("value-quantity", SearchParameterType.Quantity, r => Quantities([((Observation)r).Value]), "the value, for example gt9 or 9.5|http://unitsofmeasure.org|%"));
        Add(type, new("component-code", SearchParameterType.Token, r => ((Observation)r).Component.SelectMany(c => Concepts([c.Code])), "a component's code"));
        Add(type, new("component-value-quantity", SearchParameterType.Quantity, r => Quantities(((Observation)r).Component.Select(c => c.Value)), "a component's value"));
        Add(type, new("combo-code", SearchParameterType.Token, r => Concepts(((Observation)r).Component.Select(c => c.Code).Prepend(((Observation)r).Code)), "the code or a component's code"));
        Add(type, new("code-value-quantity", SearchParameterType.Composite, r =>
        {
            var observation = (Observation)r;
            return [new CompositeValue([.. Concepts([observation.Code]).Cast<TokenValue>()], Quantity(observation.Value))];
        }, "code and value together: code$value, for example http://loinc.org|4548-4$gt9"));
        Add(type, new("component-code-value-quantity", SearchParameterType.Composite, r =>
            ((Observation)r).Component.Select(c => (object)new CompositeValue([.. Concepts([c.Code]).Cast<TokenValue>()], Quantity(c.Value))),
            "a component's code and value together, for example http://loinc.org|8480-6$ge180"));
    }

    private void AddMedicationRequest()
    {
        const string type = "MedicationRequest";
        Add(type, new("status", SearchParameterType.Token, r => Enum("http://hl7.org/fhir/CodeSystem/medicationrequest-status", ((MedicationRequest)r).Status), "active, completed or stopped"));
        Add(type, new("intent", SearchParameterType.Token, r => Enum("http://hl7.org/fhir/CodeSystem/medicationrequest-intent", ((MedicationRequest)r).Intent), "the intent"));
        Add(type, new("code", SearchParameterType.Token, r => ((MedicationRequest)r).Medication is CodeableConcept c ? Concepts([c]) : [], "the medication (RxNorm)"));
        Add(type, new("subject", SearchParameterType.Reference, r => References([((MedicationRequest)r).Subject]), "the patient", ["Patient"]));
        Add(type, new("patient", SearchParameterType.Reference, r => References([((MedicationRequest)r).Subject]), "the patient", ["Patient"]));
        Add(type, new("encounter", SearchParameterType.Reference, r => References([((MedicationRequest)r).Encounter]), "the encounter", ["Encounter"]));
        Add(type, new("authoredon", SearchParameterType.Date, r => Dates(((MedicationRequest)r).AuthoredOn), "when it was written"));
        Add(type, new("requester", SearchParameterType.Reference, r => References([((MedicationRequest)r).Requester]), "the prescriber", ["Practitioner"]));
    }

    private static IEnumerable<object> Enum<T>(string system, T? value)
        where T : struct, Enum =>
        value is { } v ? [new TokenValue(system, EnumUtility.GetLiteral(v))] : [];

    private static IEnumerable<object> Concepts(IEnumerable<CodeableConcept?> concepts)
    {
        foreach (var concept in concepts)
        {
            if (concept is null)
            {
                continue;
            }

            foreach (var coding in concept.Coding)
            {
                yield return new TokenValue(coding.System, coding.Code);
            }
        }
    }

    private static IEnumerable<object> References(IEnumerable<ResourceReference?> references)
    {
        foreach (var reference in references)
        {
            if (reference?.Reference is { } text && SearchValueParser.TryParseReference(text, out var value))
            {
                yield return value;
            }
        }
    }

    private static QuantityValue? Quantity(DataType? value) =>
        value is Hl7.Fhir.Model.Quantity { Value: { } number } q ? new QuantityValue(number, q.System, q.Code, q.Unit) : null;

    private static IEnumerable<object> Quantities(IEnumerable<DataType?> values)
    {
        foreach (var value in values)
        {
            if (Quantity(value) is { } quantity)
            {
                yield return quantity;
            }
        }
    }

    private IEnumerable<object> Dates(string? text)
    {
        if (text is not null && SearchValueParser.TryParseDate(text, _offset, out var range))
        {
            yield return range;
        }
    }

    private IEnumerable<object> Period(Period? period)
    {
        if (period is null)
        {
            yield break;
        }

        var start = period.Start is { } s && SearchValueParser.TryParseDate(s, _offset, out var a) ? a.Start : DateTime.MinValue;
        var end = period.End is { } e && SearchValueParser.TryParseDate(e, _offset, out var b) ? b.End : DateTime.MaxValue;
        yield return new DateRange(start, end);
    }

    /// <summary>A description of the supported parameters of a resource type, for the scenario's reference file.</summary>
    public string Describe(string resourceType) => string.Join("\n", Of(resourceType).Select(p =>
        string.Create(CultureInfo.InvariantCulture, $"| `{p.Name}` | {p.Type.ToString().ToLowerInvariant()} | {p.Description}{(p.Targets is { } t ? " (→ " + string.Join(", ", t) + ")" : string.Empty)} |")));
}
