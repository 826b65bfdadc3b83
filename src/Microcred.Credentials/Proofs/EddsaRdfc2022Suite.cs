using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microcred.Credentials.Keys;

namespace Microcred.Credentials.Proofs;

/// <summary>
/// The W3C Data Integrity cryptosuite <c>eddsa-rdfc-2022</c>: the document and the proof
/// configuration are each canonicalized with RDFC-1.0, hashed with SHA-256, and the 64 bytes
/// <c>SHA-256(proof config) ‖ SHA-256(document)</c> are signed with Ed25519.
/// </summary>
public sealed class EddsaRdfc2022Suite
{
    /// <summary>The proof type.</summary>
    public const string ProofType = "DataIntegrityProof";

    /// <summary>The cryptosuite name.</summary>
    public const string Cryptosuite = "eddsa-rdfc-2022";

    internal EddsaRdfc2022Suite(IDocumentCanonicalizer canonicalizer) => Canonicalizer = canonicalizer;

    /// <summary>The suite over the bundled contexts (safe mode, no network).</summary>
    public static EddsaRdfc2022Suite Instance { get; } = new(RdfcDocumentCanonicalizer.Shared);

    internal IDocumentCanonicalizer Canonicalizer { get; }

    /// <summary>
    /// Signs an unsigned JSON-LD document (it must not have a <c>proof</c> yet) and returns the
    /// signed document as UTF-8 JSON, with <c>"proof": [ … ]</c> as the last property.
    /// </summary>
    /// <param name="document">The document as a JSON object with an <c>@context</c>.</param>
    /// <param name="signer">The key; its verification method goes into the proof.</param>
    /// <param name="created">The proof's creation time (written in UTC, to the second).</param>
    /// <param name="indented">Whether to indent the output.</param>
    /// <param name="cancellationToken">Cancels the signing call.</param>
    /// <exception cref="CredentialFormatException">The document cannot be canonicalized (e.g. a term no context defines).</exception>
    public async ValueTask<byte[]> SignAsync(JsonElement document, ICredentialSigner signer, DateTimeOffset created, bool indented = false, CancellationToken cancellationToken = default)
    {
        var (options, proofValue) = await CreateProofAsync(document, signer, created, cancellationToken).ConfigureAwait(false);
        return JsonRewriter.WithProof(document, w => options.WriteProof(w, proofValue), indented);
    }

    /// <summary>
    /// Signs compact UTF-8 JSON; the proof is appended to the bytes as they are instead of
    /// re-writing the whole document.
    /// </summary>
    internal async ValueTask<byte[]> SignAsync(ReadOnlyMemory<byte> compactJson, ICredentialSigner signer, DateTimeOffset created, CancellationToken cancellationToken)
    {
        using var document = JsonDocument.Parse(compactJson);
        var (options, proofValue) = await CreateProofAsync(document.RootElement, signer, created, cancellationToken).ConfigureAwait(false);
        var source = compactJson.Span.TrimEnd(" \t\r\n"u8);
        var buffer = new ArrayBufferWriter<byte>(source.Length + 400);
        buffer.Write(source[..^1]);
        buffer.Write(",\"proof\":["u8);
        using (var w = new Utf8JsonWriter(buffer))
        {
            options.WriteProof(w, proofValue);
        }
        buffer.Write("]}"u8);
        return buffer.WrittenSpan.ToArray();
    }

    private async ValueTask<(ProofOptions Options, string ProofValue)> CreateProofAsync(JsonElement document, ICredentialSigner signer, DateTimeOffset created, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signer);
        if (document.ValueKind != JsonValueKind.Object || !document.TryGetProperty("@context", out var context))
        {
            throw new CredentialFormatException("Only a JSON object with an \"@context\" can be signed.");
        }
        if (document.TryGetProperty("proof", out _))
        {
            throw new CredentialFormatException("The document already has a proof; sign the unsigned document.");
        }
        var createdText = created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var options = new ProofOptions(ProofType, Cryptosuite, createdText, signer.VerificationMethod, "assertionMethod");
        using var proofConfig = options.ToConfiguration(context);
        var hashData = CreateHashData(Canonicalizer, document, proofConfig.RootElement);
        var signature = await signer.SignAsync(hashData, cancellationToken).ConfigureAwait(false);
        if (signature.Length != 64)
        {
            throw new CryptographicException($"The signer returned {signature.Length} bytes; an Ed25519 signature is 64.");
        }
        return (options, Multibase.EncodeBase58Btc(signature));
    }

    /// <summary><c>SHA-256(canonical proof config) ‖ SHA-256(canonical document)</c>.</summary>
    internal static byte[] CreateHashData(IDocumentCanonicalizer canonicalizer, JsonElement unsecuredDocument, JsonElement proofConfiguration)
    {
        var hashData = new byte[64];
        SHA256.HashData(canonicalizer.Canonicalize(proofConfiguration).Span, hashData.AsSpan(0, 32));
        SHA256.HashData(canonicalizer.Canonicalize(unsecuredDocument).Span, hashData.AsSpan(32, 32));
        return hashData;
    }

    private sealed record ProofOptions(string Type, string Cryptosuite, string Created, string VerificationMethod, string ProofPurpose)
    {
        public JsonDocument ToConfiguration(JsonElement context)
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>(512);
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                w.WritePropertyName("@context");
                context.WriteTo(w);
                WriteFields(w);
                w.WriteEndObject();
            }
            return JsonDocument.Parse(buffer.WrittenMemory);
        }

        public void WriteProof(Utf8JsonWriter w, string proofValue)
        {
            w.WriteStartObject();
            WriteFields(w);
            w.WriteString("proofValue", proofValue);
            w.WriteEndObject();
        }

        private void WriteFields(Utf8JsonWriter w)
        {
            w.WriteString("type", Type);
            w.WriteString("cryptosuite", Cryptosuite);
            w.WriteString("created", Created);
            w.WriteString("verificationMethod", VerificationMethod);
            w.WriteString("proofPurpose", ProofPurpose);
        }
    }
}
