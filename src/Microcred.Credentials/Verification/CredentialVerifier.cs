using System.Globalization;
using System.Text;
using System.Text.Json;
using Microcred.Credentials.Proofs;
using Microcred.Credentials.Status;

namespace Microcred.Credentials.Verification;

/// <summary>
/// Verifies Open Badges 3.0 credentials: shape, proof (eddsa-rdfc-2022 or Ed25519Signature2020),
/// issuer control of the key, validity window and Bitstring Status List entries. Every check is
/// reported with a reason; bad input gives failed checks, never an exception. Thread-safe, and
/// meant to be reused: it caches verified status lists and resolved keys.
/// </summary>
public sealed class CredentialVerifier
{
    private readonly CredentialVerifierOptions _options;
    private readonly ProofVerifier _proofs;
    private readonly StatusChecker _status;

    /// <summary>Creates a verifier over the bundled contexts.</summary>
    public CredentialVerifier(CredentialVerifierOptions? options = null)
        : this(options, RdfcDocumentCanonicalizer.Shared)
    {
    }

    internal CredentialVerifier(CredentialVerifierOptions? options, IDocumentCanonicalizer canonicalizer)
    {
        _options = options ?? new CredentialVerifierOptions();
        _proofs = new ProofVerifier(canonicalizer, _options.DidResolver);
        _status = new StatusChecker(_proofs, _options);
    }

    /// <summary>Verifies a credential given as JSON text.</summary>
    public async ValueTask<VerificationResult> VerifyAsync(string json, CancellationToken cancellationToken = default)
    {
        if (json is null)
        {
            return Rejected("The input is empty.");
        }
        if (json.Length > _options.MaxDocumentBytes || Encoding.UTF8.GetByteCount(json) > _options.MaxDocumentBytes)
        {
            return TooLarge();
        }
        return await VerifyAsync(Encoding.UTF8.GetBytes(json), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Verifies a credential given as UTF-8 JSON.</summary>
    public async ValueTask<VerificationResult> VerifyAsync(ReadOnlyMemory<byte> utf8Json, CancellationToken cancellationToken = default)
    {
        if (utf8Json.Length > _options.MaxDocumentBytes)
        {
            return TooLarge();
        }
        SplitCredential split;
        try
        {
            split = SplitCredential.Parse(utf8Json, _options.MaxDepth);
        }
        catch (JsonException e)
        {
            return Rejected($"The input is not valid JSON (or nests deeper than {_options.MaxDepth} levels): {e.Message}");
        }
        using (split)
        {
            return await VerifyCoreAsync(split.Unsecured.RootElement, split.Proof?.RootElement, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Verifies a credential given as a parsed JSON element.</summary>
    public async ValueTask<VerificationResult> VerifyAsync(JsonElement credential, CancellationToken cancellationToken = default)
    {
        if (credential.ValueKind != JsonValueKind.Object || !credential.TryGetProperty("proof", out var proof))
        {
            return await VerifyCoreAsync(credential, null, cancellationToken).ConfigureAwait(false);
        }
        using var unsecured = JsonRewriter.WithoutProperty(credential, "proof");
        return await VerifyCoreAsync(unsecured.RootElement, proof, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<VerificationResult> VerifyCoreAsync(JsonElement credential, JsonElement? proof, CancellationToken cancellationToken)
    {
        if (credential.ValueKind != JsonValueKind.Object)
        {
            return new VerificationResult(null, [new VerificationCheck("shape", false, string.Join(" ", CredentialShape.Problems(credential, null)))]);
        }
        var id = credential.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String ? idElement.GetString() : null;
        var checks = new List<VerificationCheck>(5);
        var now = _options.TimeProvider.GetUtcNow();

        checks.Add(Guard("shape", () =>
        {
            var problems = CredentialShape.Problems(credential, proof);
            return problems.Count == 0
                ? new VerificationCheck("shape", true, "The credential has the required Open Badges 3.0 structure.")
                : new VerificationCheck("shape", false, string.Join(" ", problems));
        }));

        IReadOnlyList<ProofOutcome> outcomes;
        try
        {
            outcomes = await _proofs.VerifyAsync(credential, proof, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            outcomes = [new ProofOutcome(false, $"The proof could not be checked: {e.Message}", null)];
        }
        checks.Add(outcomes.All(o => o.Passed)
            ? new VerificationCheck("proof", true, string.Join(" ", outcomes.Select(o => o.Message)))
            : new VerificationCheck("proof", false, string.Join(" ", outcomes.Where(o => !o.Passed).Select(o => o.Message))));

        var issuerId = StatusListCredential.IssuerId(credential);
        checks.Add(Guard("issuer", () => IssuerCheck(issuerId, outcomes)));
        checks.Add(Guard("validity", () => ValidityCheck(credential, now, _options.ClockSkew)));
        try
        {
            checks.AddRange(await _status.CheckAsync(credential, issuerId, now, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            checks.Add(new VerificationCheck("status", false, $"The status could not be checked: {e.Message}"));
        }
        return new VerificationResult(id, checks);
    }

    internal static VerificationCheck IssuerCheck(string? issuerId, IReadOnlyList<ProofOutcome> outcomes)
    {
        if (issuerId is null)
        {
            return new VerificationCheck("issuer", false, "The credential names no issuer id.");
        }
        foreach (var outcome in outcomes)
        {
            if (outcome.Method is null)
            {
                return new VerificationCheck("issuer", false, $"It cannot be confirmed that {issuerId} signed: the proof's key could not be resolved.");
            }
            if (outcome.Method.Controller != issuerId)
            {
                return new VerificationCheck("issuer", false, $"The issuer is {issuerId} but the key {outcome.Method.Id} is controlled by {outcome.Method.Controller}; a credential must be signed by its issuer.");
            }
        }
        return new VerificationCheck("issuer", true, $"The issuer {issuerId} controls the signing key.");
    }

    internal static VerificationCheck ValidityCheck(JsonElement credential, DateTimeOffset now, TimeSpan skew)
    {
        var at = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        if (!credential.TryGetProperty("validFrom", out var fromElement) || fromElement.ValueKind != JsonValueKind.String
            || !ProofVerifier.TryParseDateTime(fromElement.GetString(), out var from))
        {
            return new VerificationCheck("validity", false, "The credential has no readable validFrom.");
        }
        if (now + skew < from)
        {
            return new VerificationCheck("validity", false, $"The credential is not valid yet: it is valid from {fromElement.GetString()}, checked at {at}.");
        }
        if (credential.TryGetProperty("validUntil", out var untilElement))
        {
            if (untilElement.ValueKind != JsonValueKind.String || !ProofVerifier.TryParseDateTime(untilElement.GetString(), out var until))
            {
                return new VerificationCheck("validity", false, "The credential's validUntil is not a date-time.");
            }
            if (now - skew > until)
            {
                return new VerificationCheck("validity", false, $"The credential expired at {untilElement.GetString()}, checked at {at}.");
            }
            return new VerificationCheck("validity", true, $"Valid from {fromElement.GetString()} until {untilElement.GetString()}, checked at {at}.");
        }
        return new VerificationCheck("validity", true, $"Valid from {fromElement.GetString()} with no expiry, checked at {at}.");
    }

    private static VerificationCheck Guard(string name, Func<VerificationCheck> check)
    {
        try
        {
            return check();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new VerificationCheck(name, false, $"The {name} check could not be completed: {e.Message}");
        }
    }

    private VerificationResult TooLarge() =>
        Rejected($"The input is larger than the {_options.MaxDocumentBytes:N0}-byte limit for a credential.");

    private static VerificationResult Rejected(string reason) =>
        new(null, [new VerificationCheck("shape", false, reason)]);
}
