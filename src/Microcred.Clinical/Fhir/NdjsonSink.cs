using System.Buffers;
using Microcred.Clinical.Export;
using Microcred.Clinical.Population;

namespace Microcred.Clinical.Fhir;

/// <summary>Bulk-data style output: one <c>Type.ndjson</c> file per resource type, one resource per line.</summary>
internal sealed class NdjsonSink(string directory, ReferenceData reference) : IPopulationSink
{
    /// <summary>Every resource type written, in the order files are listed.</summary>
    public static readonly string[] ResourceTypes =
    [
        "Organization", "Practitioner", "Location", "Patient", "Coverage", "Appointment", "Encounter", "Condition",
        "Observation", "MedicationRequest", "AllergyIntolerance", "Immunization", "Procedure", "Device", "Claim",
    ];

    private readonly FhirPopulationMapper _mapper = new(reference, FhirReferenceStyle.Relative, reuseElements: true);
    private readonly Dictionary<string, FileStream> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);

    public void Begin(ReferenceData data, PopulationOptions options)
    {
        foreach (var type in ResourceTypes)
        {
            _files[type] = new FileStream(Path.Combine(directory, type + ".ndjson"), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            _counts[type] = 0;
        }
        Commit(Serialize(FhirPopulationMapper.ReferenceResources(data)));
    }

    public object Prepare(PatientRecord record) => Serialize(_mapper.PatientResources(record));

    public void Commit(object prepared)
    {
        foreach (var (type, lines) in (PreparedLines)prepared)
        {
            _files[type].Write(lines.Buffer.WrittenSpan);
            _counts[type] += lines.Count;
        }
    }

    public IReadOnlyDictionary<string, long> Complete()
    {
        foreach (var file in _files.Values)
        {
            file.Flush();
        }
        return new SortedDictionary<string, long>(_counts, StringComparer.Ordinal);
    }

    public void Dispose()
    {
        foreach (var file in _files.Values)
        {
            file.Dispose();
        }
        _files.Clear();
    }

    // The Firely serializer has a noticeable cost per call, so a patient's resources are serialized in one
    // call as a collection bundle and the bundle is then cut into one line per resource. Each cut is the exact
    // compact JSON the serializer writes for that resource alone (a test holds the two equal).
    private static PreparedLines Serialize(IEnumerable<Hl7.Fhir.Model.Resource> resources)
    {
        var list = resources.ToList();
        var bundle = new Hl7.Fhir.Model.Bundle { Type = Hl7.Fhir.Model.Bundle.BundleType.Collection };
        foreach (var resource in list)
        {
            bundle.Entry.Add(new Hl7.Fhir.Model.Bundle.EntryComponent { Resource = resource });
        }
        var json = new ArrayBufferWriter<byte>(list.Count * 768);
        FhirJson.Write(json, bundle, indented: false);

        var lines = new PreparedLines();
        var index = 0;
        var reader = new System.Text.Json.Utf8JsonReader(json.WrittenSpan);
        while (reader.Read())
        {
            if (reader.TokenType != System.Text.Json.JsonTokenType.PropertyName || reader.CurrentDepth != 3 || !reader.ValueTextEquals("resource"u8))
            {
                continue;
            }
            reader.Read();
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            var end = (int)reader.BytesConsumed;
            var type = list[index++].TypeName;
            var target = lines.Find(l => l.Type == type).Lines;
            if (target is null)
            {
                target = new TypeLines();
                lines.Add((type, target));
            }
            target.Buffer.Write(json.WrittenSpan[start..end]);
            target.Buffer.Write("\n"u8);
            target.Count++;
        }
        if (index != list.Count)
        {
            throw new InvalidOperationException($"Expected {list.Count} resources in the serialized bundle, found {index}.");
        }
        return lines;
    }

    private sealed class TypeLines
    {
        public ArrayBufferWriter<byte> Buffer { get; } = new(4096);

        public int Count { get; set; }
    }

    private sealed class PreparedLines : List<(string Type, TypeLines Lines)>;
}
