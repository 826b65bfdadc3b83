using Microcred.Clinical.Fhir;
using Microcred.Clinical.Population;
using Xunit.Abstractions;

namespace Microcred.Clinical.Tests.Fhir;

public class FhirValidityTests(ITestOutputHelper output)
{
    [Fact]
    public void A_sample_of_generated_resources_passes_the_core_profiles()
    {
        var generator = new PopulationGenerator(new PopulationOptions { Seed = 4, PatientCount = 40 });
        var mapper = new FhirPopulationMapper(generator.Reference, FhirReferenceStyle.Relative);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var first = FhirValidation.Validate(FhirPopulationMapper.ReferenceResources(generator.Reference).First());
        output.WriteLine($"first validation (loads the core definitions): {started.ElapsedMilliseconds} ms");
        Assert.True(FhirValidation.IsValid(first), string.Join("\n", first));

        // Every resource type the mapper produces, several of each, from a variety of patients.
        var sample = FhirPopulationMapper.ReferenceResources(generator.Reference).Take(12)
            .Concat(generator.Patients().SelectMany(mapper.PatientResources).GroupBy(r => r.TypeName).SelectMany(g => g.Take(6)))
            .ToList();
        Assert.Contains(sample, r => r.TypeName == "Claim");
        Assert.Contains(sample, r => r.TypeName == "Device");
        started.Restart();
        foreach (var resource in sample)
        {
            var issues = FhirValidation.Validate(resource);
            Assert.True(FhirValidation.IsValid(issues), $"{resource.TypeName}/{resource.Id}:\n" + string.Join("\n", issues));
        }
        output.WriteLine($"{sample.Count} more validations: {started.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void A_patient_bundle_validates_and_resolves_its_internal_references()
    {
        var generator = new PopulationGenerator(new PopulationOptions { Seed = 8, PatientCount = 30 });
        var mapper = new FhirPopulationMapper(generator.Reference, FhirReferenceStyle.BundleInternal);
        var record = generator.Patients().OrderByDescending(r => r.Encounters.Count).First();
        var bundle = mapper.PatientBundle(record);
        var issues = FhirValidation.Validate(bundle);
        Assert.True(FhirValidation.IsValid(issues), string.Join("\n", issues));

        var fullUrls = bundle.Entry.Select(e => e.FullUrl).ToHashSet(StringComparer.Ordinal);
        var json = FhirJson.Serialize(bundle);
        foreach (System.Text.RegularExpressions.Match match in System.Text.RegularExpressions.Regex.Matches(json, "\"reference\":\"(urn:uuid:[0-9a-f-]+)\""))
        {
            Assert.Contains(match.Groups[1].Value, fullUrls);
        }
    }

    [Fact]
    public void An_invalid_resource_is_reported_with_an_error()
    {
        var observation = new Hl7.Fhir.Model.Observation { Id = "broken" };
        var issues = FhirValidation.Validate(observation);
        Assert.False(FhirValidation.IsValid(issues));
        Assert.Contains(issues, i => i.Severity == FhirIssueSeverity.Error);
    }
}
