using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microcred.Credentials.Keys;
using Microcred.Credentials.OpenBadges;
using Microcred.Credentials.Status;
using Microcred.Credentials.Verification;

namespace Microcred.Credentials.Tests.Credentials;

/// <summary>
/// Credentials cross between our library and the independent JavaScript verifier (Digital Bazaar /
/// DCC stack) in both directions, with status lists, and every single changed value fails in both.
/// </summary>
public sealed class InteropTests : IDisposable
{
    private const string ListUrl = "https://academy.example.org/status/interop-1";
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static CredentialVerifier OurVerifier(IStatusListCredentialSource? lists = null) =>
        new(new CredentialVerifierOptions { StatusLists = lists });

    private async Task<(Ed25519Multikey Key, List<string> Credentials, string ListFile)> IssueBatchAsync(int count, int revokedIndex)
    {
        var key = Ed25519Multikey.Generate();
        var list = new BitstringStatusList();
        list[revokedIndex] = true;
        var listJson = await StatusListCredential.CreateAsync(ListUrl, StatusPurposes.Revocation, list, key.CreateSigner(), DateTimeOffset.UtcNow.AddMinutes(-10));
        var listFile = _temp.Write("list.json", Encoding.UTF8.GetString(listJson));
        var issuer = new OpenBadgeIssuer(key.CreateSigner());
        var credentials = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var builder = Samples.Builder(key.Controller)
                .ForEmail($"learner{i}@example.org").WithRecipientName($"Learner {i} (synthetic)")
                .ValidFrom(DateTimeOffset.UtcNow.AddMinutes(-5))
                .WithStatus(BitstringStatusListEntry.Create(ListUrl, StatusPurposes.Revocation, i));
            if (i % 3 == 0)
            {
                builder.ValidUntil(DateTimeOffset.UtcNow.AddYears(2)).AwardedOn(DateTimeOffset.UtcNow.AddDays(-1))
                    .WithActivity(DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddDays(-2))
                    .WithCreditsEarned(2.5)
                    .WithResult(new Result { ResultDescription = "https://academy.example.org/achievements/ehr-documentation/score", Value = "91", Status = "Completed" })
                    .WithEvidence(new Evidence { Id = "https://academy.example.org/evidence/lab-7", Name = "Charting lab", Narrative = "Charted 12 synthetic encounters." });
            }
            credentials.Add(Encoding.UTF8.GetString(await issuer.IssueAsync(builder.Build())));
        }
        return (key, credentials, listFile);
    }

    private static string Id(string credential) => JsonNode.Parse(credential)!["id"]!.GetValue<string>();

    [SkippableFact]
    public async Task Our_credentials_verify_in_the_javascript_verifiers_and_revoked_ones_fail()
    {
        Ob3Verifier.Directory();
        var (key, credentials, listFile) = await IssueBatchAsync(12, revokedIndex: 4);
        using (key)
        {
            var file = _temp.Write("ours.jsonl", string.Join('\n', credentials));
            var schema = SharedFolder.Path("tools", "ob3-verifier", "schema", "ob_v3p0_achievementcredential.json");

            var db = Ob3Verifier.Verify("verify.mjs", "--status-list", listFile, "--schema", schema, file);
            var core = Ob3Verifier.Verify("verify-core.mjs", "--status-list", listFile, file);

            for (var i = 0; i < credentials.Count; i++)
            {
                var id = Id(credentials[i]);
                var expected = i != 4;
                Assert.True(expected == db[id].Verified, $"verify.mjs, credential {i}: {db[id].Errors}");
                Assert.True(expected == core[id].Verified, $"verify-core.mjs, credential {i}: {core[id].Errors}");
            }
            Assert.Contains("revoked", db[Id(credentials[4])].Errors, StringComparison.Ordinal);
        }
    }

    [SkippableFact]
    public async Task Changing_any_single_signed_value_fails_in_both_verifiers()
    {
        Ob3Verifier.Directory();
        var (key, credentials, listFile) = await IssueBatchAsync(3, revokedIndex: 100);
        using (key)
        {
            var changes = new (string Path, Action<JsonNode> Change)[]
            {
                ("name", n => n["name"] = "Forged credential name"),
                ("validFrom", n => n["validFrom"] = "2020-01-01T00:00:00Z"),
                ("credentialSubject.achievement.id", n => n["credentialSubject"]!["achievement"]!["id"] = "https://academy.example.org/achievements/forged"),
                ("credentialStatus.statusListIndex", n => n["credentialStatus"]!["statusListIndex"] = "99"),
                ("issuer.name", n => n["issuer"]!["name"] = "Another College"),
                ("credentialSubject.identifier.1.identityHash", n => n["credentialSubject"]!["identifier"]![1]!["identityHash"] = "Someone Else"),
                ("credentialSubject.achievement.criteria.narrative", n => n["credentialSubject"]!["achievement"]!["criteria"]!["narrative"] = "Attended."),
            };
            var tampered = new List<(string Id, string What, string Json)>();
            foreach (var credential in credentials)
            {
                foreach (var (path, change) in changes)
                {
                    var node = JsonNode.Parse(credential)!;
                    change(node);
                    var id = $"urn:uuid:{Guid.NewGuid()}";
                    node["id"] = id;
                    tampered.Add((id, path, node.ToJsonString()));
                }
            }
            // Each changed credential also gets a fresh id, itself a signed value; undo that for one
            // check so the other change is what fails.
            var onlyIdChanged = JsonNode.Parse(credentials[0])!;
            onlyIdChanged["id"] = "urn:uuid:00000000-0000-4000-8000-000000000000";
            tampered.Add(("urn:uuid:00000000-0000-4000-8000-000000000000", "id", onlyIdChanged.ToJsonString()));

            var file = _temp.Write("tampered.jsonl", string.Join('\n', tampered.Select(t => t.Json)));
            var db = Ob3Verifier.Verify("verify.mjs", "--status-list", listFile, file);
            var core = Ob3Verifier.Verify("verify-core.mjs", "--status-list", listFile, file);
            var ours = OurVerifier(new StatusListCredentialSet().Add(File.ReadAllText(listFile)));
            foreach (var (id, what, json) in tampered)
            {
                Assert.False(db[id].Verified, $"verify.mjs accepted a credential with a changed {what}");
                Assert.False(core[id].Verified, $"verify-core.mjs accepted a credential with a changed {what}");
                var result = await ours.VerifyAsync(json);
                Assert.False(result.Verified, $"we accepted a credential with a changed {what}");
                Assert.False(Fixtures.Check(result, "proof").Passed, what);
            }
        }
    }

    [SkippableFact]
    public async Task Javascript_signed_credentials_of_both_suites_verify_in_ours_and_revoked_ones_fail()
    {
        Ob3Verifier.Directory();
        using var key = Ed25519Multikey.Generate();
        var keyFile = _temp.Write("key.json", key.ToJson(includeSecretKey: true));
        var listFile = _temp.Path("js-list.json");

        var eddsa = Ob3Verifier.Run("sign.mjs", "--key", keyFile, "--count", "4", "--status-list", listFile, "--status-list-url", ListUrl, "--revoke", "2");
        Assert.True(eddsa.ExitCode == 0, eddsa.Error);
        var legacy = Ob3Verifier.Run("sign.mjs", "--key", keyFile, "--suite", "Ed25519Signature2020", "--count", "2");
        Assert.True(legacy.ExitCode == 0, legacy.Error);
        var strict = Ob3Verifier.Run("sign.mjs", "--key", keyFile, "--proof-array", "--credential-schema");
        Assert.True(strict.ExitCode == 0, strict.Error);

        var verifier = OurVerifier(new StatusListCredentialSet().Add(File.ReadAllText(listFile)));
        var lines = eddsa.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            var result = await verifier.VerifyAsync(lines[i]);
            Assert.True((i != 2) == result.Verified, result.ToJson());
            Assert.Contains("eddsa-rdfc-2022", Fixtures.Check(result, "proof").Message, StringComparison.Ordinal);
        }
        Assert.Contains("revoked", Fixtures.Check(await verifier.VerifyAsync(lines[2]), "status").Message, StringComparison.Ordinal);

        foreach (var line in legacy.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var result = await verifier.VerifyAsync(line);
            Assert.True(result.Verified, result.ToJson());
            Assert.Contains("Ed25519Signature2020", Fixtures.Check(result, "proof").Message, StringComparison.Ordinal);
            var changed = JsonNode.Parse(line)!;
            changed["credentialSubject"]!["achievement"]!["name"] = "Changed";
            Assert.False((await verifier.VerifyAsync(changed.ToJsonString())).Verified);
        }

        var strictResult = await verifier.VerifyAsync(strict.Output);
        Assert.True(strictResult.Verified, strictResult.ToJson());
    }

    [SkippableFact]
    public void Our_key_file_signs_in_the_javascript_stack()
    {
        Ob3Verifier.Directory();
        using var key = Ed25519Multikey.Generate();
        var keyFile = _temp.Write("key.json", key.ToJson(includeSecretKey: true));
        var signed = Ob3Verifier.Run("sign.mjs", "--key", keyFile);
        Assert.True(signed.ExitCode == 0, signed.Error);
        Assert.Equal(key.Controller, JsonNode.Parse(signed.Output)!["issuer"]!["id"]!.GetValue<string>());
    }
}

/// <summary>A temporary folder removed after the test.</summary>
internal sealed class TempDirectory : IDisposable
{
    private readonly string _path = Directory.CreateTempSubdirectory("microcred-interop-").FullName;

    public string Path(string name) => System.IO.Path.Combine(_path, name);

    public string Write(string name, string content)
    {
        var path = Path(name);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose() => Directory.Delete(_path, recursive: true);
}
