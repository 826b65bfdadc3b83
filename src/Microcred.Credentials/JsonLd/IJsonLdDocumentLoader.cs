using System.Text.Json;

namespace Microcred.Credentials.JsonLd;

/// <summary>A loaded JSON-LD document: the URL it was served from and its parsed content.</summary>
/// <param name="DocumentUrl">The final URL of the document, used as the base for relative URLs inside it.</param>
/// <param name="Document">The parsed document. It must stay valid for as long as the loader is used.</param>
public sealed record JsonLdRemoteDocument(string DocumentUrl, JsonElement Document);

/// <summary>
/// Serves remote documents (contexts) by URL. Implementations must be thread-safe and must throw
/// <see cref="JsonLdException"/> with code <see cref="JsonLdErrorCodes.LoadingRemoteContextFailed"/>
/// for a URL they cannot serve. Results are cached per loader instance, so a loader must return the
/// same document for the same URL.
/// </summary>
public interface IJsonLdDocumentLoader
{
    /// <summary>Returns the document at <paramref name="url"/> or throws <see cref="JsonLdException"/>.</summary>
    JsonLdRemoteDocument Load(string url);
}
