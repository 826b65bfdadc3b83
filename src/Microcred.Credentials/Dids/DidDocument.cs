using System.Buffers;
using System.Text;
using System.Text.Json;
using Microcred.Credentials.Keys;

namespace Microcred.Credentials.Dids;

/// <summary>A verification method of a DID document, with its Ed25519 public key decoded.</summary>
/// <param name="Id">The absolute id, e.g. <c>did:web:example.org#key-1</c>.</param>
/// <param name="Type"><c>Multikey</c>, <c>Ed25519VerificationKey2020</c> or <c>JsonWebKey</c>.</param>
/// <param name="Controller">The DID that controls the key.</param>
/// <param name="PublicKeyMultibase">The key as <c>z6Mk…</c>.</param>
/// <param name="PublicKey">The 32 raw Ed25519 public key bytes.</param>
public sealed record DidVerificationMethod(string Id, string Type, string Controller, string PublicKeyMultibase, ReadOnlyMemory<byte> PublicKey);

/// <summary>
/// The parts of a DID document that credential verification uses: Ed25519 verification methods and
/// the <c>assertionMethod</c> and <c>authentication</c> relations.
/// </summary>
public sealed class DidDocument
{
    /// <summary>The largest DID document accepted, in UTF-8 bytes.</summary>
    public const int MaxBytes = 256 * 1024;

    /// <summary>Creates a document. Relation entries are absolute verification method ids.</summary>
    public DidDocument(string id, IReadOnlyList<DidVerificationMethod> verificationMethods, IReadOnlyList<string> assertionMethod, IReadOnlyList<string> authentication)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        Id = id;
        VerificationMethods = verificationMethods;
        AssertionMethod = assertionMethod;
        Authentication = authentication;
    }

    /// <summary>The DID.</summary>
    public string Id { get; }

    /// <summary>The Ed25519 verification methods (others in the source document are skipped).</summary>
    public IReadOnlyList<DidVerificationMethod> VerificationMethods { get; }

    /// <summary>Ids of the methods allowed to sign credentials (proof purpose <c>assertionMethod</c>).</summary>
    public IReadOnlyList<string> AssertionMethod { get; }

    /// <summary>Ids of the methods allowed to authenticate as the DID subject.</summary>
    public IReadOnlyList<string> Authentication { get; }

    /// <summary>The verification method with this id if it is listed for <c>assertionMethod</c>.</summary>
    public DidVerificationMethod? FindAssertionMethod(string verificationMethodId)
    {
        foreach (var id in AssertionMethod)
        {
            if (id == verificationMethodId)
            {
                return VerificationMethods.FirstOrDefault(m => m.Id == id);
            }
        }
        return null;
    }

    /// <summary>Reads a DID document from JSON.</summary>
    /// <exception cref="FormatException">Not a DID document; the message says why.</exception>
    public static DidDocument Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (Encoding.UTF8.GetByteCount(json) > MaxBytes)
        {
            throw new FormatException($"The DID document is larger than {MaxBytes / 1024} KiB.");
        }
        try
        {
            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 32, AllowDuplicateProperties = false });
            return Parse(doc.RootElement);
        }
        catch (JsonException e)
        {
            throw new FormatException($"The DID document is not JSON: {e.Message}", e);
        }
    }

    /// <summary>Reads a DID document from a parsed JSON element.</summary>
    /// <exception cref="FormatException">Not a DID document; the message says why.</exception>
    public static DidDocument Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("id", out var idElement) || idElement.ValueKind != JsonValueKind.String)
        {
            throw new FormatException("A DID document is a JSON object with a string \"id\".");
        }
        var did = idElement.GetString()!;
        if (!did.StartsWith("did:", StringComparison.Ordinal))
        {
            throw new FormatException($"The DID document id \"{did}\" is not a DID.");
        }
        var methods = new List<DidVerificationMethod>();
        if (root.TryGetProperty("verificationMethod", out var vms) && vms.ValueKind == JsonValueKind.Array)
        {
            foreach (var vm in vms.EnumerateArray())
            {
                if (ReadMethod(vm, did) is { } method)
                {
                    methods.Add(method);
                }
            }
        }
        return new DidDocument(did, methods, ReadRelation(root, "assertionMethod", did, methods), ReadRelation(root, "authentication", did, methods));
    }

    /// <summary>Writes the document as JSON (DID v1 + Multikey contexts, Multikey methods).</summary>
    public string ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteStartArray("@context");
            w.WriteStringValue("https://www.w3.org/ns/did/v1");
            w.WriteStringValue("https://w3id.org/security/multikey/v1");
            w.WriteEndArray();
            w.WriteString("id", Id);
            w.WriteStartArray("verificationMethod");
            foreach (var m in VerificationMethods)
            {
                w.WriteStartObject();
                w.WriteString("id", m.Id);
                w.WriteString("type", "Multikey");
                w.WriteString("controller", m.Controller);
                w.WriteString("publicKeyMultibase", m.PublicKeyMultibase);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            WriteRelation(w, "authentication", Authentication);
            WriteRelation(w, "assertionMethod", AssertionMethod);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteRelation(Utf8JsonWriter w, string name, IReadOnlyList<string> ids)
    {
        w.WriteStartArray(name);
        foreach (var id in ids)
        {
            w.WriteStringValue(id);
        }
        w.WriteEndArray();
    }

    private static string Absolute(string id, string did) => id.StartsWith('#') ? did + id : id;

    private static DidVerificationMethod? ReadMethod(JsonElement vm, string did)
    {
        if (vm.ValueKind != JsonValueKind.Object || !TryString(vm, "id", out var id))
        {
            return null;
        }
        id = Absolute(id, did);
        var type = TryString(vm, "type", out var t) ? t : "";
        var controller = TryString(vm, "controller", out var c) ? c : "";
        if (TryString(vm, "publicKeyMultibase", out var multibase) && Multibase.TryDecodeEd25519PublicKey(multibase, out var key))
        {
            return new DidVerificationMethod(id, type, controller, multibase, key);
        }
        if (vm.TryGetProperty("publicKeyJwk", out var jwk) && jwk.ValueKind == JsonValueKind.Object
            && TryString(jwk, "kty", out var kty) && kty == "OKP" && TryString(jwk, "crv", out var crv) && crv == "Ed25519"
            && TryString(jwk, "x", out var x))
        {
            try
            {
                var raw = System.Buffers.Text.Base64Url.DecodeFromChars(x);
                if (raw.Length == 32)
                {
                    return new DidVerificationMethod(id, type, controller, Multibase.EncodeEd25519PublicKey(raw), raw);
                }
            }
            catch (FormatException)
            {
                return null;
            }
        }
        return null;
    }

    private static List<string> ReadRelation(JsonElement root, string name, string did, List<DidVerificationMethod> methods)
    {
        var ids = new List<string>();
        if (!root.TryGetProperty(name, out var relation) || relation.ValueKind != JsonValueKind.Array)
        {
            return ids;
        }
        foreach (var entry in relation.EnumerateArray())
        {
            if (entry.ValueKind == JsonValueKind.String)
            {
                ids.Add(Absolute(entry.GetString()!, did));
            }
            else if (ReadMethod(entry, did) is { } embedded)
            {
                if (!methods.Any(m => m.Id == embedded.Id))
                {
                    methods.Add(embedded);
                }
                ids.Add(embedded.Id);
            }
        }
        return ids;
    }

    private static bool TryString(JsonElement obj, string name, out string value)
    {
        value = "";
        if (obj.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String)
        {
            value = p.GetString()!;
            return true;
        }
        return false;
    }
}
