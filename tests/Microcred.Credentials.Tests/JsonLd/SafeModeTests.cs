using System.Text.Json.Nodes;
using Microcred.Credentials.JsonLd;

namespace Microcred.Credentials.Tests.JsonLd;

public sealed class SafeModeTests
{
    [Fact]
    public void Undefined_term_in_a_credential_is_an_error_naming_the_term_and_its_path()
    {
        var node = CredentialFixtures.Node("ob3-credential.json");
        node["credentialSubject"]!["favouriteColour"] = "teal";
        using var document = CredentialFixtures.ToDocument(node);

        var error = Assert.Throws<JsonLdException>(() => JsonLdProcessor.ToRdf(document.RootElement));

        Assert.Equal(JsonLdErrorCodes.SafeModeViolation, error.Code);
        Assert.Contains("'favouriteColour'", error.Message, StringComparison.Ordinal);
        Assert.Contains("$.credentialSubject.favouriteColour", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Undefined_type_is_an_error_naming_the_type()
    {
        var node = CredentialFixtures.Node("ob3-credential.json");
        node["credentialSubject"]!["achievement"]!["type"] = new JsonArray("Achievement", "GoldStar");
        using var document = CredentialFixtures.ToDocument(node);

        var error = Assert.Throws<JsonLdException>(() => JsonLdProcessor.ToRdf(document.RootElement));

        Assert.Equal(JsonLdErrorCodes.SafeModeViolation, error.Code);
        Assert.Contains("'GoldStar'", error.Message, StringComparison.Ordinal);
        Assert.Contains("$.credentialSubject.achievement.type", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Relative_id_without_a_base_is_an_error()
    {
        var node = CredentialFixtures.Node("ob3-credential.json");
        node["credentialSubject"]!["achievement"]!["id"] = "achievements/cdi";
        using var document = CredentialFixtures.ToDocument(node);

        var error = Assert.Throws<JsonLdException>(() => JsonLdProcessor.ToRdf(document.RootElement));

        Assert.Equal(JsonLdErrorCodes.SafeModeViolation, error.Code);
        Assert.Contains("'achievements/cdi'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_language_tag_is_an_error()
    {
        var node = CredentialFixtures.Node("ob3-credential.json");
        node["name"] = new JsonObject { ["@value"] = "Fundamentals", ["@language"] = "not a tag" };
        using var document = CredentialFixtures.ToDocument(node);

        var error = Assert.Throws<JsonLdException>(() => JsonLdProcessor.ToRdf(document.RootElement));

        Assert.Equal(JsonLdErrorCodes.SafeModeViolation, error.Code);
        Assert.Contains("'not a tag'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_safe_mode_the_undefined_term_is_dropped()
    {
        var node = CredentialFixtures.Node("ob3-credential.json");
        node["credentialSubject"]!["favouriteColour"] = "teal";
        using var document = CredentialFixtures.ToDocument(node);
        using var original = CredentialFixtures.Document("ob3-credential.json");

        var quads = JsonLdProcessor.ToRdf(document.RootElement, new JsonLdOptions { SafeMode = false });

        Assert.True(DatasetIsomorphism.AreIsomorphic(JsonLdProcessor.ToRdf(original.RootElement), quads));
    }

    [Fact]
    public void Protected_term_cannot_be_redefined_by_an_inline_context()
    {
        var node = CredentialFixtures.Node("ob3-credential.json");
        node["@context"]!.AsArray().Add(new JsonObject { ["name"] = "https://attacker.example/name" });
        using var document = CredentialFixtures.ToDocument(node);

        var error = Assert.Throws<JsonLdException>(() => JsonLdProcessor.ToRdf(document.RootElement));

        Assert.Equal("protected term redefinition", error.Code);
    }
}
