using System.Collections.Frozen;
using System.Text.Json;

namespace Microcred.Credentials.JsonLd;

/// <summary>
/// The JSON-LD context documents that Verifiable Credentials 2.0 and Open Badges 3.0 need, embedded
/// in this assembly. Remote contexts are never fetched: a URL that is not bundled is an error.
/// </summary>
public static class BundledContexts
{
    private const string ResourcePrefix = "Microcred.Credentials.Contexts.";

    private static readonly Lazy<FrozenDictionary<string, string>> FileByUrl = new(LoadIndex);
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, JsonLdRemoteDocument> Parsed =
        new(StringComparer.Ordinal);

    /// <summary>The loader that serves only bundled contexts. It is the default of <see cref="JsonLdOptions.DocumentLoader"/>.</summary>
    public static IJsonLdDocumentLoader Loader { get; } = new BundledLoader();

    /// <summary>Every context URL that is bundled.</summary>
    public static IReadOnlyCollection<string> Urls => FileByUrl.Value.Keys;

    /// <summary>Returns the bundled context document for <paramref name="url"/>, parsed once and cached.</summary>
    /// <exception cref="JsonLdException">The URL is not bundled (code <c>loading remote context failed</c>).</exception>
    public static JsonLdRemoteDocument Load(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (Parsed.TryGetValue(url, out var cached))
        {
            return cached;
        }

        if (!FileByUrl.Value.TryGetValue(url, out var file))
        {
            throw new JsonLdException(
                JsonLdErrorCodes.LoadingRemoteContextFailed,
                $"The JSON-LD context '{url}' is not bundled with Microcred; remote contexts are never fetched.");
        }

        using var stream = OpenResource(file);
        var document = JsonDocument.Parse(stream);
        var loaded = new JsonLdRemoteDocument(url, document.RootElement);
        return Parsed.GetOrAdd(url, loaded);
    }

    private static FrozenDictionary<string, string> LoadIndex()
    {
        using var stream = OpenResource("index.json");
        using var index = JsonDocument.Parse(stream);
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in index.RootElement.EnumerateObject())
        {
            map[entry.Name] = entry.Value.GetString()
                ?? throw new InvalidOperationException($"Bundled context index names no file for '{entry.Name}'.");
        }

        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static Stream OpenResource(string file) =>
        typeof(BundledContexts).Assembly.GetManifestResourceStream(ResourcePrefix + file)
        ?? throw new InvalidOperationException($"Bundled context file '{file}' is missing from the assembly.");

    private sealed class BundledLoader : IJsonLdDocumentLoader
    {
        public JsonLdRemoteDocument Load(string url) => BundledContexts.Load(url);
    }
}
