using System.Text.Json.Nodes;
using Microcred.Credentials.Dids;
using Microcred.Credentials.Keys;
using Microcred.Credentials.OpenBadges;
using Microcred.Credentials.Status;

namespace Microcred.Credentials.Tests.Credentials;

public class CredentialVerificationTests
{
    [Fact]
    public async Task Issued_credential_passes_every_check()
    {
        using var key = Ed25519Multikey.Generate();
        var json = await Fixtures.IssueAsync(key);

        var result = await Fixtures.Verifier().VerifyAsync(json);

        Assert.True(result.Verified, result.ToJson());
        Assert.Equal(["shape", "proof", "issuer", "validity", "status"], result.Checks.Select(c => c.Name));
        Assert.StartsWith("urn:uuid:", result.Id, StringComparison.Ordinal);
        Assert.Contains(key.Id, Fixtures.Check(result, "proof").Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issued_credential_has_its_proof_as_an_array_at_the_end()
    {
        using var key = Ed25519Multikey.Generate();
        var node = JsonNode.Parse(await Fixtures.IssueAsync(key))!.AsObject();
        Assert.Equal("proof", node.Last().Key);
        var proof = Assert.Single(node["proof"]!.AsArray())!;
        Assert.Equal("DataIntegrityProof", (string?)proof["type"]);
        Assert.Equal("eddsa-rdfc-2022", (string?)proof["cryptosuite"]);
        Assert.Equal("assertionMethod", (string?)proof["proofPurpose"]);
        Assert.Equal(key.Id, (string?)proof["verificationMethod"]);
        Assert.Equal("2026-06-01T12:00:00Z", (string?)proof["created"]);
        Assert.StartsWith("z", (string?)proof["proofValue"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("name", "A different credential name")]
    [InlineData("validFrom", "2020-01-01T00:00:00Z")]
    [InlineData("credentialSubject.achievement.id", "https://academy.example.org/achievements/forged")]
    [InlineData("credentialSubject.achievement.name", "Board-certified surgeon")]
    [InlineData("issuer.name", "Another College")]
    [InlineData("credentialSubject.identifier.0.identityHash", "sha256$0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("proof.0.created", "2026-06-02T12:00:00Z")]
    public async Task Changing_a_signed_value_fails_the_proof(string path, string value)
    {
        using var key = Ed25519Multikey.Generate();
        var node = JsonNode.Parse(await Fixtures.IssueAsync(key))!;
        Set(node, path, value);

        var result = await Fixtures.Verifier().VerifyAsync(node.ToJsonString());

        Assert.False(result.Verified);
        Assert.False(Fixtures.Check(result, "proof").Passed);
        Assert.Contains("does not match", Fixtures.Check(result, "proof").Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changing_the_status_index_fails_the_proof()
    {
        using var key = Ed25519Multikey.Generate();
        var json = await Fixtures.IssueAsync(key, b => b.WithStatus(BitstringStatusListEntry.Create(Fixtures.ListUrl, StatusPurposes.Revocation, 3)));
        var node = JsonNode.Parse(json)!;
        node["credentialStatus"]!["statusListIndex"] = "4";
        var lists = new StatusListCredentialSet().Add(await Fixtures.ListAsync(key, change: l => l[3] = true));

        var result = await Fixtures.Verifier(lists).VerifyAsync(node.ToJsonString());

        Assert.False(Fixtures.Check(result, "proof").Passed);
        Assert.False(result.Verified);
    }

    [Fact]
    public async Task Proof_given_as_a_single_object_verifies()
    {
        using var key = Ed25519Multikey.Generate();
        var node = JsonNode.Parse(await Fixtures.IssueAsync(key))!.AsObject();
        var proof = node["proof"]![0]!.DeepClone();
        node["proof"] = proof;

        Assert.True((await Fixtures.Verifier().VerifyAsync(node.ToJsonString())).Verified);
    }

    [Fact]
    public async Task Credential_whose_issuer_does_not_control_the_key_fails_the_issuer_check()
    {
        using var key = Ed25519Multikey.Generate();
        using var other = Ed25519Multikey.Generate();
        var unsigned = JsonNode.Parse(OpenBadgeJson.Serialize(Fixtures.Credential(other).Build(Fixtures.Now)))!;
        var json = await Fixtures.SignJsonAsync(unsigned.ToJsonString(), key.CreateSigner());

        var result = await Fixtures.Verifier().VerifyAsync(json);

        Assert.True(Fixtures.Check(result, "proof").Passed);
        var issuer = Fixtures.Check(result, "issuer");
        Assert.False(issuer.Passed);
        Assert.Contains("must be signed by its issuer", issuer.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issuing_for_another_issuer_is_refused()
    {
        using var key = Ed25519Multikey.Generate();
        using var other = Ed25519Multikey.Generate();
        var credential = Fixtures.Credential(other).Build(Fixtures.Now);
        await Assert.ThrowsAsync<OpenBadgeValidationException>(async () => await Fixtures.Issuer(key).IssueAsync(credential));
    }

    [Theory]
    [InlineData(-400, false)]
    [InlineData(-200, true)]
    [InlineData(0, true)]
    public async Task Credential_valid_from_slightly_in_the_future_passes_within_the_clock_skew(int secondsBeforeValidFrom, bool passes)
    {
        using var key = Ed25519Multikey.Generate();
        var json = await Fixtures.IssueAsync(key, b => b.ValidFrom(Fixtures.Now));
        var result = await Fixtures.Verifier(now: Fixtures.Now.AddSeconds(secondsBeforeValidFrom)).VerifyAsync(json);
        Assert.Equal(passes, Fixtures.Check(result, "validity").Passed);
        if (!passes)
        {
            Assert.Contains("not valid yet", Fixtures.Check(result, "validity").Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(200, true)]
    [InlineData(400, false)]
    public async Task Expired_credential_fails_after_the_clock_skew(int secondsAfterValidUntil, bool passes)
    {
        using var key = Ed25519Multikey.Generate();
        var until = Fixtures.Now.AddDays(30);
        var json = await Fixtures.IssueAsync(key, b => b.ValidUntil(until));
        var result = await Fixtures.Verifier(now: until.AddSeconds(secondsAfterValidUntil)).VerifyAsync(json);
        Assert.Equal(passes, Fixtures.Check(result, "validity").Passed);
        Assert.Equal(passes, result.Verified);
    }

    [Fact]
    public async Task Old_credential_still_verifies_with_a_retired_did_web_key_but_not_once_the_key_is_removed()
    {
        var did = DidWeb.ToDid("academy.example.org");
        using var oldKey = Ed25519Multikey.Generate(did, "key-1");
        using var newKey = Ed25519Multikey.Generate(did, "key-2");
        var oldCredential = await Fixtures.IssueAsync(oldKey);
        var newCredential = await Fixtures.IssueAsync(newKey);

        var rotated = new DidResolver().Add(DidDocument.Parse(DidWeb.CreateDocument(did, newKey, [oldKey]).ToJson()));
        Assert.True((await Fixtures.Verifier(resolver: rotated).VerifyAsync(oldCredential)).Verified);
        Assert.True((await Fixtures.Verifier(resolver: rotated).VerifyAsync(newCredential)).Verified);

        var withoutOld = new DidResolver().Add(DidWeb.CreateDocument(did, newKey));
        var result = await Fixtures.Verifier(resolver: withoutOld).VerifyAsync(oldCredential);
        Assert.False(result.Verified);
        Assert.Contains("no Ed25519 key", Fixtures.Check(result, "proof").Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Did_web_credential_without_a_did_document_fails_with_a_reason()
    {
        using var key = Ed25519Multikey.Generate("did:web:academy.example.org", "key-1");
        var result = await Fixtures.Verifier().VerifyAsync(await Fixtures.IssueAsync(key));
        Assert.False(result.Verified);
        Assert.Contains("no DID document is available", Fixtures.Check(result, "proof").Message, StringComparison.Ordinal);
        Assert.False(Fixtures.Check(result, "issuer").Passed);
    }

    [Fact]
    public async Task Key_that_is_not_an_assertion_method_cannot_sign_credentials()
    {
        var did = "did:web:academy.example.org";
        using var key = Ed25519Multikey.Generate(did, "key-1");
        var document = new DidDocument(did, [new DidVerificationMethod(key.Id, "Multikey", did, key.PublicKeyMultibase, key.PublicKey)], [], [key.Id]);
        var result = await Fixtures.Verifier(resolver: new DidResolver().Add(document)).VerifyAsync(await Fixtures.IssueAsync(key));
        Assert.Contains("not listed under assertionMethod", Fixtures.Check(result, "proof").Message, StringComparison.Ordinal);
    }

    private static void Set(JsonNode root, string path, string value)
    {
        var parts = path.Split('.');
        var node = root;
        foreach (var part in parts[..^1])
        {
            node = int.TryParse(part, out var i) ? node[i]! : node[part]!;
        }
        node[parts[^1]] = value;
    }
}
