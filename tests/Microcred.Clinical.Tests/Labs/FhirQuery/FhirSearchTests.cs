using Hl7.Fhir.Model;
using Microcred.Clinical.Labs.FhirQuery.Search;

namespace Microcred.Clinical.Tests.Labs.FhirQuery;

public class FhirSearchTests
{
    private const string Loinc = "http://loinc.org";
    private const string Icd = "http://hl7.org/fhir/sid/icd-10-cm";

    private static readonly FhirSearch Search = new(new SearchParameterRegistry(TimeSpan.FromHours(-5)), new FhirResourceStore(Resources()));

    private static IEnumerable<Resource> Resources()
    {
        yield return new Patient
        {
            Id = "p1", Gender = AdministrativeGender.Female, BirthDate = "1948-03-02",
            Name = [new HumanName { Family = "Éclair", Given = ["Ana"] }],
            Address = [new Address { PostalCode = "03101", City = "Manchester" }],
            Identifier = [new Identifier("urn:mrn", "SYN-001")],
        };
        yield return new Patient
        {
            Id = "p2", Gender = AdministrativeGender.Male, BirthDate = "1975-11-30", Deceased = new FhirDateTime("2025-02-01"),
            Name = [new HumanName { Family = "Eckhart", Given = ["Bo"] }],
            Address = [new Address { PostalCode = "04401", City = "Bangor" }],
        };
        yield return new Patient { Id = "p3", Gender = AdministrativeGender.Female, BirthDate = "1960", Name = [new HumanName { Family = "Ecker" }] };
        yield return A1c("o1", "p1", 9.4m, "2025-03-04T09:15:00-05:00");
        yield return A1c("o2", "p1", 9.0m, "2025-09-01T10:00:00-05:00");
        yield return A1c("o3", "p2", 7.25m, "2024-12-31T23:30:00-05:00");
        yield return new Observation
        {
            Id = "o4", Status = ObservationStatus.Final, Code = new CodeableConcept(Loinc, "85354-9"), Subject = new ResourceReference("Patient/p2"),
            Effective = new FhirDateTime("2025-06-01T08:00:00-05:00"),
            Component =
            [
                new Observation.ComponentComponent { Code = new CodeableConcept(Loinc, "8480-6"), Value = Mmhg(182) },
                new Observation.ComponentComponent { Code = new CodeableConcept(Loinc, "8462-4"), Value = Mmhg(95) },
            ],
        };
        yield return Problem("c1", "p1", "E11.9", null);
        yield return Problem("c2", "p1", "I10", null);
        yield return Problem("c3", "p2", "J06.9", "2025-01-20");
        yield return new Encounter
        {
            Id = "e1", Status = Encounter.EncounterStatus.Finished, Class = new Hl7.Fhir.Model.Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "EMER"),
            Subject = new ResourceReference("Patient/p1"), Period = new Period(new FhirDateTime("2025-06-30T22:00:00-05:00"), new FhirDateTime("2025-07-01T02:00:00-05:00")),
        };
        yield return new Encounter
        {
            Id = "e2", Status = Encounter.EncounterStatus.Finished, Class = new Hl7.Fhir.Model.Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB"),
            Subject = new ResourceReference("Patient/p1"), Period = new Period(new FhirDateTime("2025-07-02T09:00:00-05:00"), new FhirDateTime("2025-07-02T09:20:00-05:00")),
        };
        yield return new Encounter
        {
            Id = "e3", Status = Encounter.EncounterStatus.Finished, Class = new Hl7.Fhir.Model.Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "IMP"),
            Subject = new ResourceReference("Patient/p2"), Period = new Period(new FhirDateTime("2025-01-10T12:00:00-05:00"), new FhirDateTime("2025-01-14T11:00:00-05:00")),
        };
    }

    private static Observation A1c(string id, string patient, decimal value, string when) => new()
    {
        Id = id, Status = ObservationStatus.Final, Code = new CodeableConcept(Loinc, "4548-4", "HbA1c"), Subject = new ResourceReference("Patient/" + patient),
        Effective = new FhirDateTime(when), Value = new Quantity { Value = value, Unit = "%", System = "http://unitsofmeasure.org", Code = "%" },
        Category = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/observation-category", "laboratory")],
    };

    private static Quantity Mmhg(decimal value) => new() { Value = value, Unit = "mm[Hg]", System = "http://unitsofmeasure.org", Code = "mm[Hg]" };

    private static Condition Problem(string id, string patient, string code, string? abatement) => new()
    {
        Id = id, Code = new CodeableConcept(Icd, code), Subject = new ResourceReference("Patient/" + patient),
        ClinicalStatus = new CodeableConcept("http://terminology.hl7.org/CodeSystem/condition-clinical", abatement is null ? "active" : "resolved"),
        Onset = new FhirDateTime("2020-05-05"), Abatement = abatement is null ? null : new FhirDateTime(abatement),
    };

    private static string Ids(string query)
    {
        var outcome = Search.Run(query);
        Assert.Null(outcome.Error);
        return string.Join(",", outcome.All.Select(r => r.Id));
    }

    private static string Error(string query) => Search.Run(query).Error ?? "no error";

    [Theory]
    [InlineData("Observation?code=4548-4", "o1,o2,o3")]
    [InlineData("Observation?code=http://loinc.org|4548-4", "o1,o2,o3")]
    [InlineData("Observation?code=http://other.org|4548-4", "")]
    [InlineData("Observation?code=http://loinc.org|", "o1,o2,o3,o4")]
    [InlineData("Observation?code=|4548-4", "")]
    [InlineData("Patient?gender=female", "p1,p3")]
    [InlineData("Patient?gender=http://hl7.org/fhir/administrative-gender|male", "p2")]
    [InlineData("Patient?identifier=urn:mrn|SYN-001", "p1")]
    [InlineData("Patient?deceased=true", "p2")]
    [InlineData("Patient?_id=p2,p3", "p2,p3")]
    [InlineData("Condition?clinical-status=resolved", "c3")]
    public void Token_search_matches_code_system_and_both(string query, string expected) => Assert.Equal(expected, Ids(query));

    [Theory]
    [InlineData("Encounter?class:not=AMB", "e1,e3")]
    [InlineData("Condition?code:not=E11.9,I10", "c3")]
    [InlineData("Observation?category:not=laboratory", "o4")]
    public void Not_modifier_keeps_resources_without_a_matching_code(string query, string expected) => Assert.Equal(expected, Ids(query));

    [Theory]
    [InlineData("Patient?family=ec", "p1,p2,p3")]
    [InlineData("Patient?family=ecl", "p1")]
    [InlineData("Patient?family=ECLAIR", "p1")]
    [InlineData("Patient?family:exact=Eclair", "")]
    [InlineData("Patient?family:exact=Éclair", "p1")]
    [InlineData("Patient?family:contains=ker", "p3")]
    [InlineData("Patient?name=ana", "p1")]
    [InlineData("Patient?address-postalcode=031", "p1")]
    [InlineData("Patient?address-city=bang", "p2")]
    public void String_search_is_starts_with_by_default_with_exact_and_contains(string query, string expected) => Assert.Equal(expected, Ids(query));

    [Theory]
    [InlineData("Patient?birthdate=1948", "p1")]
    [InlineData("Patient?birthdate=1948-03", "p1")]
    [InlineData("Patient?birthdate=eq1948-03-02", "p1")]
    [InlineData("Patient?birthdate=ne1948-03-02", "p2,p3")]
    [InlineData("Patient?birthdate=lt1960", "p1")]
    [InlineData("Patient?birthdate=le1960", "p1,p3")]
    [InlineData("Patient?birthdate=gt1960", "p2")]
    [InlineData("Patient?birthdate=ge1960", "p2,p3")]
    [InlineData("Patient?birthdate=sa1970", "p2")]
    [InlineData("Patient?birthdate=eb1950", "p1")]
    [InlineData("Patient?birthdate=1960-06", "")]
    [InlineData("Observation?date=2025", "o1,o2,o4")]
    [InlineData("Observation?date=lt2025", "o3")]
    [InlineData("Observation?date=2025-01-01T04:30:00Z", "o3")]
    [InlineData("Observation?date=2025-01-01T04:30:00%2B00:00", "o3")]
    [InlineData("Encounter?date=ge2025-07-01", "e2")]
    [InlineData("Encounter?date=2025-01", "e3")]
    [InlineData("Encounter?date=2025-01-10", "")]
    [InlineData("Encounter?date=ge2025-01-15", "e1,e2")]
    [InlineData("Encounter?date=gt2025-01-09&date=lt2025-01-15", "e3")]
    [InlineData("Patient?death-date=2025-02", "p2")]
    public void Date_search_applies_prefixes_to_partial_dates_and_periods(string query, string expected) => Assert.Equal(expected, Ids(query));

    [Theory]
    [InlineData("Observation?value-quantity=gt9", "o1")]
    [InlineData("Observation?value-quantity=ge9", "o1,o2")]
    [InlineData("Observation?value-quantity=9", "o1,o2")]
    [InlineData("Observation?value-quantity=9.0", "o2")]
    [InlineData("Observation?value-quantity=eq9.4", "o1")]
    [InlineData("Observation?value-quantity=7.3", "o3")]
    [InlineData("Observation?value-quantity=7.4", "")]
    [InlineData("Observation?value-quantity=7.25", "o3")]
    [InlineData("Observation?value-quantity=7", "o3")]
    [InlineData("Observation?value-quantity=ne9", "o3")]
    [InlineData("Observation?value-quantity=lt8", "o3")]
    [InlineData("Observation?value-quantity=le9", "o2,o3")]
    [InlineData("Observation?value-quantity=gt9|http://unitsofmeasure.org|%", "o1")]
    [InlineData("Observation?value-quantity=gt9|http://unitsofmeasure.org|mg", "")]
    [InlineData("Observation?value-quantity=gt9||%", "o1")]
    [InlineData("Observation?component-value-quantity=ge180", "o4")]
    public void Quantity_search_compares_values_with_prefixes_precision_and_units(string query, string expected) => Assert.Equal(expected, Ids(query));

    [Theory]
    [InlineData("Observation?patient=Patient/p1", "o1,o2")]
    [InlineData("Observation?subject=p2", "o3,o4")]
    [InlineData("Observation?subject:Patient=p2", "o3,o4")]
    [InlineData("Observation?patient=https://example.org/fhir/Patient/p1", "o1,o2")]
    [InlineData("Condition?patient=Patient/p1,Patient/p2&clinical-status=active", "c1,c2")]
    public void Reference_search_accepts_typed_bare_and_absolute_references(string query, string expected) => Assert.Equal(expected, Ids(query));

    [Theory]
    [InlineData("Observation?component-code-value-quantity=http://loinc.org|8480-6$ge180", "o4")]
    [InlineData("Observation?component-code-value-quantity=http://loinc.org|8462-4$ge180", "")]
    [InlineData("Observation?code-value-quantity=4548-4$gt9", "o1")]
    public void Composite_search_needs_code_and_value_in_the_same_component(string query, string expected) => Assert.Equal(expected, Ids(query));

    [Theory]
    [InlineData("Condition?abatement-date:missing=false", "c3")]
    [InlineData("Condition?abatement-date:missing=true", "c1,c2")]
    [InlineData("Patient?birthdate:missing=true", "")]
    [InlineData("Observation?value-quantity:missing=true", "o4")]
    public void Missing_modifier_selects_on_the_presence_of_a_value(string query, string expected) => Assert.Equal(expected, Ids(query));

    [Theory]
    [InlineData("Observation?code=4548-4&patient.birthdate=lt1950", "o1,o2")]
    [InlineData("Observation?subject:Patient.family=eck", "o3,o4")]
    [InlineData("Condition?patient.gender=male", "c3")]
    public void Chained_search_follows_one_reference(string query, string expected) => Assert.Equal(expected, Ids(query));

    [Theory]
    [InlineData("Encounter?class=IMP&_include=Encounter:subject", "e3,p2")]
    [InlineData("Encounter?class=EMER,IMP&_include=Encounter:patient:Patient", "e1,e3,p1,p2")]
    [InlineData("Patient?_id=p2&_revinclude=Condition:patient", "p2,c3")]
    [InlineData("Observation?code=4548-4&value-quantity=gt9&_count=1", "o1")]
    [InlineData("GET [base]/Observation?code=4548-4&value-quantity=gt9", "o1")]
    [InlineData("https://example.org/fhir/Observation?code=http%3A%2F%2Floinc.org%7C4548-4&value-quantity=gt9", "o1")]
    [InlineData("Patient", "p1,p2,p3")]
    public void Includes_paging_base_urls_and_percent_encoding_are_handled(string query, string expected) => Assert.Equal(expected, Ids(query));

    [Fact]
    public void Repeated_parameters_are_anded_and_comma_values_are_ored()
    {
        Assert.Equal("o1,o2", Ids("Observation?value-quantity=ge9&value-quantity=lt9.5"));
        Assert.Equal("o1,o3", Ids("Observation?value-quantity=7.25,9.4"));
    }

    [Theory]
    [InlineData("Observation?foo=1", "The parameter 'foo' is not supported on Observation; supported: _count, _format, _id, _include, _revinclude, category, code,")]
    [InlineData("Observation?_sort=date", "The parameter '_sort' is not supported on Observation")]
    [InlineData("Observation?code:above=4548-4", "The modifier ':above' is not supported on the token parameter 'code'; supported: :missing, :not.")]
    [InlineData("Patient?family:phonetic=x", "The modifier ':phonetic' is not supported on the string parameter 'family'; supported: :missing, :exact, :contains.")]
    [InlineData("Observation?value-quantity=ap9", "The prefix 'ap' is not supported on the quantity parameter 'value-quantity'")]
    [InlineData("Observation?date=ap2025", "The prefix 'ap' is not supported on the date parameter 'date'")]
    [InlineData("Patient?birthdate=1960-13", "'1960-13' is not a FHIR date")]
    [InlineData("Observation?value-quantity=nine", "\"nine\" is not a number.")]
    [InlineData("Observation?code:missing=maybe", "code:missing takes true or false")]
    [InlineData("Observation?patient.organization.name=x", "chains more than one level")]
    [InlineData("Observation?code.name=x", "'code' is a token parameter; only reference parameters can be chained.")]
    [InlineData("Observation?_include=Encounter:subject", "_include must be Observation:parameter")]
    [InlineData("Observation?_include=Observation:code", "'code' is not a reference parameter of Observation")]
    [InlineData("Appointment?status=booked", "The resource type 'Appointment' is not searchable here")]
    [InlineData("Observation?code=", "The parameter 'code' has an empty value.")]
    [InlineData("Observation?code", "The parameter 'code' has no value")]
    [InlineData("Observation?_count=0", "_count must be a whole number from 1 to 1000")]
    [InlineData("Observation?subject:Device=x", "'subject' on Observation refers to Patient, not Device.")]
    [InlineData("?code=1", "The query names no resource type.")]
    public void Unsupported_or_malformed_requests_get_a_clear_error(string query, string expected) =>
        Assert.Contains(expected, Error(query), StringComparison.Ordinal);

    [Fact]
    public void Error_messages_escape_control_characters_from_the_request()
    {
        var error = Error("Observation?fo%0Ao=1");

        Assert.Contains("'fo\\no'", error, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", error, StringComparison.Ordinal);
    }
}
