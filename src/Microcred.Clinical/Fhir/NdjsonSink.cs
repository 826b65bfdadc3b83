using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
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

    internal static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    private static readonly Dictionary<string, int> TypeIndex = ResourceTypes.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => x.i, StringComparer.Ordinal);

    private readonly ThreadLocal<PatientResourceWriter> _writers = new(() => new PatientResourceWriter(reference, FhirReferenceStyle.Relative));
    private readonly BufferPool _buffers = new(64 * 1024);
    private readonly FileStream?[] _files = new FileStream?[ResourceTypes.Length];
    private readonly long[] _counts = new long[ResourceTypes.Length];

    public void Begin(ReferenceData data, PopulationOptions options)
    {
        for (var t = 0; t < ResourceTypes.Length; t++)
        {
            _files[t] = new FileStream(Path.Combine(directory, ResourceTypes[t] + ".ndjson"), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        }
        // The shared reference data is written once, through the Firely SDK's serializer.
        var lines = new NdjsonLines(_buffers.Rent());
        foreach (var resource in FhirPopulationMapper.ReferenceResources(data))
        {
            FhirJson.Write(lines.BeginResource(resource.TypeName, resource.Id!, default), resource);
            lines.EndResource();
        }
        Commit(lines);
    }

    public object Prepare(PatientRecord record)
    {
        var lines = new NdjsonLines(_buffers.Rent());
        _writers.Value!.Write(record, lines);
        return lines;
    }

    public void Commit(object prepared)
    {
        using var lines = (NdjsonLines)prepared;
        var text = lines.Buffer.WrittenSpan;
        foreach (var run in lines.Runs)
        {
            _files[run.Type]!.Write(text[run.Start..run.End]);
            _counts[run.Type] += run.Lines;
        }
    }

    public IReadOnlyDictionary<string, long> Complete()
    {
        foreach (var file in _files)
        {
            file?.Flush();
        }
        return ResourceTypes.Select((type, i) => (type, _counts[i])).ToDictionary(x => x.type, x => x.Item2, StringComparer.Ordinal);
    }

    public void Dispose()
    {
        for (var t = 0; t < _files.Length; t++)
        {
            _files[t]?.Dispose();
            _files[t] = null;
        }
        _writers.Dispose();
    }

    /// <summary>
    /// One patient's lines in one buffer, in the order written, with the runs of consecutive lines of one type,
    /// so the writing thread copies each run to its file in one call.
    /// </summary>
    private sealed class NdjsonLines(OutputBuffer buffer) : ResourceJsonTarget, IDisposable
    {
        private readonly Utf8JsonWriter _json = new(buffer, WriterOptions);
        private int _type;
        private int _start;

        public OutputBuffer Buffer => buffer;

        public List<(int Type, int Start, int End, int Lines)> Runs { get; } = [];

        public override Utf8JsonWriter BeginResource(string resourceType, string id, ReadOnlySpan<byte> fullUrl)
        {
            _type = TypeIndex[resourceType];
            _start = buffer.WrittenCount;
            return _json;
        }

        public override void EndResource()
        {
            _json.Flush();
            buffer.Write("\n"u8);
            // A new root value on the same writer would be preceded by a comma; Reset starts it afresh.
            _json.Reset();
            if (Runs.Count > 0 && Runs[^1] is var last && last.Type == _type && last.End == _start)
            {
                Runs[^1] = (_type, last.Start, buffer.WrittenCount, last.Lines + 1);
            }
            else
            {
                Runs.Add((_type, _start, buffer.WrittenCount, 1));
            }
        }

        public void Dispose()
        {
            _json.Dispose();
            buffer.Dispose();
        }
    }
}
