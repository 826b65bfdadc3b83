using System.Text.Json.Nodes;
using Microcred.Credentials.Keys;
using Microcred.Credentials.OpenBadges;
using Microcred.Credentials.Proofs;

namespace Microcred.Credentials.Tests.Credentials;

/// <summary>Terms and contexts JSON-LD cannot resolve offline make signing and verification fail, never pass silently.</summary>
public class SafeModeTests
{
    [Fact]
    public async Task Credential_with_an_undefined_term_cannot_be_signed()
    {
        using var key = Ed25519Multikey.Generate();
        var node = JsonNode.Parse(OpenBadgeJson.Serialize(Fixtures.Credential(key).Build(Fixtures.Now)))!;
        node["credentialSubject"]!["favouriteColour"] = "teal";
        var e = await Assert.ThrowsAsync<CredentialFormatException>(() => Fixtures.SignJsonAsync(node.ToJsonString(), key.CreateSigner()));
        Assert.Contains("favouriteColour", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credential_with_an_undefined_term_fails_verification()
    {
        using var key = Ed25519Multikey.Generate();
        var node = JsonNode.Parse(await Fixtures.IssueAsync(key))!;
        node["credentialSubject"]!["favouriteColour"] = "teal";
        var result = await Fixtures.Verifier().VerifyAsync(node.ToJsonString());
        Assert.False(result.Verified);
        var proof = Fixtures.Check(result, "proof");
        Assert.Contains("safe mode", proof.Message, StringComparison.Ordinal);
        Assert.Contains("favouriteColour", proof.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credential_with_an_unknown_context_fails_verification_without_a_fetch()
    {
        using var key = Ed25519Multikey.Generate();
        var node = JsonNode.Parse(await Fixtures.IssueAsync(key))!;
        node["@context"]!.AsArray().Add("https://contexts.example.org/extra/v1");
        var result = await Fixtures.Verifier().VerifyAsync(node.ToJsonString());
        Assert.False(result.Verified);
        Assert.Contains("https://contexts.example.org/extra/v1", Fixtures.Check(result, "proof").Message, StringComparison.Ordinal);
        Assert.Contains("not bundled", Fixtures.Check(result, "proof").Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credential_with_an_embedded_context_fails_the_shape_check()
    {
        using var key = Ed25519Multikey.Generate();
        var node = JsonNode.Parse(await Fixtures.IssueAsync(key))!;
        node["@context"]!.AsArray().Add(new JsonObject { ["favouriteColour"] = "https://example.org/colour" });
        var result = await Fixtures.Verifier().VerifyAsync(node.ToJsonString());
        Assert.False(result.Verified);
        Assert.Contains("embedded contexts are not accepted", Fixtures.Check(result, "shape").Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Relative_achievement_id_fails_verification()
    {
        using var key = Ed25519Multikey.Generate();
        var node = JsonNode.Parse(await Fixtures.IssueAsync(key))!;
        node["credentialSubject"]!["achievement"]!["id"] = "achievements/relative";
        var result = await Fixtures.Verifier().VerifyAsync(node.ToJsonString());
        Assert.False(result.Verified);
        Assert.False(Fixtures.Check(result, "proof").Passed);
        Assert.False(Fixtures.Check(result, "shape").Passed);
    }
}
