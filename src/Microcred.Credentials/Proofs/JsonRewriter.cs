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

/// <summary>
/// A credential's bytes split into the document without its top-level <c>proof</c> and the proof
/// value, each parsed once: verification needs both, and re-serializing the whole document to drop
/// one property would cost a second full parse. Duplicate property names are refused: JSON-LD
/// would sign both values while readers of the JSON see only one.
/// </summary>
internal sealed class SplitCredential : IDisposable
{
    private SplitCredential(JsonDocument unsecured, JsonDocument? proof)
    {
        Unsecured = unsecured;
        Proof = proof;
    }

    public JsonDocument Unsecured { get; }

    public JsonDocument? Proof { get; }

    /// <exception cref="JsonException">The bytes are not JSON, nest too deeply, or have two top-level "proof" properties.</exception>
    public static SplitCredential Parse(ReadOnlyMemory<byte> utf8, int maxDepth)
    {
        var span = utf8.Span;
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            utf8 = utf8[3..];
            span = utf8.Span;
        }
        var options = new JsonDocumentOptions { MaxDepth = maxDepth, AllowDuplicateProperties = false };
        if (!TryFindTopLevelProperty(span, "proof"u8, maxDepth, out var removeStart, out var removeEnd, out var valueStart, out var valueEnd))
        {
            return new SplitCredential(JsonDocument.Parse(utf8, options), null);
        }
        var unsecured = new byte[span.Length - (removeEnd - removeStart)];
        span[..removeStart].CopyTo(unsecured);
        span[removeEnd..].CopyTo(unsecured.AsSpan(removeStart));
        var document = JsonDocument.Parse(unsecured, options);
        try
        {
            return new SplitCredential(document, JsonDocument.Parse(utf8[valueStart..valueEnd], options));
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    private static bool TryFindTopLevelProperty(ReadOnlySpan<byte> json, ReadOnlySpan<byte> name, int maxDepth, out int removeStart, out int removeEnd, out int valueStart, out int valueEnd)
    {
        removeStart = removeEnd = valueStart = valueEnd = 0;
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = maxDepth });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }
        var found = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var nameStart = (int)reader.TokenStartIndex;
            var matches = reader.ValueTextEquals(name);
            reader.Read();
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            if (!matches)
            {
                continue;
            }
            if (found)
            {
                throw new JsonException($"The credential has more than one top-level \"{System.Text.Encoding.UTF8.GetString(name)}\" property.");
            }
            found = true;
            valueStart = start;
            valueEnd = (int)reader.BytesConsumed;
            removeStart = nameStart;
            removeEnd = valueEnd;
            var after = removeEnd;
            while (after < json.Length && IsWhitespace(json[after]))
            {
                after++;
            }
            if (after < json.Length && json[after] == (byte)',')
            {
                removeEnd = after + 1;
            }
            else
            {
                var before = removeStart - 1;
                while (before >= 0 && IsWhitespace(json[before]))
                {
                    before--;
                }
                if (before >= 0 && json[before] == (byte)',')
                {
                    removeStart = before;
                }
            }
        }
        return found;
    }

    private static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r';

    public void Dispose()
    {
        Unsecured.Dispose();
        Proof?.Dispose();
    }
}
