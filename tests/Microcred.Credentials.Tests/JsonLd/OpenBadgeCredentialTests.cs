using Microcred.Credentials.JsonLd;
using Microcred.Credentials.Rdf;

namespace Microcred.Credentials.Tests.JsonLd;

public sealed class OpenBadgeCredentialTests
{
    [Theory]
    [InlineData("ob3-credential.json", "ob3-credential.expected.nq")]
    [InlineData("ob3-proof-config.json", "ob3-proof-config.expected.nq")]
    public void Open_Badges_document_converts_to_the_same_quads_as_the_reference_verifier(string input, string expected)
    {
        using var document = CredentialFixtures.Document(input);

        var actual = JsonLdProcessor.ToRdf(document.RootElement);

        var reference = NQuads.Parse(CredentialFixtures.Text(expected));
        Assert.True(
            DatasetIsomorphism.AreIsomorphic(reference, actual),
            $"Expected:\n{NQuads.Serialize(reference)}\nActual:\n{NQuads.Serialize(actual)}");
    }

    [Fact]
    public void Hashed_boolean_keeps_the_datatype_the_Open_Badges_context_declares()
    {
        using var document = CredentialFixtures.Document("ob3-credential.json");

        var quads = JsonLdProcessor.ToRdf(document.RootElement);

        var hashed = Assert.Single(quads, q => q.Predicate.Value == "https://purl.imsglobal.org/spec/vc/ob/vocab.html#hashed");
        Assert.Equal(RdfTerm.Literal("true", "https://www.w3.org/2001/XMLSchema#boolean"), hashed.Object);
    }

    [Fact]
    public void Repeated_conversion_gives_identical_quads()
    {
        using var document = CredentialFixtures.Document("ob3-credential.json");

        var first = JsonLdProcessor.ToRdf(document.RootElement);
        var second = JsonLdProcessor.ToRdf(document.RootElement);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Concurrent_conversions_share_cached_contexts_and_agree()
    {
        var text = CredentialFixtures.Text("ob3-credential.json");
        var reference = NQuads.Parse(CredentialFixtures.Text("ob3-credential.expected.nq"));

        var results = Enumerable.Range(0, 64).AsParallel().WithDegreeOfParallelism(8).Select(_ =>
        {
            using var document = System.Text.Json.JsonDocument.Parse(text);
            return JsonLdProcessor.ToRdf(document.RootElement);
        }).ToList();

        Assert.All(results, quads => Assert.True(DatasetIsomorphism.AreIsomorphic(reference, quads)));
    }

    [Fact]
    public void Changing_one_value_changes_the_quads()
    {
        var node = CredentialFixtures.Node("ob3-credential.json");
        using var original = CredentialFixtures.ToDocument(node);
        node["credentialSubject"]!["achievement"]!["name"] = "Clinical Documentation Integrity Advanced";
        using var changed = CredentialFixtures.ToDocument(node);

        var before = JsonLdProcessor.ToRdf(original.RootElement);
        var after = JsonLdProcessor.ToRdf(changed.RootElement);

        Assert.False(DatasetIsomorphism.AreIsomorphic(before, after));
    }

    [Fact]
    public void Expand_returns_the_expanded_credential()
    {
        using var document = CredentialFixtures.Document("ob3-credential.json");

        var expanded = JsonLdProcessor.Expand(document.RootElement);

        var credential = Assert.Single(expanded)!.AsObject();
        Assert.Equal("urn:uuid:0b0a7f64-1c2e-4d8a-9a51-5d6f0c1e2a33", (string?)credential["@id"]);
        Assert.Contains(
            credential["@type"]!.AsArray(),
            t => (string?)t == "https://purl.imsglobal.org/spec/vc/ob/vocab.html#OpenBadgeCredential");
        Assert.NotNull(credential["https://www.w3.org/2018/credentials#credentialSubject"]);
    }
}
