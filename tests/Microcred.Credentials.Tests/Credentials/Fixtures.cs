using System.Text;
using System.Text.Json;
using Microcred.Credentials.Dids;
using Microcred.Credentials.Keys;
using Microcred.Credentials.OpenBadges;
using Microcred.Credentials.Proofs;
using Microcred.Credentials.Status;
using Microcred.Credentials.Verification;

namespace Microcred.Credentials.Tests.Credentials;

/// <summary>Issuers, lists and verifiers wired to the canonicalizer under test.</summary>
internal static class Fixtures
{
    public static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    public const string ListUrl = "https://academy.example.org/status/1";
    public const string SuspensionListUrl = "https://academy.example.org/status/suspension/1";

    public static IDocumentCanonicalizer Canonicalizer { get; } = RdfcDocumentCanonicalizer.Shared;

    public static EddsaRdfc2022Suite Suite { get; } = new(Canonicalizer);

    public static OpenBadgeIssuer Issuer(Ed25519Multikey key) => new(key.CreateSigner(), new FixedClock(Now), Suite);

    public static CredentialVerifier Verifier(IStatusListCredentialSource? lists = null, IDidDocumentResolver? resolver = null, DateTimeOffset? now = null, IDocumentCanonicalizer? canonicalizer = null) =>
        new(new CredentialVerifierOptions
        {
            TimeProvider = new FixedClock(now ?? Now),
            StatusLists = lists,
            DidResolver = resolver ?? new DidResolver(),
        }, canonicalizer ?? Canonicalizer);

    public static OpenBadgeCredentialBuilder Credential(Ed25519Multikey key) =>
        Samples.Builder(key.Controller).ForEmail("learner@example.org").WithRecipientName("Avery Sample (synthetic)").ValidFrom(Now.AddDays(-1));

    public static async Task<string> IssueAsync(Ed25519Multikey key, Func<OpenBadgeCredentialBuilder, OpenBadgeCredentialBuilder>? change = null)
    {
        var builder = Credential(key);
        builder = change?.Invoke(builder) ?? builder;
        return Encoding.UTF8.GetString(await Issuer(key).IssueAsync(builder.Build(Now)));
    }

    public static async Task<string> ListAsync(Ed25519Multikey key, string purpose = StatusPurposes.Revocation, string url = ListUrl, Action<BitstringStatusList>? change = null, DateTimeOffset? validUntil = null)
    {
        var list = new BitstringStatusList();
        change?.Invoke(list);
        return Encoding.UTF8.GetString(await StatusListCredential.CreateAsync(Suite, url, purpose, list, key.CreateSigner(), Now.AddDays(-2), validUntil, indented: false, CancellationToken.None));
    }

    /// <summary>Signs arbitrary JSON as a credential with the suite under test.</summary>
    public static async Task<string> SignJsonAsync(string json, ICredentialSigner signer)
    {
        using var document = JsonDocument.Parse(json);
        return Encoding.UTF8.GetString(await Suite.SignAsync(document.RootElement, signer, Now));
    }

    public static VerificationCheck Check(VerificationResult result, string name) => Assert.Single(result.Checks, c => c.Name == name);
}

internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

/// <summary>Counts canonicalizations, to show that verified status lists are cached.</summary>
internal sealed class CountingCanonicalizer(IDocumentCanonicalizer inner) : IDocumentCanonicalizer
{
    private int _calls;

    public int Calls => _calls;

    public ReadOnlyMemory<byte> Canonicalize(JsonElement document)
    {
        Interlocked.Increment(ref _calls);
        return inner.Canonicalize(document);
    }
}
