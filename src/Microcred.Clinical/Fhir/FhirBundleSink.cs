using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microcred.Clinical.Export;
using Microcred.Clinical.Population;

namespace Microcred.Clinical.Fhir;

/// <summary>
/// Writes <c>reference-data.json</c> and one transaction bundle per patient under
/// <c>patients/NNNN/pNNNNNNN.json</c> (a thousand patients per folder).
/// </summary>
internal sealed class FhirBundleSink(string directory, ReferenceData reference) : IPopulationSink
{
    public const string ReferenceFileName = "reference-data.json";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true, Indented = true };

    private readonly ThreadLocal<PatientResourceWriter> _writers = new(() => new PatientResourceWriter(reference, FhirReferenceStyle.BundleInternal));
    private readonly BufferPool _buffers = new(1024 * 1024);
    private readonly SortedDictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _folders = new(StringComparer.Ordinal);

    public static string PatientPath(string directory, string patientId)
    {
        var number = int.Parse(patientId.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);
        return Path.Combine(directory, "patients", ((number - 1) / 1000).ToString("D4", System.Globalization.CultureInfo.InvariantCulture), patientId + ".json");
    }

    public void Begin(ReferenceData data, PopulationOptions options)
    {
        // The shared reference data is written once, through the Firely SDK's serializer.
        var bundle = FhirPopulationMapper.ReferenceBundle(data);
        foreach (var entry in bundle.Entry)
        {
            Count(entry.Resource!.TypeName, 1);
        }
        var buffer = new ArrayBufferWriter<byte>();
        FhirJson.Write(buffer, bundle, indented: true);
        buffer.Write("\n"u8);
        File.WriteAllBytes(Path.Combine(directory, ReferenceFileName), buffer.WrittenSpan.ToArray());
    }

    public object Prepare(PatientRecord record)
    {
        // Each patient is a file of its own whose bytes do not depend on when it is written, so the file is written
        // here, on the parallel side: creating a file costs the kernel more than formatting it, and one writing
        // thread would leave the other cores idle.
        using var bundle = new TransactionBundle(_buffers.Rent());
        bundle.Write(_writers.Value!, record);
        var path = PatientPath(directory, record.Patient.Id);
        var folder = Path.GetDirectoryName(path)!;
        // mkdir on a folder that exists still costs the kernel a lookup under the parent's lock.
        if (!_folders.ContainsKey(folder))
        {
            Directory.CreateDirectory(folder);
            _folders.TryAdd(folder, true);
        }
        using (var file = File.OpenHandle(path, FileMode.Create, FileAccess.Write))
        {
            RandomAccess.Write(file, bundle.Buffer.WrittenSpan, 0);
        }
        return bundle.Counts;
    }

    public void Commit(object prepared)
    {
        foreach (var (type, count) in (Dictionary<string, int>)prepared)
        {
            Count(type, count);
        }
    }

    public IReadOnlyDictionary<string, long> Complete() => _counts;

    public void Dispose() => _writers.Dispose();

    private void Count(string type, long count) => _counts[type] = _counts.GetValueOrDefault(type) + count;

    /// <summary>
    /// One patient as the transaction bundle <see cref="FhirPopulationMapper.PatientBundle"/> describes: each
    /// entry has a <c>urn:uuid:</c> fullUrl, the resource and a PUT to its stable id.
    /// </summary>
    private sealed class TransactionBundle(OutputBuffer buffer) : ResourceJsonTarget, IDisposable
    {
        private readonly Utf8JsonWriter _json = new(buffer, WriterOptions);
        private string _type = "";
        private string _id = "";

        public OutputBuffer Buffer => buffer;

        public Dictionary<string, int> Counts { get; } = new(StringComparer.Ordinal);

        public void Write(PatientResourceWriter writer, PatientRecord record)
        {
            _json.WriteStartObject();
            _json.WriteString("resourceType"u8, "Bundle"u8);
            _json.WriteStartObject("meta"u8);
            _json.WriteStartArray("tag"u8);
            _json.WriteStartObject();
            _json.WriteString("system"u8, "http://terminology.hl7.org/CodeSystem/v3-ActReason"u8);
            _json.WriteString("code"u8, "HTEST"u8);
            _json.WriteString("display"u8, "test health data"u8);
            _json.WriteEndObject();
            _json.WriteEndArray();
            _json.WriteEndObject();
            _json.WriteString("type"u8, "transaction"u8);
            _json.WriteStartArray("entry"u8);
            writer.Write(record, this);
            _json.WriteEndArray();
            _json.WriteEndObject();
            _json.Flush();
            buffer.Write("\n"u8);
        }

        public override Utf8JsonWriter BeginResource(string resourceType, string id, ReadOnlySpan<byte> fullUrl)
        {
            _type = resourceType;
            _id = id;
            _json.WriteStartObject();
            _json.WriteString("fullUrl"u8, fullUrl);
            _json.WritePropertyName("resource"u8);
            return _json;
        }

        public override void EndResource()
        {
            _json.WriteStartObject("request"u8);
            _json.WriteString("method"u8, "PUT"u8);
            _json.WriteString("url"u8, _type + "/" + _id);
            _json.WriteEndObject();
            _json.WriteEndObject();
            CollectionsMarshal.GetValueRefOrAddDefault(Counts, _type, out _)++;
        }

        public void Dispose()
        {
            _json.Dispose();
            buffer.Dispose();
        }
    }
}
