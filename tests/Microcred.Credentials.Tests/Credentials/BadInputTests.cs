using System.Text;
using System.Text.Json.Nodes;
using Microcred.Credentials.Keys;
using Microcred.Credentials.Verification;

namespace Microcred.Credentials.Tests.Credentials;

public class BadInputTests
{
    public static TheoryData<string, string> Garbage => new()
    {
        { "", "not valid JSON" },
        { "not json at all", "not valid JSON" },
        { "{\"@context\": [", "not valid JSON" },
        { "[]", "A credential is a JSON object, not an array." },
        { "\"a string\"", "A credential is a JSON object, not a string." },
        { "42", "A credential is a JSON object, not a number." },
        { "null", "A credential is a JSON object, not null." },
        { new string('[', 100) + new string(']', 100), "nests deeper than 32" },
        { """{"id":"urn:uuid:1","validUntil":"2020-01-01T00:00:00Z","validUntil":"2099-01-01T00:00:00Z"}""", "validUntil" },
    };

    [Theory]
    [MemberData(nameof(Garbage))]
    public async Task Input_that_is_not_a_credential_fails_the_shape_check_without_an_exception(string input, string reason)
    {
        var result = await Fixtures.Verifier().VerifyAsync(input);
        Assert.False(result.Verified);
        var shape = Fixtures.Check(result, "shape");
        Assert.False(shape.Passed);
        Assert.Contains(reason, shape.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Input_over_the_size_limit_is_refused_unparsed()
    {
        var huge = "{\"name\":\"" + new string('x', CredentialVerifierOptions.DefaultMaxDocumentBytes) + "\"}";
        var result = await Fixtures.Verifier().VerifyAsync(huge);
        Assert.Contains("1,048,576-byte limit", Fixtures.Check(result, "shape").Message, StringComparison.Ordinal);
        var bytes = await Fixtures.Verifier().VerifyAsync(Encoding.UTF8.GetBytes(huge));
        Assert.False(bytes.Verified);
    }

    [Fact]
    public async Task Empty_object_fails_every_check_with_reasons()
    {
        var result = await Fixtures.Verifier().VerifyAsync("{}");
        Assert.False(result.Verified);
        Assert.All(result.Checks.Where(c => c.Name != "status"), c => Assert.False(c.Passed));
        Assert.Contains("\"@context\" must be the array", Fixtures.Check(result, "shape").Message, StringComparison.Ordinal);
        Assert.Equal("The credential has no proof.", Fixtures.Check(result, "proof").Message);
        Assert.Equal("The credential names no issuer id.", Fixtures.Check(result, "issuer").Message);
    }

    public static TheoryData<string, string, string> WrongTypes => new()
    {
        { "type", "\"OpenBadgeCredential\"", "\"type\" must be an array" },
        { "issuer", "42", "\"issuer\" must be a Profile object" },
        { "validFrom", "\"yesterday\"", "\"validFrom\" must be a date-time" },
        { "validFrom", "\"2026-01-01T00:00:00\"", "\"validFrom\" must be a date-time" },
        { "credentialSubject", "[]", "\"credentialSubject\" must be an AchievementSubject object" },
        { "@context", "\"https://www.w3.org/ns/credentials/v2\"", "\"@context\" must be the array" },
        { "id", "17", "\"id\" must be the credential's URI" },
    };

    [Theory]
    [MemberData(nameof(WrongTypes))]
    public async Task Property_of_the_wrong_type_fails_the_shape_check(string property, string json, string reason)
    {
        using var key = Ed25519Multikey.Generate();
        var node = JsonNode.Parse(await Fixtures.IssueAsync(key))!;
        node[property] = JsonNode.Parse(json);
        var result = await Fixtures.Verifier().VerifyAsync(node.ToJsonString());
        Assert.False(result.Verified);
        Assert.Contains(reason, Fixtures.Check(result, "shape").Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> BadProofs => new()
    {
        { """{"type":"RsaSignature2018","proofPurpose":"assertionMethod"}""", "Unsupported proof type \"RsaSignature2018\"" },
        { """{"type":"DataIntegrityProof","cryptosuite":"ecdsa-rdfc-2019","proofPurpose":"assertionMethod"}""", "with cryptosuite \"ecdsa-rdfc-2019\"" },
        { """{"type":"DataIntegrityProof","cryptosuite":"eddsa-rdfc-2022","proofPurpose":"authentication"}""", "a credential needs \"assertionMethod\"" },
        { """{"type":"DataIntegrityProof","cryptosuite":"eddsa-rdfc-2022","proofPurpose":"assertionMethod","proofValue":"uAAAA"}""", "not a base58btc" },
        { """{"type":"DataIntegrityProof","cryptosuite":"eddsa-rdfc-2022","proofPurpose":"assertionMethod","proofValue":"z3","verificationMethod":"did:key:x"}""", "not a base58btc" },
        { "[]", "non-empty array" },
        { "[42]", "A proof must be a JSON object." },
        { "\"proof\"", "\"proof\" must be an object" },
    };

    [Theory]
    [MemberData(nameof(BadProofs))]
    public async Task Malformed_proof_fails_the_proof_check_with_its_reason(string proofJson, string reason)
    {
        using var key = Ed25519Multikey.Generate();
        var node = JsonNode.Parse(await Fixtures.IssueAsync(key))!;
        node["proof"] = JsonNode.Parse(proofJson);
        var result = await Fixtures.Verifier().VerifyAsync(node.ToJsonString());
        Assert.False(result.Verified);
        Assert.Contains(reason, Fixtures.Check(result, "proof").Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credential_with_a_huge_proof_set_or_status_list_is_refused_without_the_work()
    {
        using var key = Ed25519Multikey.Generate();
        var node = JsonNode.Parse(await Fixtures.IssueAsync(key))!;
        var proofs = new JsonArray();
        var statuses = new JsonArray();
        for (var i = 0; i < 500; i++)
        {
            proofs.Add(node["proof"]![0]!.DeepClone());
            statuses.Add(new JsonObject { ["type"] = "BitstringStatusListEntry" });
        }
        node["proof"] = proofs;
        node["credentialStatus"] = statuses;
        var result = await Fixtures.Verifier().VerifyAsync(node.ToJsonString());
        Assert.Contains("500 proofs", Fixtures.Check(result, "proof").Message, StringComparison.Ordinal);
        Assert.Contains("500 status entries", Fixtures.Check(result, "status").Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Proof_by_an_unresolvable_did_fails_with_a_reason()
    {
        using var key = Ed25519Multikey.Generate();
        var node = JsonNode.Parse(await Fixtures.IssueAsync(key))!;
        node["proof"]![0]!["verificationMethod"] = "did:example:123#key-1";
        var result = await Fixtures.Verifier().VerifyAsync(node.ToJsonString());
        Assert.Contains("cannot be resolved", Fixtures.Check(result, "proof").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verification_result_serializes_as_one_json_line()
    {
        var result = new VerificationResult("urn:uuid:1", [new VerificationCheck("proof", false, "The \"signature\" does not match.")]);
        var line = result.ToJson();
        Assert.DoesNotContain('\n', line);
        var node = JsonNode.Parse(line)!;
        Assert.False((bool)node["verified"]!);
        Assert.Equal("The \"signature\" does not match.", (string?)node["checks"]![0]!["message"]);
    }
}
