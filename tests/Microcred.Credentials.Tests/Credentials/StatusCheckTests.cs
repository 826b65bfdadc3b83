using System.Text.Json.Nodes;
using Microcred.Credentials.Keys;
using Microcred.Credentials.OpenBadges;
using Microcred.Credentials.Status;

namespace Microcred.Credentials.Tests.Credentials;

public class StatusCheckTests
{
    private static Task<string> IssueWithStatusAsync(Ed25519Multikey key, int index, string purpose = StatusPurposes.Revocation, string url = Fixtures.ListUrl) =>
        Fixtures.IssueAsync(key, b => b.WithStatus(BitstringStatusListEntry.Create(url, purpose, index)));

    [Fact]
    public async Task Credential_with_a_clear_bit_passes_the_status_check()
    {
        using var key = Ed25519Multikey.Generate();
        var lists = new StatusListCredentialSet().Add(await Fixtures.ListAsync(key, change: l => l[8] = true));
        var result = await Fixtures.Verifier(lists).VerifyAsync(await IssueWithStatusAsync(key, 7));
        Assert.True(result.Verified, result.ToJson());
        Assert.Contains("not revoked", Fixtures.Check(result, "status").Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoked_credential_fails_verification()
    {
        using var key = Ed25519Multikey.Generate();
        var lists = new StatusListCredentialSet().Add(await Fixtures.ListAsync(key, change: l => l[7] = true));
        var result = await Fixtures.Verifier(lists).VerifyAsync(await IssueWithStatusAsync(key, 7));
        Assert.False(result.Verified);
        Assert.Equal($"The credential is revoked (list {Fixtures.ListUrl}, index 7).", Fixtures.Check(result, "status").Message);
        Assert.True(Fixtures.Check(result, "proof").Passed);
    }

    [Fact]
    public async Task Suspended_credential_fails_and_passes_again_once_the_bit_is_cleared()
    {
        using var key = Ed25519Multikey.Generate();
        var credential = await IssueWithStatusAsync(key, 11, StatusPurposes.Suspension, Fixtures.SuspensionListUrl);
        var suspended = await Fixtures.ListAsync(key, StatusPurposes.Suspension, Fixtures.SuspensionListUrl, l => l[11] = true);

        var verifier = Fixtures.Verifier(new StatusListCredentialSet().Add(suspended));
        var result = await verifier.VerifyAsync(credential);
        Assert.Contains("suspended", Fixtures.Check(result, "status").Message, StringComparison.Ordinal);
        Assert.False(result.Verified);

        var cleared = System.Text.Encoding.UTF8.GetString(await StatusListCredential.UpdateAsync(Fixtures.Suite, suspended, l => l[11] = false, key.CreateSigner(), Fixtures.Now, false, CancellationToken.None));
        Assert.True((await Fixtures.Verifier(new StatusListCredentialSet().Add(cleared)).VerifyAsync(credential)).Verified);
    }

    [Fact]
    public async Task List_signed_by_another_issuer_fails_the_status_check()
    {
        using var key = Ed25519Multikey.Generate();
        using var other = Ed25519Multikey.Generate();
        var lists = new StatusListCredentialSet().Add(await Fixtures.ListAsync(other));
        var result = await Fixtures.Verifier(lists).VerifyAsync(await IssueWithStatusAsync(key, 1));
        Assert.False(result.Verified);
        Assert.Contains("not by the credential's issuer", Fixtures.Check(result, "status").Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_that_cannot_be_obtained_fails_the_status_check()
    {
        using var key = Ed25519Multikey.Generate();
        var credential = await IssueWithStatusAsync(key, 1);

        var empty = await Fixtures.Verifier(new StatusListCredentialSet()).VerifyAsync(credential);
        Assert.False(empty.Verified);
        Assert.Contains("could not be obtained", Fixtures.Check(empty, "status").Message, StringComparison.Ordinal);

        var noSource = await Fixtures.Verifier().VerifyAsync(credential);
        Assert.False(noSource.Verified);
        Assert.Contains("No status lists were supplied", Fixtures.Check(noSource, "status").Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_for_another_purpose_fails_the_status_check()
    {
        using var key = Ed25519Multikey.Generate();
        var lists = new StatusListCredentialSet().Add(await Fixtures.ListAsync(key, StatusPurposes.Suspension));
        var result = await Fixtures.Verifier(lists).VerifyAsync(await IssueWithStatusAsync(key, 1));
        Assert.Contains("is for suspension", Fixtures.Check(result, "status").Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Expired_list_fails_the_status_check()
    {
        using var key = Ed25519Multikey.Generate();
        var lists = new StatusListCredentialSet().Add(await Fixtures.ListAsync(key, validUntil: Fixtures.Now.AddHours(-1)));
        var result = await Fixtures.Verifier(lists).VerifyAsync(await IssueWithStatusAsync(key, 1));
        Assert.Contains("expired", Fixtures.Check(result, "status").Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tampered_list_fails_the_status_check()
    {
        using var key = Ed25519Multikey.Generate();
        var node = JsonNode.Parse(await Fixtures.ListAsync(key, change: l => l[1] = true))!;
        node["credentialSubject"]!["encodedList"] = new BitstringStatusList().Encode();
        var result = await Fixtures.Verifier(new StatusListCredentialSet().Add(node.ToJsonString())).VerifyAsync(await IssueWithStatusAsync(key, 1));
        Assert.False(result.Verified);
        Assert.Contains("not trustworthy", Fixtures.Check(result, "status").Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_shorter_than_the_minimum_fails_the_status_check()
    {
        using var key = Ed25519Multikey.Generate();
        var shortList = "u" + System.Buffers.Text.Base64Url.EncodeToString(Gzip(new byte[1024]));
        var unsigned = $$"""
        {"@context":["https://www.w3.org/ns/credentials/v2"],"id":"{{Fixtures.ListUrl}}","type":["VerifiableCredential","BitstringStatusListCredential"],
         "issuer":"{{key.Controller}}","validFrom":"2026-01-01T00:00:00Z",
         "credentialSubject":{"id":"{{Fixtures.ListUrl}}#list","type":"BitstringStatusList","statusPurpose":"revocation","encodedList":"{{shortList}}" } }
        """;
        var lists = new StatusListCredentialSet().Add(await Fixtures.SignJsonAsync(unsigned, key.CreateSigner()));
        var result = await Fixtures.Verifier(lists).VerifyAsync(await IssueWithStatusAsync(key, 1));
        Assert.Contains("fewer than the 131,072", Fixtures.Check(result, "status").Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unsupported_status_type_fails_closed()
    {
        using var key = Ed25519Multikey.Generate();
        var node = JsonNode.Parse(await Fixtures.IssueAsync(key))!;
        node["credentialStatus"] = new JsonObject { ["id"] = "https://example.org/status/1", ["type"] = "1EdTechRevocationList" };
        var result = await Fixtures.Verifier(new StatusListCredentialSet()).VerifyAsync(node.ToJsonString());
        Assert.False(result.Verified);
        Assert.Contains("not supported", Fixtures.Check(result, "status").Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_verified_list_is_checked_once_for_many_credentials()
    {
        using var key = Ed25519Multikey.Generate();
        var lists = new StatusListCredentialSet().Add(await Fixtures.ListAsync(key, change: l => l[3] = true));
        var credentials = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            credentials.Add(await IssueWithStatusAsync(key, i));
        }
        var counting = new CountingCanonicalizer(Fixtures.Canonicalizer);
        var verifier = Fixtures.Verifier(lists, canonicalizer: counting);
        var verified = 0;
        foreach (var credential in credentials)
        {
            verified += (await verifier.VerifyAsync(credential)).Verified ? 1 : 0;
        }
        Assert.Equal(4, verified);
        // two canonicalizations per credential (document, proof config) plus two for the list, once
        Assert.Equal((2 * credentials.Count) + 2, counting.Calls);
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(data);
        }
        return output.ToArray();
    }
}
