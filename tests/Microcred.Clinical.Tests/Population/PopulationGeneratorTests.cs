using System.Text.Json;
using Microcred.Clinical.Population;

namespace Microcred.Clinical.Tests.Population;

public class PopulationGeneratorTests
{
    private static string Fingerprint(IEnumerable<PatientRecord> records) =>
        JsonSerializer.Serialize(records.ToList());

    [Fact]
    public void Same_seed_and_options_give_identical_patients()
    {
        var options = new PopulationOptions { Seed = 11, PatientCount = 60 };
        Assert.Equal(Fingerprint(PopulationGenerator.Generate(options)), Fingerprint(PopulationGenerator.Generate(options)));
    }

    [Fact]
    public void Different_seed_gives_different_patients()
    {
        var a = Fingerprint(PopulationGenerator.Generate(new PopulationOptions { Seed = 11, PatientCount = 30 }));
        var b = Fingerprint(PopulationGenerator.Generate(new PopulationOptions { Seed = 12, PatientCount = 30 }));
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void A_patient_is_the_same_whatever_the_population_size()
    {
        var small = new PopulationGenerator(new PopulationOptions { Seed = 5, PatientCount = 10 });
        var large = new PopulationGenerator(new PopulationOptions { Seed = 5, PatientCount = 5000 });
        Assert.Equal(Fingerprint([small.GeneratePatient(7)]), Fingerprint([large.GeneratePatient(7)]));
        Assert.Equal(small.Reference.Practitioners.Select(p => p.Id + p.FamilyName), large.Reference.Practitioners.Select(p => p.Id + p.FamilyName));
    }

    [Fact]
    public void Patients_are_streamed_in_index_order_with_stable_ids()
    {
        var ids = PopulationGenerator.Generate(new PopulationOptions { Seed = 3, PatientCount = 4 }).Select(r => r.Patient.Id).ToList();
        Assert.Equal(["p0000001", "p0000002", "p0000003", "p0000004"], ids);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1_000_001)]
    public void Patient_count_out_of_range_is_refused_with_a_clear_message(int count)
    {
        var error = Assert.Throws<ArgumentException>(() => new PopulationGenerator(new PopulationOptions { PatientCount = count }));
        Assert.Contains("patient count must be between 1 and 1,000,000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_region_is_refused_and_the_known_ones_are_named()
    {
        var error = Assert.Throws<ArgumentException>(() => new PopulationGenerator(new PopulationOptions { Region = "atlantis" }));
        Assert.Contains("northern-new-england", error.Message, StringComparison.Ordinal);
        Assert.Contains("wyoming", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_id_in_a_population_is_unique()
    {
        var generator = new PopulationGenerator(new PopulationOptions { Seed = 21, PatientCount = 300 });
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in generator.Reference.Organizations.Select(o => o.Id).Concat(generator.Reference.Practitioners.Select(p => p.Id)).Concat(generator.Reference.Locations.Select(l => l.Id)))
        {
            Assert.True(ids.Add(id), id);
        }
        foreach (var r in generator.Patients())
        {
            var all = new[] { r.Patient.Id }
                .Concat(r.Encounters.Select(x => x.Id)).Concat(r.Appointments.Select(x => x.Id)).Concat(r.Conditions.Select(x => x.Id))
                .Concat(r.Observations.Select(x => x.Id)).Concat(r.Medications.Select(x => x.Id)).Concat(r.Allergies.Select(x => x.Id))
                .Concat(r.Immunizations.Select(x => x.Id)).Concat(r.Procedures.Select(x => x.Id)).Concat(r.Devices.Select(x => x.Id))
                .Concat(r.RemoteReadings.Select(x => x.Id)).Concat(r.Claims.Select(x => x.Id));
            foreach (var id in all)
            {
                Assert.True(ids.Add(id), id);
            }
        }
    }

    [Fact]
    public void References_between_records_resolve()
    {
        var generator = new PopulationGenerator(new PopulationOptions { Seed = 9, PatientCount = 300 });
        foreach (var r in generator.Patients())
        {
            var encounters = r.Encounters.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
            var conditions = r.Conditions.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
            var appointments = r.Appointments.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
            foreach (var e in r.Encounters)
            {
                generator.Reference.Practitioner(e.PractitionerId);
                generator.Reference.Organization(e.OrganizationId);
                generator.Reference.Location(e.LocationId);
                Assert.True(e.AppointmentId is null || appointments.Contains(e.AppointmentId));
                Assert.True(e.Admission?.FromEmergencyEncounterId is null || encounters.Contains(e.Admission.FromEmergencyEncounterId));
            }
            Assert.All(r.Appointments, a => Assert.True(a.EncounterId is null || encounters.Contains(a.EncounterId)));
            Assert.All(r.Observations, o => Assert.True(o.EncounterId is null || encounters.Contains(o.EncounterId)));
            Assert.All(r.Procedures, p => Assert.Contains(p.EncounterId, encounters));
            Assert.All(r.Claims, c => Assert.Contains(c.EncounterId, encounters));
            Assert.All(r.Medications, m => Assert.True(m.ReasonConditionId is null || conditions.Contains(m.ReasonConditionId)));
            Assert.All(r.RemoteReadings, x => Assert.Contains(r.Devices, d => d.Id == x.DeviceId));
        }
    }
}
