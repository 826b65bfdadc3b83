using System.Text;
using System.Text.Json;
using Json.Schema;
using Microcred.Credentials.Keys;
using Microcred.Credentials.OpenBadges;

namespace Microcred.Credentials.Tests.Credentials;

/// <summary>Issued credentials validate against the 1EdTech AchievementCredential JSON Schema (draft 2019-09).</summary>
public class SchemaTests
{
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(
        SharedFolder.Read("tools", "ob3-verifier", "schema", "ob_v3p0_achievementcredential.json"),
        new BuildOptions { SchemaRegistry = new SchemaRegistry() }));

    private static EvaluationResults Evaluate(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
    }

    private static string Problems(EvaluationResults results) =>
        string.Join("; ", (results.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")));

    [Fact]
    public async Task Issued_credentials_validate_against_the_1EdTech_schema()
    {
        using var key = Ed25519Multikey.Generate();
        var minimal = await Fixtures.IssueAsync(key);
        var full = await Fixtures.IssueAsync(key, b => b
            .ValidUntil(Fixtures.Now.AddYears(2)).AwardedOn(Fixtures.Now)
            .WithActivity(Fixtures.Now.AddDays(-30), Fixtures.Now.AddDays(-1)).WithCreditsEarned(3.5)
            .WithResult(new Result { ResultDescription = "https://academy.example.org/achievements/ehr-documentation/score", Value = "91", Status = "Completed" })
            .WithEvidence(new Evidence { Id = "https://academy.example.org/evidence/1", Name = "Lab", Description = "Charting lab", Narrative = "Charted 12 synthetic encounters." })
            .WithStatus(BitstringStatusListEntry.Create(Fixtures.ListUrl, StatusPurposes.Revocation, 9)));

        foreach (var json in new[] { minimal, full })
        {
            var results = Evaluate(json);
            Assert.True(results.IsValid, Problems(results));
        }
    }

    [Fact]
    public async Task Schema_check_rejects_a_proof_that_is_not_an_array()
    {
        using var key = Ed25519Multikey.Generate();
        var node = System.Text.Json.Nodes.JsonNode.Parse(await Fixtures.IssueAsync(key))!;
        node["proof"] = node["proof"]![0]!.DeepClone();
        Assert.False(Evaluate(node.ToJsonString()).IsValid);
    }

    [Fact]
    public void Demo_achievement_file_validates_inside_a_credential()
    {
        var achievement = OpenBadgeJson.ParseAchievement(File.ReadAllText(
            Path.Combine(SharedFolder.RepositoryRoot, "src", "Microcred.Cli", "Credentials", "examples", "achievement.json")));
        var credential = new OpenBadgeCredentialBuilder(Samples.Issuer("did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"), achievement)
            .ForEmail("a@example.org").Build(Fixtures.Now);
        var json = Encoding.UTF8.GetString(OpenBadgeJson.Serialize(credential));
        var withProof = json[..^1] + ""","proof":[{"type":"DataIntegrityProof","cryptosuite":"eddsa-rdfc-2022","created":"2026-06-01T12:00:00Z","verificationMethod":"did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2","proofPurpose":"assertionMethod","proofValue":"z1"}]}""";
        var results = Evaluate(withProof);
        Assert.True(results.IsValid, Problems(results));
    }
}
