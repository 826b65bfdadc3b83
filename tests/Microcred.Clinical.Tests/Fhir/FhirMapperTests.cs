using Microcred.Clinical.Fhir;
using Microcred.Clinical.Population;

namespace Microcred.Clinical.Tests.Fhir;

public class FhirMapperTests
{
    private static (PopulationGenerator Generator, PatientRecord Record) Sample()
    {
        var generator = new PopulationGenerator(new PopulationOptions { Seed = 12, PatientCount = 60 });
        return (generator, generator.Patients().OrderByDescending(r => r.Observations.Count).First());
    }

    [Fact]
    public void Resources_handed_to_callers_share_no_elements_so_editing_one_leaves_the_others_alone()
    {
        var (generator, record) = Sample();
        var mapper = new FhirPopulationMapper(generator.Reference, FhirReferenceStyle.Relative);
        var observations = mapper.PatientResources(record).OfType<Hl7.Fhir.Model.Observation>().Where(o => o.Code.Coding[0].Code == "8867-4").Take(2).ToList();
        Assert.Equal(2, observations.Count);
        Assert.NotSame(observations[0].Code, observations[1].Code);
        Assert.NotSame(observations[0].Meta, observations[1].Meta);
        observations[0].Code.Coding[0].Display = "changed by a lab";
        Assert.Equal("Heart rate", observations[1].Code.Coding[0].Display);
    }

    [Fact]
    public void Every_resource_is_tagged_synthetic_and_times_carry_the_region_offset()
    {
        var (generator, record) = Sample();
        var mapper = new FhirPopulationMapper(generator.Reference, FhirReferenceStyle.Relative);
        foreach (var resource in mapper.PatientResources(record).Concat(FhirPopulationMapper.ReferenceResources(generator.Reference)))
        {
            Assert.Contains(resource.Meta!.Tag, t => t.System == "http://terminology.hl7.org/CodeSystem/v3-ActReason" && t.Code == "HTEST");
        }
        var encounter = mapper.PatientResources(record).OfType<Hl7.Fhir.Model.Encounter>().First();
        Assert.EndsWith("-05:00", encounter.Period!.Start, StringComparison.Ordinal);
        var patient = mapper.PatientResources(record).OfType<Hl7.Fhir.Model.Patient>().Single();
        Assert.Contains(patient.Identifier, i => i.System == FhirPopulationMapper.MrnSystem && i.Value == record.Patient.Mrn);
    }

    [Fact]
    public void Relative_references_point_at_type_and_id_and_bundle_references_at_full_urls()
    {
        var (generator, record) = Sample();
        var relative = new FhirPopulationMapper(generator.Reference, FhirReferenceStyle.Relative).PatientResources(record).OfType<Hl7.Fhir.Model.Encounter>().First();
        Assert.Equal("Patient/" + record.Patient.Id, relative.Subject!.Reference);
        var bundle = new FhirPopulationMapper(generator.Reference, FhirReferenceStyle.BundleInternal).PatientBundle(record);
        var patientEntry = bundle.Entry[0];
        var encounter = bundle.Entry.Select(e => e.Resource).OfType<Hl7.Fhir.Model.Encounter>().First();
        Assert.Equal(patientEntry.FullUrl, encounter.Subject!.Reference);
        Assert.Equal("urn:uuid:" + FhirPopulationMapper.ResourceUuid("Patient", record.Patient.Id), patientEntry.FullUrl);
        Assert.StartsWith("Practitioner/pr-", encounter.Participant[0].Individual!.Reference, StringComparison.Ordinal);
    }
}
