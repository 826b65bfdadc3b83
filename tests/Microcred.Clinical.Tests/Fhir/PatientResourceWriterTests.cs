using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microcred.Clinical.Export;
using Microcred.Clinical.Fhir;
using Microcred.Clinical.Population;
using Microcred.Clinical.Tests.Export;

namespace Microcred.Clinical.Tests.Fhir;

/// <summary>
/// The direct JSON writer must write exactly what the Firely SDK serializer writes for the resources
/// <see cref="FhirPopulationMapper"/> maps, for every resource type and every variant of each.
/// </summary>
public sealed class PatientResourceWriterTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>Two regions, so both time-zone offsets are covered; together they hold every variant below.</summary>
    private static readonly Lazy<List<(PopulationGenerator Generator, List<PatientRecord> Records)>> Sample = new(() =>
    [
        Populate(new PopulationOptions { Seed = 404, PatientCount = 2000 }),
        Populate(new PopulationOptions { Seed = 405, PatientCount = 600, Region = "wyoming" }),
    ]);

    private static (PopulationGenerator, List<PatientRecord>) Populate(PopulationOptions options)
    {
        var generator = new PopulationGenerator(options);
        return (generator, generator.Patients().ToList());
    }

    [Theory]
    [InlineData(FhirReferenceStyle.Relative)]
    [InlineData(FhirReferenceStyle.BundleInternal)]
    public void Every_resource_of_a_large_sample_is_byte_identical_to_the_firely_serializer(FhirReferenceStyle style)
    {
        var compared = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (generator, records) in Sample.Value)
        {
            var mapper = new FhirPopulationMapper(generator.Reference, style);
            var writer = new PatientResourceWriter(generator.Reference, style);
            foreach (var record in records)
            {
                var expected = mapper.PatientResources(record).ToList();
                var actual = Written(writer, record);
                Assert.Equal(expected.Count, actual.Count);
                for (var i = 0; i < expected.Count; i++)
                {
                    AssertSameJson(FhirJson.Serialize(expected[i]), actual[i].Json, $"{expected[i].TypeName}/{expected[i].Id}");
                    Assert.Equal((expected[i].TypeName, expected[i].Id), (actual[i].Type, actual[i].Id));
                    if (style == FhirReferenceStyle.BundleInternal)
                    {
                        Assert.Equal("urn:uuid:" + FhirPopulationMapper.ResourceUuid(expected[i].TypeName, expected[i].Id!), actual[i].FullUrl);
                    }
                    compared[expected[i].TypeName] = compared.GetValueOrDefault(expected[i].TypeName) + 1;
                }
            }
        }
        foreach (var type in NdjsonSink.ResourceTypes.Except(["Organization", "Practitioner", "Location"]))
        {
            Assert.True(compared.GetValueOrDefault(type) > 0, $"no {type} compared");
        }
    }

    [Fact]
    public void The_sample_holds_every_variant_the_writer_distinguishes()
    {
        var records = Sample.Value.SelectMany(s => s.Records).ToList();
        var appointments = records.SelectMany(r => r.Appointments).ToList();
        var encounters = records.SelectMany(r => r.Encounters).ToList();
        var admissions = encounters.Select(e => e.Admission).OfType<Admission>().ToList();
        var conditions = records.SelectMany(r => r.Conditions).ToList();
        var observations = records.SelectMany(r => r.Observations).ToList();
        var medications = records.SelectMany(r => r.Medications).ToList();
        var allergies = records.SelectMany(r => r.Allergies).ToList();
        var readings = records.SelectMany(r => r.RemoteReadings).ToList();
        var claims = records.SelectMany(r => r.Claims).ToList();
        var variants = new Dictionary<string, bool>
        {
            ["patient with SSN"] = records.Any(r => r.Patient.Ssn is not null),
            ["patient without SSN"] = records.Any(r => r.Patient.Ssn is null),
            ["deceased patient"] = records.Any(r => r.Patient.DeathDate is not null),
            ["female and male"] = records.Select(r => r.Patient.Sex).Distinct().Count() == 2,
            ["every payer kind"] = records.Select(r => r.Patient.PayerKind).Distinct().Count() == Enum.GetValues<PayerKind>().Length,
            ["every appointment status"] = appointments.Select(a => a.Status).Distinct().Count() == Enum.GetValues<AppointmentStatus>().Length,
            ["virtual appointment"] = appointments.Any(a => a.Virtual),
            ["several discharge dispositions"] = admissions.Select(a => a.Disposition).Distinct().Count() >= 4,
            ["every encounter class"] = encounters.Select(e => e.Class).Distinct().Count() == Enum.GetValues<EncounterClass>().Length,
            ["encounter without reason"] = encounters.Any(e => e.Reason is null),
            ["encounter without appointment"] = encounters.Any(e => e.AppointmentId is null),
            ["planned and unplanned admissions"] = admissions.Select(a => a.Planned).Distinct().Count() == 2,
            ["admission from the ED and not"] = admissions.Select(a => a.FromEmergencyEncounterId is null).Distinct().Count() == 2,
            ["resolved condition"] = conditions.Any(c => c.Abatement is not null),
            ["both condition categories"] = conditions.Select(c => c.Category).Distinct().Count() == 2,
            ["condition without encounter"] = conditions.Any(c => c.EncounterId is null),
            ["every observation category"] = observations.Select(o => o.Category).Distinct().Count() == Enum.GetValues<ObservationCategory>().Length,
            ["observation with components"] = observations.Any(o => o.Components.Count > 0),
            ["observation with a value"] = observations.Any(o => o.Value is not null),
            ["every medication status"] = medications.Select(m => m.Status).Distinct().Count() == Enum.GetValues<MedicationStatus>().Length,
            ["medication with an end"] = medications.Any(m => m.End is not null),
            ["medication with and without encounter"] = medications.Select(m => m.EncounterId is null).Distinct().Count() == 2,
            ["allergy coded and uncoded"] = allergies.Select(a => a.Code is null).Distinct().Count() == 2,
            ["every allergy category"] = allergies.Select(a => a.Category).Distinct().Count() == Enum.GetValues<AllergyCategory>().Length,
            ["both criticalities"] = allergies.Select(a => a.HighCriticality).Distinct().Count() == 2,
            ["procedure"] = records.Any(r => r.Procedures.Count > 0),
            ["every device kind"] = records.SelectMany(r => r.Devices).Select(d => d.Kind).Distinct().Count() == Enum.GetValues<RemoteReadingKind>().Length,
            ["every remote reading kind"] = readings.Select(r => r.Kind).Distinct().Count() == Enum.GetValues<RemoteReadingKind>().Length,
            ["both claim kinds"] = claims.Select(c => c.Kind).Distinct().Count() == 2,
            ["claim with and without lines"] = claims.Select(c => c.Lines.Count == 0).Distinct().Count() == 2,
            ["both regions"] = Sample.Value.Select(s => s.Generator.Options.Region).Distinct().Count() == 2,
        };
        Assert.All(variants, v => Assert.True(v.Value, $"the sample lacks: {v.Key}"));
    }

    [Fact]
    public void Variants_the_generator_rarely_or_never_makes_are_written_as_the_sdk_writes_them()
    {
        var (generator, records) = Sample.Value[0];
        var record = records.Where(r => r.Encounters.Any(e => e.Admission is not null) && r.Medications.Count > 0 && r.Immunizations.Count > 0 && r.Conditions.Count > 0)
            .OrderByDescending(r => r.Observations.Count).First();
        var admitted = record.Encounters.First(e => e.Admission is not null);
        var variants = Enum.GetValues<DischargeDisposition>()
            .Select(d => record with { Encounters = [.. record.Encounters.Select(e => e == admitted ? e with { Admission = e.Admission! with { Disposition = d } } : e)] })
            .Append(record with
            {
                Patient = record.Patient with { MemberId = null, PayerId = "org-001", Ssn = null, DeathDate = new DateOnly(2025, 6, 1) },
                Encounters = [.. record.Encounters.Select(e => e with { Reason = null, AppointmentId = null })],
                Conditions = [.. record.Conditions.Select(c => c with { EncounterId = null, Abatement = c.Onset.AddDays(30) })],
                Observations = [.. record.Observations.Select(o => o with { EncounterId = null, Unit = null })],
                Medications = [.. record.Medications.Select(m => m with { EncounterId = null, ReasonConditionId = null, End = null })],
                Immunizations = [.. record.Immunizations.Select(i => i with { EncounterId = null })],
            });
        foreach (var variant in variants)
        {
            foreach (var style in Enum.GetValues<FhirReferenceStyle>())
            {
                var expected = new FhirPopulationMapper(generator.Reference, style).PatientResources(variant).Select(r => FhirJson.Serialize(r)).ToList();
                var actual = Written(new PatientResourceWriter(generator.Reference, style), variant).Select(r => r.Json).ToList();
                Assert.Equal(expected.Count, actual.Count);
                for (var i = 0; i < expected.Count; i++)
                {
                    AssertSameJson(expected[i], actual[i], $"{style} resource {i} of {variant.Patient.Id}");
                }
            }
        }
    }

    [Fact]
    public void An_appointment_time_with_a_fraction_of_a_second_is_written_as_the_sdk_writes_it()
    {
        var (generator, records) = Sample.Value[0];
        var record = records.First(r => r.Appointments.Count > 0);
        var first = record.Appointments[0];
        record = record with { Appointments = [first with { Start = first.Start.AddTicks(1_234_500), End = first.End.AddTicks(5_000_000) }, .. record.Appointments.Skip(1)] };
        var expected = new FhirPopulationMapper(generator.Reference, FhirReferenceStyle.Relative).PatientResources(record).OfType<Hl7.Fhir.Model.Appointment>().First();
        var actual = Written(new PatientResourceWriter(generator.Reference, FhirReferenceStyle.Relative), record).First(r => r.Type == "Appointment");
        Assert.Contains(".12345-", actual.Json, StringComparison.Ordinal);
        Assert.Equal(FhirJson.Serialize(expected), actual.Json);
    }

    [Fact]
    public async Task Exported_transaction_bundles_are_byte_identical_to_the_firely_serializer()
    {
        var generator = new PopulationGenerator(new PopulationOptions { Seed = 406, PatientCount = 300 });
        var directory = _temp.Sub("bundles");
        await PopulationExporter.ExportAsync(generator, PopulationFormat.Fhir, directory, maxDegreeOfParallelism: 2);
        var mapper = new FhirPopulationMapper(generator.Reference, FhirReferenceStyle.BundleInternal);
        foreach (var record in generator.Patients())
        {
            var expected = new ArrayBufferWriter<byte>();
            FhirJson.Write(expected, mapper.PatientBundle(record), indented: true);
            expected.Write("\n"u8);
            AssertSameJson(Encoding.UTF8.GetString(expected.WrittenSpan), File.ReadAllText(FhirBundleSink.PatientPath(directory, record.Patient.Id)), record.Patient.Id);
        }
    }

    private static void AssertSameJson(string expected, string actual, string what)
    {
        if (string.Equals(expected, actual, StringComparison.Ordinal))
        {
            return;
        }
        var at = expected.AsSpan().CommonPrefixLength(actual);
        var from = Math.Max(0, at - 80);
        Assert.Fail($"{what} differs at character {at}:\nexpected …{expected[from..Math.Min(expected.Length, at + 80)]}\nactual   …{actual[from..Math.Min(actual.Length, at + 80)]}");
    }

    private static List<(string Type, string Id, string FullUrl, string Json)> Written(PatientResourceWriter writer, PatientRecord record)
    {
        using var target = new CollectingTarget();
        writer.Write(record, target);
        return target.Resources;
    }

    private sealed class CollectingTarget : ResourceJsonTarget, IDisposable
    {
        private readonly ArrayBufferWriter<byte> _buffer = new();
        private readonly Utf8JsonWriter _json;
        private (string Type, string Id, string FullUrl) _current;

        public CollectingTarget() => _json = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

        public List<(string Type, string Id, string FullUrl, string Json)> Resources { get; } = [];

        public override Utf8JsonWriter BeginResource(string resourceType, string id, ReadOnlySpan<byte> fullUrl)
        {
            _current = (resourceType, id, Encoding.UTF8.GetString(fullUrl));
            _buffer.ResetWrittenCount();
            _json.Reset();
            return _json;
        }

        public override void EndResource()
        {
            _json.Flush();
            Resources.Add((_current.Type, _current.Id, _current.FullUrl, Encoding.UTF8.GetString(_buffer.WrittenSpan)));
        }

        public void Dispose() => _json.Dispose();
    }
}
