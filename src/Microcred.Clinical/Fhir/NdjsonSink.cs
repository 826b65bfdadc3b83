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

    private static PreparedLines Serialize(IEnumerable<Hl7.Fhir.Model.Resource> resources)
    {
        var lines = new PreparedLines();
        foreach (var resource in resources)
        {
            var type = resource.TypeName;
            var list = lines.Find(l => l.Type == type).Lines;
            if (list is null)
            {
                list = new TypeLines();
                lines.Add((type, list));
            }
            FhirJson.Write(list.Buffer, resource, indented: false);
            list.Buffer.Write("\n"u8);
            list.Count++;
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
