using System.Buffers;
using System.Text.Json;

namespace Microcred.Credentials.Proofs;

/// <summary>Small structural rewrites of credential JSON without a round trip through a mutable DOM.</summary>
internal static class JsonRewriter
{
    /// <summary>Copies an object, leaving out one top-level property.</summary>
    public static JsonDocument WithoutProperty(JsonElement obj, string name)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            foreach (var p in obj.EnumerateObject())
            {
                if (!p.NameEquals(name))
                {
                    p.WriteTo(w);
                }
            }
            w.WriteEndObject();
        }
        return JsonDocument.Parse(buffer.WrittenMemory);
    }

    /// <summary>
    /// The proof configuration of a Data Integrity proof: the proof's own properties except
    /// <c>proofValue</c> (and any <c>@context</c> of its own), with the document's <c>@context</c>.
    /// </summary>
    public static JsonDocument ProofConfiguration(JsonElement documentContext, JsonElement proof)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WritePropertyName("@context");
            documentContext.WriteTo(w);
            foreach (var p in proof.EnumerateObject())
            {
                if (!p.NameEquals("proofValue") && !p.NameEquals("@context"))
                {
                    p.WriteTo(w);
                }
            }
            w.WriteEndObject();
        }
        return JsonDocument.Parse(buffer.WrittenMemory);
    }

    /// <summary>Copies a document and appends <c>"proof": [proof]</c> (OB 3.0 wants the proof as an array).</summary>
    public static byte[] WithProof(JsonElement document, Action<Utf8JsonWriter> writeProof, bool indented)
    {
        var buffer = new ArrayBufferWriter<byte>(8192);
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented }))
        {
            w.WriteStartObject();
            foreach (var p in document.EnumerateObject())
            {
                if (!p.NameEquals("proof"))
                {
                    p.WriteTo(w);
                }
            }
            w.WritePropertyName("proof");
            w.WriteStartArray();
            writeProof(w);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
