using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microcred.Credentials.Dids;
using Microcred.Credentials.JsonLd;
using Microcred.Credentials.Keys;
using Microcred.Credentials.Proofs;

namespace Microcred.Credentials.Tests.Credentials;

/// <summary>
/// The W3C vc-di-eddsa test vectors (TestVectors/eddsa-rdfc-2022 and Ed25519Signature2020),
/// reproduced byte for byte. The <c>employ/</c> sub-vector is not run: its context
/// (w3id.org/citizenship/v4rc1) is not bundled, and contexts are never fetched.
/// </summary>
public class W3cVectorTests
{
    private static readonly string Dir = SharedFolder.Path("w3c", "vc-di-eddsa", "TestVectors");

    // https://www.w3.org/ns/credentials/examples/v2, which the vectors use; served only to these tests.
    private static readonly RdfcDocumentCanonicalizer Canonicalizer = new(new JsonLdOptions { DocumentLoader = new ExamplesContextLoader() });

    private static string Read(params string[] parts) => File.ReadAllText(Path.Combine([Dir, .. parts]));

    private static JsonElement Json(params string[] parts) => JsonDocument.Parse(Read(parts)).RootElement;

    private static string Canonical(JsonElement document) => Encoding.UTF8.GetString(Canonicalizer.Canonicalize(document).Span);

    private static Ed25519Multikey VectorKey()
    {
        using var pair = JsonDocument.Parse(Read("keyPair.json"));
        Assert.True(Multibase.TryDecodeEd25519Seed(pair.RootElement.GetProperty("privateKeyMultibase").GetString(), out var seed));
        var key = Ed25519Multikey.FromSeed(seed);
        Assert.Equal(pair.RootElement.GetProperty("publicKeyMultibase").GetString(), key.PublicKeyMultibase);
        return key;
    }

    [Fact]
    public void Eddsa_rdfc_2022_canonical_document_matches()
    {
        var unsecured = Json("unsigned.json");
        Assert.Equal(Read("eddsa-rdfc-2022", "canonDocDataInt.txt"), Canonical(unsecured));
    }

    [Fact]
    public void Eddsa_rdfc_2022_canonical_proof_configuration_matches()
    {
        var config = Json("eddsa-rdfc-2022", "proofConfigDataInt.json");
        Assert.Equal(Read("eddsa-rdfc-2022", "proofCanonDataInt.txt"), Canonical(config));
    }

    [Fact]
    public void Eddsa_rdfc_2022_hashes_match()
    {
        var hashData = EddsaRdfc2022Suite.CreateHashData(Canonicalizer, Json("unsigned.json"), Json("eddsa-rdfc-2022", "proofConfigDataInt.json"));
        Assert.Equal(Read("eddsa-rdfc-2022", "proofHashDataInt.txt").Trim(), Convert.ToHexStringLower(hashData.AsSpan(0, 32)));
        Assert.Equal(Read("eddsa-rdfc-2022", "docHashDataInt.txt").Trim(), Convert.ToHexStringLower(hashData.AsSpan(32, 32)));
        Assert.Equal(Read("eddsa-rdfc-2022", "combinedHashDataInt.txt").Trim(), Convert.ToHexStringLower(hashData));
    }

    [Fact]
    public async Task Eddsa_rdfc_2022_signing_reproduces_the_signed_vector_byte_for_byte()
    {
        using var key = VectorKey();
        var suite = new EddsaRdfc2022Suite(Canonicalizer);
        var created = DateTimeOffset.Parse("2023-02-24T23:36:38Z", System.Globalization.CultureInfo.InvariantCulture);

        var signed = await suite.SignAsync(Json("unsigned.json"), key.CreateSigner(), created);

        using var ours = JsonDocument.Parse(signed);
        var proof = ours.RootElement.GetProperty("proof")[0];
        var expected = Json("eddsa-rdfc-2022", "signedDataInt.json").GetProperty("proof");
        foreach (var property in expected.EnumerateObject())
        {
            Assert.Equal(property.Value.GetString(), proof.GetProperty(property.Name).GetString());
        }
        Assert.Equal(Read("eddsa-rdfc-2022", "sigBTC58DataInt.txt").Trim(), proof.GetProperty("proofValue").GetString());
        Assert.True(Multibase.TryDecodeBase58Btc(proof.GetProperty("proofValue").GetString(), out var signature));
        Assert.Equal(Read("eddsa-rdfc-2022", "sigHexDataInt.txt").Trim(), Convert.ToHexStringLower(signature));
    }

    [Fact]
    public async Task Eddsa_rdfc_2022_signed_vector_verifies_and_fails_when_changed()
    {
        var verifier = new ProofVerifier(Canonicalizer, new DidResolver());
        var signed = Json("eddsa-rdfc-2022", "signedDataInt.json");
        var outcome = Assert.Single(await Verify(verifier, signed));
        Assert.True(outcome.Passed, outcome.Message);

        var changed = JsonDocument.Parse(Read("eddsa-rdfc-2022", "signedDataInt.json").Replace("The School of Examples", "The School of Forgeries", StringComparison.Ordinal)).RootElement;
        Assert.False(Assert.Single(await Verify(verifier, changed)).Passed);
    }

    [Fact]
    public void Ed25519Signature2020_canonical_forms_and_hashes_match()
    {
        var signed = Json("Ed25519Signature2020", "signedEdSig.json");
        using var unsecured = JsonRewriter.WithoutProperty(signed, "proof");
        Assert.Equal(Read("Ed25519Signature2020", "canonDocEdSig.txt"), Canonical(unsecured.RootElement));
        var config = Json("Ed25519Signature2020", "proofConfigEdSig.json");
        Assert.Equal(Read("Ed25519Signature2020", "proofCanonEdSig.txt"), Canonical(config));
        var hashData = EddsaRdfc2022Suite.CreateHashData(Canonicalizer, unsecured.RootElement, config);
        Assert.Equal(Read("Ed25519Signature2020", "combinedHashEdSig.txt").Trim(), Convert.ToHexStringLower(hashData));

        using var key = VectorKey();
        Assert.Equal(Read("Ed25519Signature2020", "sigHexEdSig.txt").Trim(), Convert.ToHexStringLower(key.Sign(hashData)));
    }

    [Fact]
    public async Task Ed25519Signature2020_signed_vector_verifies_and_fails_when_changed()
    {
        var verifier = new ProofVerifier(Canonicalizer, new DidResolver());
        var outcome = Assert.Single(await Verify(verifier, Json("Ed25519Signature2020", "signedEdSig.json")));
        Assert.True(outcome.Passed, outcome.Message);
        Assert.Contains("Ed25519Signature2020", outcome.Message, StringComparison.Ordinal);

        var changed = JsonDocument.Parse(Read("Ed25519Signature2020", "signedEdSig.json").Replace("2023-01-01T00:00:00Z", "2023-01-02T00:00:00Z", StringComparison.Ordinal)).RootElement;
        Assert.False(Assert.Single(await Verify(verifier, changed)).Passed);
    }

    private static async Task<IReadOnlyList<ProofOutcome>> Verify(ProofVerifier verifier, JsonElement signed)
    {
        using var unsecured = JsonRewriter.WithoutProperty(signed, "proof");
        return await verifier.VerifyAsync(unsecured.RootElement, signed.GetProperty("proof"), CancellationToken.None);
    }

    private sealed class ExamplesContextLoader : IJsonLdDocumentLoader
    {
        private const string Url = "https://www.w3.org/ns/credentials/examples/v2";
        private static readonly JsonLdRemoteDocument Examples = new(Url, JsonDocument.Parse("""{"@context":{"@vocab":"https://www.w3.org/ns/credentials/examples#"}}""").RootElement);

        public JsonLdRemoteDocument Load(string url) => url == Url ? Examples : BundledContexts.Load(url);
    }
}
