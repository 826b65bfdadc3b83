using System.Text.Json;
using Microcred.Credentials.JsonLd;

namespace Microcred.Credentials.Tests.JsonLd;

public sealed class BundledContextsTests
{
    public static TheoryData<string> IndexedUrls() => new(SharedIndexUrls());

    private static List<string> SharedIndexUrls()
    {
        using var index = JsonDocument.Parse(File.ReadAllText(SharedFolder.Path("contexts", "index.json")));
        return index.RootElement.EnumerateObject().Select(entry => entry.Name).ToList();
    }

    [Theory]
    [MemberData(nameof(IndexedUrls))]
    public void Every_indexed_context_loads_and_matches_the_shared_copy(string url)
    {
        using var index = JsonDocument.Parse(File.ReadAllText(SharedFolder.Path("contexts", "index.json")));
        var file = index.RootElement.GetProperty(url).GetString()!;
        using var shared = JsonDocument.Parse(File.ReadAllText(SharedFolder.Path("contexts", file)));

        var loaded = BundledContexts.Load(url);

        Assert.Equal(url, loaded.DocumentUrl);
        Assert.True(JsonElement.DeepEquals(shared.RootElement, loaded.Document));
        Assert.True(loaded.Document.TryGetProperty("@context", out _));
    }

    [Fact]
    public void Bundled_urls_are_exactly_the_indexed_ones()
    {
        var expected = SharedIndexUrls().Order(StringComparer.Ordinal);

        Assert.Equal(expected, BundledContexts.Urls.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Loading_twice_returns_the_cached_document()
    {
        var first = BundledContexts.Load("https://www.w3.org/ns/credentials/v2");
        var second = BundledContexts.Load("https://www.w3.org/ns/credentials/v2");

        Assert.Same(first, second);
    }

    [Fact]
    public void Unknown_context_url_is_refused_with_a_clear_error()
    {
        const string url = "https://contexts.invalid/never-bundled/v1";

        var error = Assert.Throws<JsonLdException>(() => BundledContexts.Load(url));

        Assert.Equal(JsonLdErrorCodes.LoadingRemoteContextFailed, error.Code);
        Assert.Contains(url, error.Message, StringComparison.Ordinal);
        Assert.Contains("never fetched", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Document_with_an_unknown_context_fails_without_fetching()
    {
        // The .invalid top-level domain can never resolve (RFC 2606), so success could only come from a cache.
        using var document = JsonDocument.Parse("""
            {"@context": ["https://www.w3.org/ns/credentials/v2", "https://contexts.invalid/extra"], "type": "VerifiableCredential"}
            """);

        var error = Assert.Throws<JsonLdException>(() => JsonLdProcessor.ToRdf(document.RootElement));

        Assert.Equal(JsonLdErrorCodes.LoadingRemoteContextFailed, error.Code);
        Assert.Contains("https://contexts.invalid/extra", error.Message, StringComparison.Ordinal);
    }
}
