using System.Buffers;
using System.Text.Json;
using Microcred.Credentials.Proofs;

namespace Microcred.Credentials.Tests.Credentials;

/// <summary>
/// Canonical JSON with sorted keys: a deterministic stand-in canonicalizer that lets the proof,
/// issuer, validity and status logic be tested independently of JSON-LD processing.
/// </summary>
internal sealed class SortedJsonCanonicalizer : IDocumentCanonicalizer
{
    public static SortedJsonCanonicalizer Instance { get; } = new();

    public ReadOnlyMemory<byte> Canonicalize(JsonElement document)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, document);
        }
        return buffer.WrittenMemory;
    }

    private static void Write(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(property.Name);
                    Write(writer, property.Value);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    Write(writer, item);
                }
                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }
}
