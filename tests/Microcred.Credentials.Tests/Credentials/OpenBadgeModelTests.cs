using System.Text.Json;
using Microcred.Credentials.OpenBadges;

namespace Microcred.Credentials.Tests.Credentials;

public class OpenBadgeModelTests
{
    [Fact]
    public void Built_credential_serializes_as_the_1EdTech_binding()
    {
        var credential = Samples.Builder("did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2")
            .ForEmail("learner@example.org", "0123456789abcdef")
            .ValidFrom(new DateTimeOffset(2025, 3, 1, 9, 30, 15, 999, TimeSpan.FromHours(2)))
            .WithStatus(BitstringStatusListEntry.Create("https://academy.example.org/status/1", StatusPurposes.Revocation, 7))
            .Build();

        using var json = JsonDocument.Parse(OpenBadgeJson.Serialize(credential));
        var root = json.RootElement;
        Assert.Equal("""["https://www.w3.org/ns/credentials/v2","https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]""", root.GetProperty("@context").GetRawText());
        Assert.Equal("@context", root.EnumerateObject().First().Name);
        Assert.Equal("2025-03-01T07:30:15Z", root.GetProperty("validFrom").GetString());
        Assert.False(root.TryGetProperty("validUntil", out _));
        Assert.Equal(JsonValueKind.Array, root.GetProperty("type").ValueKind);
        Assert.Equal(JsonValueKind.Array, root.GetProperty("issuer").GetProperty("type").ValueKind);
        var subject = root.GetProperty("credentialSubject");
        Assert.Equal(JsonValueKind.Array, subject.GetProperty("identifier").ValueKind);
        var identity = subject.GetProperty("identifier")[0];
        Assert.Equal("IdentityObject", identity.GetProperty("type").GetString());
        Assert.True(identity.GetProperty("hashed").GetBoolean());
        // sha256("learner@example.org" + "0123456789abcdef")
        Assert.Equal("sha256$" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("learner@example.org0123456789abcdef"u8)), identity.GetProperty("identityHash").GetString());
        Assert.Equal(JsonValueKind.Array, subject.GetProperty("achievement").GetProperty("alignment").ValueKind);
        Assert.Equal("Image", subject.GetProperty("achievement").GetProperty("image").GetProperty("type").GetString());
        var status = root.GetProperty("credentialStatus");
        Assert.Equal("7", status.GetProperty("statusListIndex").GetString());
        Assert.Equal("https://academy.example.org/status/1#7", status.GetProperty("id").GetString());
    }

    [Fact]
    public void Email_identity_matches_regardless_of_case_and_spaces()
    {
        var identity = IdentityObject.ForEmail(" Learner@Example.org ");
        Assert.True(identity.MatchesEmail("learner@example.org"));
        Assert.False(identity.MatchesEmail("other@example.org"));
        Assert.NotEqual(IdentityObject.ForEmail("a@example.org").IdentityHash, IdentityObject.ForEmail("a@example.org").IdentityHash);
    }

    [Theory]
    [InlineData("no-at-sign")]
    [InlineData("two words@example.org")]
    [InlineData("trailing@")]
    public void Not_an_email_is_refused(string email) =>
        Assert.Throws<ArgumentException>(() => IdentityObject.ForEmail(email));

    [Fact]
    public void Credential_without_a_recipient_is_refused()
    {
        var e = Assert.Throws<OpenBadgeValidationException>(() => Samples.Builder("did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2").Build());
        Assert.Contains(e.Errors, m => m.Contains("credentialSubject needs an id or at least one identifier", StringComparison.Ordinal));
    }

    [Fact]
    public void Credential_that_expires_before_it_starts_is_refused()
    {
        var from = DateTimeOffset.Parse("2025-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var e = Assert.Throws<OpenBadgeValidationException>(() => Samples.Builder("did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2")
            .ForEmail("a@example.org").ValidFrom(from).ValidUntil(from.AddDays(-1)).Build());
        Assert.Contains("validUntil must be later than validFrom.", e.Errors);
    }

    [Fact]
    public void Achievement_json_round_trips()
    {
        var achievement = Samples.Achievement();
        var parsed = OpenBadgeJson.ParseAchievement(OpenBadgeJson.Serialize(achievement));
        Assert.Equal(achievement.Id, parsed.Id);
        Assert.Equal(achievement.Alignment![0].TargetUrl, parsed.Alignment![0].TargetUrl);
        Assert.Equal(3.5, parsed.CreditsAvailable);
    }

    [Fact]
    public void Achievement_without_types_gets_the_required_types()
    {
        const string json = """
        {"id":"https://example.org/a","name":"A","description":"B","criteria":{"narrative":"C"},
         "image":{"id":"https://example.org/a.png"},
         "alignment":[{"targetName":"T","targetUrl":"https://example.org/t"}],
         "resultDescription":[{"id":"https://example.org/r","name":"R","resultType":"Status"}]}
        """;
        var achievement = OpenBadgeJson.ParseAchievement(json);
        Assert.Equal(["Achievement"], achievement.Type);
        Assert.Equal("Image", achievement.Image!.Type);
        Assert.Equal(["Alignment"], achievement.Alignment![0].Type);
        Assert.Equal(["ResultDescription"], achievement.ResultDescription![0].Type);
    }

    [Fact]
    public void Achievement_with_a_misspelt_property_names_it()
    {
        const string json = """{"id":"https://example.org/a","name":"A","description":"B","criteria":{"narrative":"C"},"achievmentType":"Badge"}""";
        var e = Assert.Throws<OpenBadgeValidationException>(() => OpenBadgeJson.ParseAchievement(json));
        Assert.Contains("achievmentType", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Achievement_with_several_problems_lists_them_all()
    {
        const string json = """
        {"id":"not a uri","name":"","description":"B","criteria":{},"achievementType":"Trophy",
         "alignment":[{"targetName":"X","targetUrl":"nowhere","targetType":"Framework"}]}
        """;
        var e = Assert.Throws<OpenBadgeValidationException>(() => OpenBadgeJson.ParseAchievement(json));
        Assert.Contains("achievement.id \"not a uri\" is not an absolute URI.", e.Errors);
        Assert.Contains("achievement.name is required and must not be empty.", e.Errors);
        Assert.Contains(e.Errors, m => m.StartsWith("achievement.criteria needs a narrative", StringComparison.Ordinal));
        Assert.Contains(e.Errors, m => m.StartsWith("achievement.achievementType \"Trophy\"", StringComparison.Ordinal));
        Assert.Contains("achievement.alignment[0].targetUrl \"nowhere\" is not an absolute URI.", e.Errors);
        Assert.Contains(e.Errors, m => m.StartsWith("achievement.alignment[0].targetType \"Framework\"", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("[1]")]
    [InlineData("""{"id":"https://example.org/a"}""")]
    [InlineData("""{"id":"https://example.org/a","name":"A","description":"B","criteria":{"narrative":"C"},"creditsAvailable":"three"}""")]
    public void Achievement_that_is_not_an_achievement_gives_a_validation_error(string json) =>
        Assert.Throws<OpenBadgeValidationException>(() => OpenBadgeJson.ParseAchievement(json));

    [Fact]
    public void Extension_achievement_types_are_accepted()
    {
        var achievement = Samples.Achievement() with { AchievementType = "ext:ContinuingEducation" };
        Assert.Empty(OpenBadgeJson.Validate(achievement));
    }
}
