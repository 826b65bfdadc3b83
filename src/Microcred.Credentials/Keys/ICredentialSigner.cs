namespace Microcred.Credentials.Keys;

/// <summary>
/// Signs the 64-byte hash data of a Data Integrity proof with Ed25519. An application may keep the
/// private key anywhere (encrypted in a database, in a hardware module) as long as it can sign.
/// </summary>
public interface ICredentialSigner
{
    /// <summary>
    /// The verification method the signature can be checked with, e.g.
    /// <c>did:key:z6Mk…#z6Mk…</c> or <c>did:web:example.org#key-2</c>.
    /// Its DID (the part before <c>#</c>) is the issuer.
    /// </summary>
    string VerificationMethod { get; }

    /// <summary>Signs <paramref name="data"/> with pure Ed25519 (RFC 8032) and returns the 64-byte signature.</summary>
    ValueTask<byte[]> SignAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default);
}
