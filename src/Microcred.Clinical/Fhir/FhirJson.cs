using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace Microcred.Clinical.Fhir;

/// <summary>FHIR R4 JSON through the Firely SDK's System.Text.Json converters.</summary>
public static class FhirJson
{
    private static readonly JsonSerializerOptions Compact = new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }.ForFhir();
    private static readonly JsonSerializerOptions Indented = new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = true }.ForFhir();

    /// <summary>Serializes a resource to a JSON string.</summary>
    public static string Serialize(Resource resource, bool indented = false)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return JsonSerializer.Serialize(resource, resource.GetType(), indented ? Indented : Compact);
    }

    /// <summary>Parses a JSON string into a resource; throws <see cref="JsonException"/> on invalid input.</summary>
    public static Resource Parse(string json) =>
        JsonSerializer.Deserialize<Resource>(json, Compact) ?? throw new JsonException("The JSON is null, not a FHIR resource.");

    private static readonly FhirJsonSerializer PocoSerializer = new();

    internal static void Write(IBufferWriter<byte> output, Resource resource, bool indented)
    {
        using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = indented, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true });
        PocoSerializer.Serialize(resource, writer, null);
    }

    internal static void Write(Utf8JsonWriter writer, Resource resource) => PocoSerializer.Serialize(resource, writer, null);

}
