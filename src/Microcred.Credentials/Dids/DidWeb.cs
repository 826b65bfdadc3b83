using Microcred.Credentials.Keys;

namespace Microcred.Credentials.Dids;

/// <summary>
/// The <c>did:web</c> method: the DID of a host (and optional path) and the <c>did.json</c> it
/// publishes. The library never fetches it; the application serves and supplies it.
/// </summary>
public static class DidWeb
{
    private const string Prefix = "did:web:";

    /// <summary>
    /// The DID for a host (with an optional port) and an optional path, e.g. <c>("example.org", "issuers/1")</c>
    /// gives <c>did:web:example.org:issuers:1</c>.
    /// </summary>
    public static string ToDid(string host, string? path = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        if (host.Contains('/', StringComparison.Ordinal) || host.Contains("://", StringComparison.Ordinal))
        {
            throw new ArgumentException("Give the host name only (optionally with :port), without scheme or path.", nameof(host));
        }
        var did = Prefix + Uri.EscapeDataString(host.ToLowerInvariant());
        if (!string.IsNullOrWhiteSpace(path))
        {
            foreach (var segment in path.Trim('/').Split('/'))
            {
                if (segment.Length == 0)
                {
                    throw new ArgumentException("The path has an empty segment.", nameof(path));
                }
                did += ":" + Uri.EscapeDataString(segment);
            }
        }
        return did;
    }

    /// <summary>
    /// The HTTPS URL of a <c>did:web</c>'s document: <c>/.well-known/did.json</c> for a bare host,
    /// <c>/path/did.json</c> otherwise.
    /// </summary>
    public static Uri DocumentUrl(string did)
    {
        ArgumentNullException.ThrowIfNull(did);
        if (!did.StartsWith(Prefix, StringComparison.Ordinal) || did.Contains('#', StringComparison.Ordinal) || did.Length == Prefix.Length)
        {
            throw new ArgumentException($"\"{did}\" is not a did:web.", nameof(did));
        }
        var parts = did[Prefix.Length..].Split(':');
        var host = Uri.UnescapeDataString(parts[0]);
        var path = parts.Length == 1
            ? "/.well-known/did.json"
            : "/" + string.Join('/', parts.Skip(1).Select(Uri.UnescapeDataString).Select(Uri.EscapeDataString)) + "/did.json";
        return new Uri("https://" + host + path);
    }

    /// <summary>
    /// The DID document for an issuer: the current key first, then the retired keys. All of them stay
    /// in <c>assertionMethod</c> so credentials signed before a rotation keep verifying; only the
    /// current key signs new credentials. A compromised key must be left out entirely, which makes
    /// every credential it signed fail.
    /// </summary>
    public static DidDocument CreateDocument(string did, Ed25519Multikey currentKey, IEnumerable<Ed25519Multikey>? retiredKeys = null)
    {
        ArgumentNullException.ThrowIfNull(currentKey);
        if (!did.StartsWith(Prefix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"\"{did}\" is not a did:web.", nameof(did));
        }
        var keys = new List<Ed25519Multikey> { currentKey };
        keys.AddRange(retiredKeys ?? []);
        var methods = new List<DidVerificationMethod>();
        foreach (var key in keys)
        {
            if (key.Controller != did || !key.Id.StartsWith(did + "#", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Key \"{key.Id}\" is not controlled by {did}.", nameof(currentKey));
            }
            if (methods.Any(m => m.Id == key.Id))
            {
                throw new ArgumentException($"Key id \"{key.Id}\" appears twice.", nameof(retiredKeys));
            }
            methods.Add(new DidVerificationMethod(key.Id, "Multikey", did, key.PublicKeyMultibase, key.PublicKey.ToArray()));
        }
        var ids = methods.Select(m => m.Id).ToList();
        return new DidDocument(did, methods, ids, [currentKey.Id]);
    }
}
