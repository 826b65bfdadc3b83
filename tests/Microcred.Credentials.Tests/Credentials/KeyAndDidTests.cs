using System.Text.Json;
using Microcred.Credentials.Dids;
using Microcred.Credentials.Keys;

namespace Microcred.Credentials.Tests.Credentials;

public class KeyAndDidTests
{
    private const string VectorPublic = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";
    private const string VectorSecret = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq";

    [Fact]
    public void Generated_key_is_its_own_did_key_and_round_trips_through_json()
    {
        using var key = Ed25519Multikey.Generate();
        Assert.StartsWith("did:key:z6Mk", key.Controller, StringComparison.Ordinal);
        Assert.Equal($"{key.Controller}#{key.PublicKeyMultibase}", key.Id);

        using var again = Ed25519Multikey.FromJson(key.ToJson(includeSecretKey: true));
        Assert.Equal(key.Id, again.Id);
        Assert.True(again.HasPrivateKey);
        var signature = again.Sign("data"u8);
        Assert.True(key.Verify("data"u8, signature));
    }

    [Fact]
    public void Public_export_has_no_secret_and_cannot_sign()
    {
        using var key = Ed25519Multikey.Generate();
        var json = key.ToJson(includeSecretKey: false);
        Assert.DoesNotContain("secretKeyMultibase", json, StringComparison.Ordinal);
        using var publicOnly = Ed25519Multikey.FromJson(json);
        Assert.False(publicOnly.HasPrivateKey);
        Assert.Throws<InvalidOperationException>(() => publicOnly.CreateSigner());
    }

    [Fact]
    public void Key_file_written_by_the_javascript_library_is_read()
    {
        // ed25519-multikey 1.3.1 writes the 64-byte seed ‖ public key form.
        const string json = """
        {
          "@context": "https://w3id.org/security/multikey/v1",
          "id": "did:key:z6MkpGiM9nhEqDMUDiQgL9VLnNPXKQ8DbXujpSoFG6Lf6pA5#z6MkpGiM9nhEqDMUDiQgL9VLnNPXKQ8DbXujpSoFG6Lf6pA5",
          "type": "Multikey",
          "controller": "did:key:z6MkpGiM9nhEqDMUDiQgL9VLnNPXKQ8DbXujpSoFG6Lf6pA5",
          "publicKeyMultibase": "z6MkpGiM9nhEqDMUDiQgL9VLnNPXKQ8DbXujpSoFG6Lf6pA5",
          "secretKeyMultibase": "zrv4faAmP2kEDPoky9jCH8ADEfifLBTiRtF8ZzXU4J7jRuWLExQ7dN69hpkePHnZyqABMzV1gwnmmfYVytyi8aV7ycM"
        }
        """;
        using var key = Ed25519Multikey.FromJson(json);
        Assert.True(key.HasPrivateKey);
        Assert.Equal("did:key:z6MkpGiM9nhEqDMUDiQgL9VLnNPXKQ8DbXujpSoFG6Lf6pA5", key.Controller);
    }

    [Fact]
    public void Secret_key_of_another_public_key_is_refused()
    {
        using var other = Ed25519Multikey.Generate();
        var json = $$"""{"type":"Multikey","publicKeyMultibase":"{{other.PublicKeyMultibase}}","secretKeyMultibase":"{{VectorSecret}}"}""";
        var e = Assert.Throws<FormatException>(() => Ed25519Multikey.FromJson(json));
        Assert.Contains("does not belong", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"type":"JsonWebKey2020","publicKeyMultibase":"z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"}""")]
    [InlineData("""{"type":"Multikey"}""")]
    public void Unusable_key_files_give_a_format_error(string json) =>
        Assert.Throws<FormatException>(() => Ed25519Multikey.FromJson(json));

    [Fact]
    public void Did_key_resolves_offline_to_a_multikey_assertion_method()
    {
        var did = "did:key:" + VectorPublic;
        var document = DidKey.Resolve(did);
        Assert.NotNull(document);
        var method = Assert.Single(document.VerificationMethods);
        Assert.Equal($"{did}#{VectorPublic}", method.Id);
        Assert.Equal("Multikey", method.Type);
        Assert.Equal(did, method.Controller);
        Assert.Same(method, document.FindAssertionMethod(method.Id));

        using var parsed = JsonDocument.Parse(document.ToJson());
        Assert.Equal("https://w3id.org/security/multikey/v1", parsed.RootElement.GetProperty("@context")[1].GetString());
        Assert.Equal(VectorPublic, parsed.RootElement.GetProperty("verificationMethod")[0].GetProperty("publicKeyMultibase").GetString());
    }

    [Theory]
    [InlineData("did:key:z6LSbysY2xFMRpGMhb7tFTLMpeuPRaqaWM1yECx2AtzE3KCc")]
    [InlineData("did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme")]
    [InlineData("did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#z6MkOther")]
    [InlineData("did:web:example.org")]
    public void Did_key_that_is_not_ed25519_does_not_resolve(string did) => Assert.Null(DidKey.Resolve(did));

    [Fact]
    public void Did_key_vector_from_the_did_key_specification_decodes()
    {
        // did:key specification, Ed25519 example.
        Assert.True(DidKey.TryGetPublicKey("did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp", out var key));
        Assert.Equal(32, key.Length);
        Assert.Equal("did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp", DidKey.FromPublicKey(key));
    }

    [Theory]
    [InlineData("example.org", null, "did:web:example.org", "https://example.org/.well-known/did.json")]
    [InlineData("example.org:8443", null, "did:web:example.org%3A8443", "https://example.org:8443/.well-known/did.json")]
    [InlineData("Example.org", "issuers/college", "did:web:example.org:issuers:college", "https://example.org/issuers/college/did.json")]
    public void Did_web_maps_host_and_path_to_the_document_url(string host, string? path, string did, string url)
    {
        Assert.Equal(did, DidWeb.ToDid(host, path));
        Assert.Equal(url, DidWeb.DocumentUrl(did).ToString());
    }

    [Theory]
    [InlineData("https://example.org")]
    [InlineData("example.org/path")]
    public void Did_web_refuses_a_url_for_a_host(string host) =>
        Assert.Throws<ArgumentException>(() => DidWeb.ToDid(host));

    [Fact]
    public void Did_web_document_keeps_retired_keys_for_verification_and_authenticates_with_the_current_key()
    {
        var did = DidWeb.ToDid("academy.example.org");
        using var retired = Ed25519Multikey.Generate(did, "key-1");
        using var current = Ed25519Multikey.Generate(did, "key-2");
        var document = DidWeb.CreateDocument(did, current, [retired]);

        var parsed = DidDocument.Parse(document.ToJson());
        Assert.Equal(did, parsed.Id);
        Assert.Equal([current.Id, retired.Id], parsed.AssertionMethod);
        Assert.Equal([current.Id], parsed.Authentication);
        Assert.Equal(retired.PublicKey.ToArray(), parsed.FindAssertionMethod(retired.Id)!.PublicKey.ToArray());
    }

    [Fact]
    public void Did_web_document_refuses_a_key_of_another_controller()
    {
        using var foreign = Ed25519Multikey.Generate();
        Assert.Throws<ArgumentException>(() => DidWeb.CreateDocument("did:web:example.org", foreign));
    }

    [Fact]
    public void Did_document_with_relative_ids_embedded_methods_and_jwk_is_read()
    {
        using var key = Ed25519Multikey.Generate();
        var x = System.Buffers.Text.Base64Url.EncodeToString(key.PublicKey.Span);
        var json = $$"""
        {
          "id": "did:web:example.org",
          "verificationMethod": [
            {"id": "#k1", "type": "JsonWebKey", "controller": "did:web:example.org", "publicKeyJwk": {"kty": "OKP", "crv": "Ed25519", "x": "{{x}}" } },
            {"id": "#rsa", "type": "JsonWebKey", "controller": "did:web:example.org", "publicKeyJwk": {"kty": "RSA", "n": "AQAB", "e": "AQAB" } }
          ],
          "assertionMethod": ["#k1", {"id": "did:web:example.org#k2", "type": "Multikey", "controller": "did:web:example.org", "publicKeyMultibase": "{{key.PublicKeyMultibase}}"}]
        }
        """;
        var document = DidDocument.Parse(json);
        Assert.Equal(key.PublicKey.ToArray(), document.FindAssertionMethod("did:web:example.org#k1")!.PublicKey.ToArray());
        Assert.NotNull(document.FindAssertionMethod("did:web:example.org#k2"));
        Assert.Null(document.FindAssertionMethod("did:web:example.org#rsa"));
    }

    [Theory]
    [InlineData("{")]
    [InlineData("""{"id": 5}""")]
    [InlineData("""{"id": "https://example.org"}""")]
    public void Malformed_did_documents_give_a_format_error(string json) =>
        Assert.Throws<FormatException>(() => DidDocument.Parse(json));

    [Fact]
    public async Task Resolver_uses_registered_documents_then_the_callback()
    {
        var asked = new List<string>();
        var resolver = new DidResolver((did, _) => { asked.Add(did); return ValueTask.FromResult<DidDocument?>(null); });
        using var key = Ed25519Multikey.Generate("did:web:example.org", "key-1");
        resolver.Add(DidWeb.CreateDocument("did:web:example.org", key));

        Assert.NotNull(await resolver.ResolveAsync("did:web:example.org"));
        Assert.NotNull(await resolver.ResolveAsync("did:key:" + VectorPublic));
        Assert.Null(await resolver.ResolveAsync("did:web:other.example.org"));
        Assert.Equal(["did:web:other.example.org"], asked);
    }
}
