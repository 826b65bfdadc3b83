using System.Globalization;
using System.Text.Json;
using Microcred.Credentials.Dids;
using Microcred.Credentials.Keys;
using NSec.Cryptography;

namespace Microcred.Credentials.Proofs;

/// <summary>The outcome of checking one proof.</summary>
/// <param name="Passed">True when the signature is valid for a key authorized for assertionMethod.</param>
/// <param name="Message">Why, in words a person understands.</param>
/// <param name="Method">The resolved verification method, when it could be resolved.</param>
internal sealed record ProofOutcome(bool Passed, string Message, DidVerificationMethod? Method);

/// <summary>
/// Checks the Data Integrity proofs of a document: <c>eddsa-rdfc-2022</c>, and the older
/// <c>Ed25519Signature2020</c> for credentials others issued. Both hash the same way; they differ
/// in the proof's type and in the context that defines its terms.
/// </summary>
internal sealed class ProofVerifier(IDocumentCanonicalizer canonicalizer, IDidDocumentResolver resolver)
{
    public const string Ed25519Signature2020 = "Ed25519Signature2020";

    /// <summary>More proofs than this on one document are refused, so a crafted proof set cannot cost unbounded work.</summary>
    public const int MaxProofs = 16;

    public IDocumentCanonicalizer Canonicalizer { get; } = canonicalizer;

    /// <summary>One outcome per proof; a single failed outcome when there is no proof at all.</summary>
    /// <param name="unsecured">The document without its <c>proof</c> property.</param>
    /// <param name="proofProperty">The value of the document's <c>proof</c>, if it has one.</param>
    /// <param name="cancellationToken">Cancels resolution of verification methods.</param>
    public async ValueTask<IReadOnlyList<ProofOutcome>> VerifyAsync(JsonElement unsecured, JsonElement? proofProperty, CancellationToken cancellationToken)
    {
        if (unsecured.ValueKind != JsonValueKind.Object || proofProperty is not { } proofValue)
        {
            return [new ProofOutcome(false, "The credential has no proof.", null)];
        }
        var proofs = new List<JsonElement>();
        if (proofValue.ValueKind == JsonValueKind.Object)
        {
            proofs.Add(proofValue);
        }
        else if (proofValue.ValueKind == JsonValueKind.Array)
        {
            foreach (var p in proofValue.EnumerateArray())
            {
                proofs.Add(p);
            }
        }
        if (proofs.Count == 0)
        {
            return [new ProofOutcome(false, "\"proof\" must be an object or a non-empty array of objects.", null)];
        }
        if (proofs.Count > MaxProofs)
        {
            return [new ProofOutcome(false, $"The credential has {proofs.Count} proofs; at most {MaxProofs} are checked.", null)];
        }
        if (!unsecured.TryGetProperty("@context", out var context))
        {
            return [new ProofOutcome(false, "The credential has no \"@context\", so its proof cannot be checked.", null)];
        }

        byte[]? documentHash = null;
        var outcomes = new List<ProofOutcome>(proofs.Count);
        foreach (var proof in proofs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            outcomes.Add(await VerifyOneAsync(context, proof, () => documentHash ??= HashDocument(unsecured), cancellationToken).ConfigureAwait(false));
        }
        return outcomes;
    }

    private byte[] HashDocument(JsonElement unsecured) =>
        System.Security.Cryptography.SHA256.HashData(Canonicalizer.Canonicalize(unsecured).Span);

    private async ValueTask<ProofOutcome> VerifyOneAsync(JsonElement context, JsonElement proof, Func<byte[]> documentHash, CancellationToken cancellationToken)
    {
        if (proof.ValueKind != JsonValueKind.Object)
        {
            return new ProofOutcome(false, "A proof must be a JSON object.", null);
        }
        var type = Text(proof, "type");
        var cryptosuite = Text(proof, "cryptosuite");
        string suiteName;
        if (type == EddsaRdfc2022Suite.ProofType && cryptosuite == EddsaRdfc2022Suite.Cryptosuite)
        {
            suiteName = EddsaRdfc2022Suite.Cryptosuite;
        }
        else if (type == Ed25519Signature2020)
        {
            suiteName = Ed25519Signature2020;
        }
        else
        {
            return new ProofOutcome(false, $"Unsupported proof type \"{type ?? "(none)"}\"{(cryptosuite is null ? "" : $" with cryptosuite \"{cryptosuite}\"")}; supported: DataIntegrityProof/eddsa-rdfc-2022 and Ed25519Signature2020.", null);
        }
        var purpose = Text(proof, "proofPurpose");
        if (purpose != "assertionMethod")
        {
            return new ProofOutcome(false, $"The proof purpose is \"{purpose ?? "(none)"}\"; a credential needs \"assertionMethod\".", null);
        }
        if (proof.TryGetProperty("created", out var created) && (created.ValueKind != JsonValueKind.String || !TryParseDateTime(created.GetString(), out _)))
        {
            return new ProofOutcome(false, "The proof's \"created\" is not an XML Schema dateTime.", null);
        }
        if (!Multibase.TryDecodeBase58Btc(Text(proof, "proofValue"), out var signature) || signature.Length != 64)
        {
            return new ProofOutcome(false, "The proof's \"proofValue\" is not a base58btc (z…) encoded 64-byte Ed25519 signature.", null);
        }
        var methodId = Text(proof, "verificationMethod");
        if (methodId is null)
        {
            return new ProofOutcome(false, "The proof has no \"verificationMethod\".", null);
        }
        var hash = methodId.IndexOf('#', StringComparison.Ordinal);
        var did = hash < 0 ? methodId : methodId[..hash];
        var didDocument = did.StartsWith("did:", StringComparison.Ordinal) ? await resolver.ResolveAsync(did, cancellationToken).ConfigureAwait(false) : null;
        if (didDocument is null)
        {
            return new ProofOutcome(false, $"The verification method \"{methodId}\" cannot be resolved: no DID document is available for \"{did}\".", null);
        }
        var method = didDocument.FindAssertionMethod(methodId);
        if (method is null)
        {
            var listed = didDocument.VerificationMethods.Any(m => m.Id == methodId);
            return new ProofOutcome(false, listed
                ? $"The key \"{methodId}\" is in the DID document but not listed under assertionMethod, so it may not sign credentials."
                : $"The DID document of \"{did}\" has no Ed25519 key \"{methodId}\" (it may have been removed).", null);
        }

        byte[] hashData;
        try
        {
            using var proofConfig = JsonRewriter.ProofConfiguration(context, proof);
            hashData = new byte[64];
            System.Security.Cryptography.SHA256.HashData(Canonicalizer.Canonicalize(proofConfig.RootElement).Span, hashData.AsSpan(0, 32));
            documentHash().CopyTo(hashData, 32);
        }
        catch (CredentialFormatException e)
        {
            return new ProofOutcome(false, $"The credential cannot be canonicalized: {e.Message}", method);
        }

        if (!PublicKey.TryImport(SignatureAlgorithm.Ed25519, method.PublicKey.Span, KeyBlobFormat.RawPublicKey, out var publicKey) || publicKey is null)
        {
            return new ProofOutcome(false, $"The key \"{methodId}\" is not a valid Ed25519 public key.", method);
        }
        return SignatureAlgorithm.Ed25519.Verify(publicKey, hashData, signature)
            ? new ProofOutcome(true, $"The {suiteName} signature by {methodId} is valid.", method)
            : new ProofOutcome(false, $"The {suiteName} signature does not match: the credential or its proof was changed after signing, or it was signed with another key than {methodId}.", method);
    }

    private static string? Text(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;

    /// <summary>An XML Schema dateTime with an explicit time zone, e.g. <c>2024-05-01T12:00:00Z</c>.</summary>
    internal static bool TryParseDateTime(string? text, out DateTimeOffset value)
    {
        value = default;
        if (text is null || text.Length < 20 || text.Length > 40 || text[10] != 'T')
        {
            return false;
        }
        var last = text[^1];
        var hasZone = last == 'Z' || (text.Length >= 25 && (text[^6] == '+' || text[^6] == '-') && text[^3] == ':');
        return hasZone && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out value);
    }
}
