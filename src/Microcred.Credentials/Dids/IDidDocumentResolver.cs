using System.Collections.Concurrent;

namespace Microcred.Credentials.Dids;

/// <summary>Finds the DID document of a DID. Never throws for an unknown DID: it returns null.</summary>
public interface IDidDocumentResolver
{
    /// <summary>The document of <paramref name="did"/> (no fragment), or null when it cannot be obtained.</summary>
    ValueTask<DidDocument?> ResolveAsync(string did, CancellationToken cancellationToken = default);
}

/// <summary>
/// Resolves <c>did:key</c> offline and every other DID (e.g. <c>did:web</c>) from documents the
/// application registers or from an optional callback that may fetch them. The library itself
/// never goes to the network.
/// </summary>
public sealed class DidResolver : IDidDocumentResolver
{
    private readonly ConcurrentDictionary<string, DidDocument> _documents = new(StringComparer.Ordinal);
    private readonly Func<string, CancellationToken, ValueTask<DidDocument?>>? _fallback;

    /// <summary>Creates a resolver; <paramref name="fallback"/> is asked for DIDs that are neither did:key nor registered.</summary>
    public DidResolver(Func<string, CancellationToken, ValueTask<DidDocument?>>? fallback = null) => _fallback = fallback;

    /// <summary>Registers (or replaces) a known document, e.g. the deployment's own <c>did:web</c>.</summary>
    public DidResolver Add(DidDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        _documents[document.Id] = document;
        return this;
    }

    /// <inheritdoc/>
    public async ValueTask<DidDocument?> ResolveAsync(string did, CancellationToken cancellationToken = default)
    {
        if (_documents.TryGetValue(did, out var known))
        {
            return known;
        }
        if (did.StartsWith("did:key:", StringComparison.Ordinal))
        {
            var resolved = DidKey.Resolve(did);
            if (resolved is not null && _documents.Count < 10_000)
            {
                _documents.TryAdd(did, resolved);
            }
            return resolved;
        }
        return _fallback is null ? null : await _fallback(did, cancellationToken).ConfigureAwait(false);
    }
}
