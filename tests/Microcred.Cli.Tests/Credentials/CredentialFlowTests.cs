using System.Text.Json;

namespace Microcred.Cli.Tests.Credentials;

public class CredentialFlowTests
{
    private const string ListUrl = "https://academy.example.org/status/cli-1";

    [Fact]
    public async Task Keygen_list_issue_verify_revoke_and_verify_again_fails_with_exit_1()
    {
        using var temp = new TempFolder();
        var key = temp.File("issuer.json");
        var list = temp.File("revocation.json");
        var credential = temp.File("credential.json");

        Assert.Equal(0, (await CliRunner.RunAsync("keygen", "--out", key)).ExitCode);
        var created = await CliRunner.RunAsync("status-list", "create", "--key", key, "--url", ListUrl, "--purpose", "revocation", "--out", list);
        Assert.True(created.ExitCode == 0, created.Error);

        var issued = await CliRunner.RunAsync("issue", "--key", key, "--achievement", UsageErrorTests.ExampleAchievement,
            "--recipient", "avery@example.org", "--name", "Avery Sample (synthetic)", "--valid-until", "2099-12-31",
            "--status-list", list, "--status-index", "42");
        Assert.True(issued.ExitCode == 0, issued.Error);
        File.WriteAllText(credential, issued.Output);
        using (var document = JsonDocument.Parse(issued.Output))
        {
            var root = document.RootElement;
            Assert.Equal("42", root.GetProperty("credentialStatus").GetProperty("statusListIndex").GetString());
            Assert.Equal("2099-12-31T00:00:00Z", root.GetProperty("validUntil").GetString());
            Assert.Equal(JsonValueKind.Array, root.GetProperty("proof").ValueKind);
        }

        var verified = await CliRunner.RunAsync("verify", "--status-list", list, credential);
        Assert.True(verified.ExitCode == 0, verified.Output + verified.Error);
        var line = JsonDocument.Parse(verified.Output.Trim()).RootElement;
        Assert.True(line.GetProperty("verified").GetBoolean());
        Assert.Equal(5, line.GetProperty("checks").GetArrayLength());

        var revoked = await CliRunner.RunAsync("status-list", "revoke", "--key", key, "--list", list, "--index", "42");
        Assert.True(revoked.ExitCode == 0, revoked.Error);

        var after = await CliRunner.RunAsync("verify", "--status-list", list, credential);
        Assert.Equal(1, after.ExitCode);
        var failed = JsonDocument.Parse(after.Output.Trim()).RootElement;
        Assert.False(failed.GetProperty("verified").GetBoolean());
        var status = failed.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "status");
        Assert.Contains("revoked", status.GetProperty("message").GetString(), StringComparison.Ordinal);

        var withoutList = await CliRunner.RunAsync("verify", credential);
        Assert.Equal(1, withoutList.ExitCode);
    }

    [Fact]
    public async Task Suspension_can_be_lifted_but_revocation_needs_force_to_clear()
    {
        using var temp = new TempFolder();
        var key = temp.File("issuer.json");
        var suspension = temp.File("suspension.json");
        var revocation = temp.File("revocation.json");
        await CliRunner.RunAsync("keygen", "--out", key);
        await CliRunner.RunAsync("status-list", "create", "--key", key, "--url", ListUrl + "/s", "--purpose", "suspension", "--out", suspension);
        await CliRunner.RunAsync("status-list", "create", "--key", key, "--url", ListUrl + "/r", "--purpose", "revocation", "--out", revocation);
        var credential = temp.File("c.json");
        File.WriteAllText(credential, (await CliRunner.RunAsync("issue", "--key", key, "--achievement", UsageErrorTests.ExampleAchievement,
            "--recipient", "avery@example.org", "--name", "Avery Sample", "--status-list", suspension, "--status-index", "3")).Output);

        Assert.Equal(2, (await CliRunner.RunAsync("status-list", "revoke", "--key", key, "--list", suspension, "--index", "3")).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync("status-list", "suspend", "--key", key, "--list", suspension, "--index", "3")).ExitCode);
        Assert.Equal(1, (await CliRunner.RunAsync("verify", "--status-list", suspension, credential)).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync("status-list", "clear", "--key", key, "--list", suspension, "--index", "3")).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync("verify", "--status-list", suspension, credential)).ExitCode);

        await CliRunner.RunAsync("status-list", "revoke", "--key", key, "--list", revocation, "--index", "8");
        var refused = await CliRunner.RunAsync("status-list", "clear", "--key", key, "--list", revocation, "--index", "8");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("Revocation is permanent", refused.Error, StringComparison.Ordinal);
        Assert.Equal(0, (await CliRunner.RunAsync("status-list", "clear", "--key", key, "--list", revocation, "--index", "8", "--force")).ExitCode);
    }

    [Fact]
    public async Task Status_list_of_another_issuer_is_refused_when_issuing()
    {
        using var temp = new TempFolder();
        var key = temp.File("a.json");
        var other = temp.File("b.json");
        var list = temp.File("list.json");
        await CliRunner.RunAsync("keygen", "--out", key);
        await CliRunner.RunAsync("keygen", "--out", other);
        await CliRunner.RunAsync("status-list", "create", "--key", other, "--url", ListUrl, "--purpose", "revocation", "--out", list);
        var run = await CliRunner.RunAsync("issue", "--key", key, "--achievement", UsageErrorTests.ExampleAchievement,
            "--recipient", "avery@example.org", "--name", "Avery Sample", "--status-list", list, "--status-index", "1");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("not by this key", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_credentials_verify_from_a_file_an_array_a_directory_and_lines()
    {
        using var temp = new TempFolder();
        var key = temp.File("issuer.json");
        await CliRunner.RunAsync("keygen", "--out", key);
        var jsonl = temp.File("demo.jsonl");
        var demo = await CliRunner.RunAsync("issue", "--key", key, "--demo", "--count", "6", "--out", jsonl);
        Assert.True(demo.ExitCode == 0, demo.Error);
        Assert.Contains("Signed 6 demonstration credential(s)", demo.Error, StringComparison.Ordinal);

        var lines = File.ReadAllLines(jsonl);
        Assert.Equal(6, lines.Length);
        Assert.All(lines, l => Assert.Contains("(synthetic ", l, StringComparison.Ordinal));

        var verifiedLines = await CliRunner.RunAsync("verify", jsonl);
        Assert.Equal(0, verifiedLines.ExitCode);
        Assert.Equal(6, verifiedLines.Output.Trim().Split('\n').Length);

        var folder = Directory.CreateDirectory(Path.Combine(temp.Path, "folder")).FullName;
        File.WriteAllText(Path.Combine(folder, "array.json"), "[" + string.Join(",", lines.Take(2)) + "]");
        File.WriteAllText(Path.Combine(folder, "one.json"), lines[2]);
        File.WriteAllText(Path.Combine(folder, "ignored.txt"), "not a credential");
        var verifiedFolder = await CliRunner.RunAsync("verify", folder);
        Assert.Equal(0, verifiedFolder.ExitCode);
        Assert.Equal(3, verifiedFolder.Output.Trim().Split('\n').Length);

        var broken = temp.File("broken.jsonl");
        var changed = System.Text.Json.Nodes.JsonNode.Parse(lines[1])!;
        changed["name"] = "A name the issuer never signed";
        File.WriteAllLines(broken, [lines[0], "{ this is not json", changed.ToJsonString()]);
        var mixed = await CliRunner.RunAsync("verify", broken);
        Assert.Equal(1, mixed.ExitCode);
        var results = mixed.Output.Trim().Split('\n').Select(l => JsonDocument.Parse(l).RootElement.GetProperty("verified").GetBoolean()).ToList();
        Assert.Equal([true, false, false], results);
    }

    [Fact]
    public async Task Verify_now_option_checks_the_validity_window_at_that_time()
    {
        using var temp = new TempFolder();
        var key = temp.File("issuer.json");
        await CliRunner.RunAsync("keygen", "--out", key);
        var credential = temp.File("c.json");
        File.WriteAllText(credential, (await CliRunner.RunAsync("issue", "--key", key, "--achievement", UsageErrorTests.ExampleAchievement,
            "--recipient", "avery@example.org", "--name", "Avery Sample", "--valid-until", "2030-01-01T00:00:00Z")).Output);
        Assert.Equal(0, (await CliRunner.RunAsync("verify", "--now", "2029-12-31T23:59:00Z", credential)).ExitCode);
        var expired = await CliRunner.RunAsync("verify", "--now", "2030-01-02T00:00:00Z", credential);
        Assert.Equal(1, expired.ExitCode);
        Assert.Contains("expired", expired.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Did_web_issuer_verifies_with_its_did_document_supplied()
    {
        using var temp = new TempFolder();
        using var webKey = Microcred.Credentials.Keys.Ed25519Multikey.Generate("did:web:academy.example.org", "key-1");
        var key = temp.File("web-key.json");
        File.WriteAllText(key, webKey.ToJson(includeSecretKey: true));
        var didJson = temp.File("did.json");
        File.WriteAllText(didJson, Microcred.Credentials.Dids.DidWeb.CreateDocument("did:web:academy.example.org", webKey).ToJson());
        var credential = temp.File("c.json");
        var issued = await CliRunner.RunAsync("issue", "--key", key, "--achievement", UsageErrorTests.ExampleAchievement, "--recipient", "avery@example.org", "--name", "Avery Sample");
        Assert.True(issued.ExitCode == 0, issued.Error);
        File.WriteAllText(credential, issued.Output);

        Assert.Equal(1, (await CliRunner.RunAsync("verify", credential)).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync("verify", "--did-document", didJson, credential)).ExitCode);
    }

    [Fact]
    public async Task Canonicalize_prints_canonical_nquads_for_nquads_and_json_ld()
    {
        using var temp = new TempFolder();
        var nq = temp.File("in.nq");
        File.WriteAllText(nq, "_:b1 <http://example.org/p> \"x\" .\n<http://example.org/s> <http://example.org/q> _:b1 .\n");
        var fromNq = await CliRunner.RunAsync("canonicalize", nq);
        Assert.True(fromNq.ExitCode == 0, fromNq.Error);
        Assert.Equal("<http://example.org/s> <http://example.org/q> _:c14n0 .\n_:c14n0 <http://example.org/p> \"x\" .\n", fromNq.Output);

        var json = temp.File("in.jsonld");
        File.WriteAllText(json, """{"@context":{"name":"https://schema.org/name"},"@id":"https://example.org/a","name":"A"}""");
        var fromJson = await CliRunner.RunAsync("canonicalize", json);
        Assert.Equal(0, fromJson.ExitCode);
        Assert.Equal("<https://example.org/a> <https://schema.org/name> \"A\" .\n", fromJson.Output);

        var undefinedTerm = temp.File("bad.json");
        File.WriteAllText(undefinedTerm, """{"@context":{"name":"https://schema.org/name"},"@id":"https://example.org/a","colour":"teal"}""");
        var refused = await CliRunner.RunAsync("canonicalize", undefinedTerm);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("colour", refused.Error, StringComparison.Ordinal);

        Assert.Equal(2, (await CliRunner.RunAsync("canonicalize", temp.File("x.txt"))).ExitCode);
    }
}
