using System.Text.Json;
using System.Text.Json.Nodes;
using Microcred.Credentials.Dids;
using NSec.Cryptography;

namespace Microcred.Credentials.Keys;

/// <summary>
/// An Ed25519 key pair with its verification method id and controller (a DID), readable from and
/// writable to the W3C Multikey JSON format (<c>publicKeyMultibase</c> / <c>secretKeyMultibase</c>),
/// the format the JavaScript <c>@digitalbazaar/ed25519-multikey</c> library also reads.
/// </summary>
public sealed class Ed25519Multikey : IDisposable
{
    private static readonly SignatureAlgorithm Algorithm = SignatureAlgorithm.Ed25519;
    private readonly Key? _key;
    private readonly PublicKey _publicKey;

    private Ed25519Multikey(Key? key, PublicKey publicKey, string id, string controller)
    {
        _key = key;
        _publicKey = publicKey;
        Id = id;
        Controller = controller;
        PublicKeyMultibase = Multibase.EncodeEd25519PublicKey(PublicKey.Span);
    }

    /// <summary>The verification method id, e.g. <c>did:key:z6Mk…#z6Mk…</c>.</summary>
    public string Id { get; }

    /// <summary>The DID that controls this key (the issuer).</summary>
    public string Controller { get; }

    /// <summary>The public key as multibase: <c>"z" + base58btc(0xed 0x01 ‖ key)</c>.</summary>
    public string PublicKeyMultibase { get; }

    /// <summary>The 32 raw public key bytes.</summary>
    public ReadOnlyMemory<byte> PublicKey => _publicKey.Export(KeyBlobFormat.RawPublicKey);

    /// <summary>True when this instance holds the private key and can sign.</summary>
    public bool HasPrivateKey => _key is not null;

    /// <summary>Creates a new random key whose controller is its own <c>did:key</c>.</summary>
    public static Ed25519Multikey Generate()
    {
        var key = NewKey(null);
        var did = DidKey.FromPublicKey(key.PublicKey.Export(KeyBlobFormat.RawPublicKey));
        return new Ed25519Multikey(key, key.PublicKey, DidKey.VerificationMethodId(did), did);
    }

    /// <summary>
    /// Creates a new random key for another controller, e.g. a <c>did:web</c> issuer; the id is
    /// <c>controller#fragment</c>.
    /// </summary>
    public static Ed25519Multikey Generate(string controller, string fragment)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(controller);
        ArgumentException.ThrowIfNullOrWhiteSpace(fragment);
        var key = NewKey(null);
        return new Ed25519Multikey(key, key.PublicKey, $"{controller}#{fragment}", controller);
    }

    /// <summary>
    /// Recreates a key from its 32-byte seed. With no controller the key is its own <c>did:key</c>.
    /// </summary>
    public static Ed25519Multikey FromSeed(ReadOnlySpan<byte> seed, string? id = null, string? controller = null)
    {
        if (seed.Length != 32)
        {
            throw new ArgumentException("An Ed25519 seed is 32 bytes.", nameof(seed));
        }
        var key = NewKey(seed);
        return WithIdentity(key, key.PublicKey, id, controller);
    }

    /// <summary>A verification-only key from its 32 raw public key bytes.</summary>
    public static Ed25519Multikey FromPublicKey(ReadOnlySpan<byte> publicKey, string? id = null, string? controller = null)
    {
        if (!NSec.Cryptography.PublicKey.TryImport(Algorithm, publicKey, KeyBlobFormat.RawPublicKey, out var imported) || imported is null)
        {
            throw new ArgumentException("Not a valid 32-byte Ed25519 public key.", nameof(publicKey));
        }
        return WithIdentity(null, imported, id, controller);
    }

    /// <summary>
    /// Reads a Multikey JSON document. It must have <c>publicKeyMultibase</c>; <c>secretKeyMultibase</c>
    /// (32-byte seed, or the 64-byte seed ‖ public key form) is optional. A secret key that does not
    /// match the public key is refused.
    /// </summary>
    /// <exception cref="FormatException">The text is not a usable Ed25519 Multikey; the message says why.</exception>
    public static Ed25519Multikey FromJson(string json)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"The key file is not JSON: {e.Message}", e);
        }
        if (node is not JsonObject obj)
        {
            throw new FormatException("The key file must hold a JSON object.");
        }
        string? Text(string name) => obj[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

        var type = Text("type");
        if (type is not null && type != "Multikey")
        {
            throw new FormatException($"The key type is \"{type}\"; expected \"Multikey\".");
        }
        if (!Multibase.TryDecodeEd25519PublicKey(Text("publicKeyMultibase"), out var publicKey))
        {
            throw new FormatException("\"publicKeyMultibase\" is missing or is not an Ed25519 Multikey (z6Mk…).");
        }
        var secret = Text("secretKeyMultibase");
        Ed25519Multikey result;
        if (secret is null)
        {
            result = FromPublicKey(publicKey, Text("id"), Text("controller"));
        }
        else
        {
            if (!Multibase.TryDecodeEd25519Seed(secret, out var seed))
            {
                throw new FormatException("\"secretKeyMultibase\" is not an Ed25519 secret Multikey.");
            }
            result = FromSeed(seed, Text("id"), Text("controller"));
            Array.Clear(seed);
            if (!result.PublicKey.Span.SequenceEqual(publicKey))
            {
                result.Dispose();
                throw new FormatException("\"secretKeyMultibase\" does not belong to \"publicKeyMultibase\".");
            }
        }
        return result;
    }

    /// <summary>
    /// Writes the Multikey JSON document. With <paramref name="includeSecretKey"/> the output holds
    /// the private seed and must be stored as a secret.
    /// </summary>
    public string ToJson(bool includeSecretKey)
    {
        var obj = new JsonObject
        {
            ["@context"] = "https://w3id.org/security/multikey/v1",
            ["id"] = Id,
            ["type"] = "Multikey",
            ["controller"] = Controller,
            ["publicKeyMultibase"] = PublicKeyMultibase,
        };
        if (includeSecretKey)
        {
            if (_key is null)
            {
                throw new InvalidOperationException("This key has no private part to export.");
            }
            var seed = _key.Export(KeyBlobFormat.RawPrivateKey);
            obj["secretKeyMultibase"] = Multibase.EncodeEd25519Seed(seed);
            Array.Clear(seed);
        }
        return obj.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>A signer that uses this key in memory; it works until this key is disposed.</summary>
    public ICredentialSigner CreateSigner()
    {
        if (_key is null)
        {
            throw new InvalidOperationException("This key has no private part and cannot sign.");
        }
        return new Ed25519CredentialSigner(_key, Id);
    }

    /// <summary>Signs directly with this key.</summary>
    public byte[] Sign(ReadOnlySpan<byte> data)
    {
        if (_key is null)
        {
            throw new InvalidOperationException("This key has no private part and cannot sign.");
        }
        return Algorithm.Sign(_key, data);
    }

    /// <summary>Checks an Ed25519 signature with this key's public part.</summary>
    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        Algorithm.Verify(_publicKey, data, signature);

    /// <inheritdoc/>
    public void Dispose() => _key?.Dispose();

    private static Key NewKey(ReadOnlySpan<byte> seed)
    {
        var parameters = new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport };
        return seed.IsEmpty
            ? Key.Create(Algorithm, parameters)
            : Key.Import(Algorithm, seed, KeyBlobFormat.RawPrivateKey, parameters);
    }

    private static Ed25519Multikey WithIdentity(Key? key, PublicKey publicKey, string? id, string? controller)
    {
        var raw = publicKey.Export(KeyBlobFormat.RawPublicKey);
        if (controller is null)
        {
            controller = id is not null && id.Contains('#', StringComparison.Ordinal) ? id[..id.IndexOf('#', StringComparison.Ordinal)] : DidKey.FromPublicKey(raw);
        }
        id ??= controller.StartsWith("did:key:", StringComparison.Ordinal)
            ? DidKey.VerificationMethodId(controller)
            : $"{controller}#{Multibase.EncodeEd25519PublicKey(raw)}";
        return new Ed25519Multikey(key, publicKey, id, controller);
    }
}

/// <summary>An <see cref="ICredentialSigner"/> over an Ed25519 key held in memory.</summary>
internal sealed class Ed25519CredentialSigner(Key key, string verificationMethod) : ICredentialSigner
{
    public string VerificationMethod { get; } = verificationMethod;

    public ValueTask<byte[]> SignAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(SignatureAlgorithm.Ed25519.Sign(key, data.Span));
    }
}
