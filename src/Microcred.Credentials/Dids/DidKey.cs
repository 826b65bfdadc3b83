using Microcred.Credentials.Keys;

namespace Microcred.Credentials.Dids;

/// <summary>
/// The <c>did:key</c> method for Ed25519: the DID is <c>did:key:z6Mk…</c>, the key itself, so it
/// is created and resolved offline.
/// </summary>
public static class DidKey
{
    private const string Prefix = "did:key:";

    /// <summary>The <c>did:key</c> of a 32-byte Ed25519 public key.</summary>
    public static string FromPublicKey(ReadOnlySpan<byte> publicKey) => Prefix + Multibase.EncodeEd25519PublicKey(publicKey);

    /// <summary>The verification method id of a <c>did:key</c>: <c>did:key:z6Mk…#z6Mk…</c>.</summary>
    public static string VerificationMethodId(string did)
    {
        ArgumentNullException.ThrowIfNull(did);
        if (!did.StartsWith(Prefix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"\"{did}\" is not a did:key.", nameof(did));
        }
        return $"{did}#{did[Prefix.Length..]}";
    }

    /// <summary>
    /// Reads the Ed25519 public key out of a <c>did:key</c> or one of its verification method ids.
    /// False for anything else, including a fragment that does not repeat the key.
    /// </summary>
    public static bool TryGetPublicKey(string? didOrVerificationMethod, out byte[] publicKey)
    {
        publicKey = [];
        if (didOrVerificationMethod is null || !didOrVerificationMethod.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }
        var rest = didOrVerificationMethod.AsSpan(Prefix.Length);
        var hash = rest.IndexOf('#');
        var multibase = hash < 0 ? rest : rest[..hash];
        if (hash >= 0 && !rest[(hash + 1)..].SequenceEqual(multibase))
        {
            return false;
        }
        return Multibase.TryDecodeEd25519PublicKey(multibase.ToString(), out publicKey);
    }

    /// <summary>
    /// Resolves a <c>did:key</c> to its DID document: one <c>Multikey</c> verification method,
    /// referenced from <c>assertionMethod</c>, <c>authentication</c> and the capability relations.
    /// </summary>
    /// <returns>Null when <paramref name="did"/> is not an Ed25519 <c>did:key</c>.</returns>
    public static DidDocument? Resolve(string did)
    {
        if (did.Contains('#', StringComparison.Ordinal) || !TryGetPublicKey(did, out var publicKey))
        {
            return null;
        }
        var id = VerificationMethodId(did);
        var method = new DidVerificationMethod(id, "Multikey", did, did[Prefix.Length..], publicKey);
        return new DidDocument(did, [method], [id], [id]);
    }
}
