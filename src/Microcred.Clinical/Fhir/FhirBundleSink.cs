using System.Buffers;
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

    private readonly FhirPopulationMapper _mapper = new(reference, FhirReferenceStyle.BundleInternal, reuseElements: true);
    private readonly SortedDictionary<string, long> _counts = new(StringComparer.Ordinal);
    private string? _currentFolder;

    public static string PatientPath(string directory, string patientId)
    {
        var number = int.Parse(patientId.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);
        return Path.Combine(directory, "patients", ((number - 1) / 1000).ToString("D4", System.Globalization.CultureInfo.InvariantCulture), patientId + ".json");
    }

    public void Begin(ReferenceData data, PopulationOptions options)
    {
        var bundle = FhirPopulationMapper.ReferenceBundle(data);
        foreach (var entry in bundle.Entry)
        {
            Count(entry.Resource!.TypeName);
        }
        var buffer = new ArrayBufferWriter<byte>();
        FhirJson.Write(buffer, bundle, indented: true);
        buffer.Write("\n"u8);
        File.WriteAllBytes(Path.Combine(directory, ReferenceFileName), buffer.WrittenSpan.ToArray());
    }

    public object Prepare(PatientRecord record)
    {
        var bundle = _mapper.PatientBundle(record);
        var types = new List<string>(bundle.Entry.Count);
        foreach (var entry in bundle.Entry)
        {
            types.Add(entry.Resource!.TypeName);
        }
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        FhirJson.Write(buffer, bundle, indented: true);
        buffer.Write("\n"u8);
        return new PreparedBundle(record.Patient.Id, buffer, types);
    }

    public void Commit(object prepared)
    {
        var bundle = (PreparedBundle)prepared;
        var path = PatientPath(directory, bundle.PatientId);
        var folder = Path.GetDirectoryName(path)!;
        if (!string.Equals(folder, _currentFolder, StringComparison.Ordinal))
        {
            Directory.CreateDirectory(folder);
            _currentFolder = folder;
        }
        using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None))
        {
            file.Write(bundle.Json.WrittenSpan);
        }
        foreach (var type in bundle.Types)
        {
            Count(type);
        }
    }

    public IReadOnlyDictionary<string, long> Complete() => _counts;

    public void Dispose()
    {
    }

    private void Count(string type) => _counts[type] = _counts.GetValueOrDefault(type) + 1;

    private sealed record PreparedBundle(string PatientId, ArrayBufferWriter<byte> Json, List<string> Types);
}
