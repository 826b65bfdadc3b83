using System.Collections.Concurrent;
using System.Text.Json;
using Microcred.Credentials.JsonLd;

namespace Microcred.Credentials.Tests.JsonLd;

/// <summary>Serves the suite's https://w3c.github.io/json-ld-api/tests/ URLs from the local copy of the suite.</summary>
internal sealed class SuiteDocumentLoader : IJsonLdDocumentLoader
{
    public const string SuiteBase = "https://w3c.github.io/json-ld-api/tests/";

    public static SuiteDocumentLoader Instance { get; } = new();

    private readonly ConcurrentDictionary<string, JsonLdRemoteDocument> documents = new(StringComparer.Ordinal);

    public JsonLdRemoteDocument Load(string url)
    {
        return documents.GetOrAdd(url, static u =>
        {
            var path = LocalPath(u);
            if (path is null || !File.Exists(path))
            {
                throw new JsonLdException(JsonLdErrorCodes.LoadingRemoteContextFailed, $"The suite has no document at '{u}'.");
            }

            try
            {
                return new JsonLdRemoteDocument(u, JsonDocument.Parse(File.ReadAllText(path)).RootElement);
            }
            catch (JsonException e)
            {
                throw new JsonLdException(JsonLdErrorCodes.LoadingRemoteContextFailed, $"The document at '{u}' is not JSON: {e.Message}", e);
            }
        });
    }

    public static string? LocalPath(string url)
    {
        if (!url.StartsWith(SuiteBase, StringComparison.Ordinal))
        {
            return null;
        }

        var relative = url[SuiteBase.Length..];
        var cut = relative.IndexOfAny(['#', '?']);
        if (cut >= 0)
        {
            relative = relative[..cut];
        }

        return Path.Combine(SharedFolder.JsonLdSuite, relative.Replace('/', Path.DirectorySeparatorChar));
    }
}
