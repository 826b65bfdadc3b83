using Microcred.Credentials.Dids;
using Microcred.Credentials.Status;

namespace Microcred.Credentials.Verification;

/// <summary>How <see cref="CredentialVerifier"/> checks credentials.</summary>
public sealed class CredentialVerifierOptions
{
    /// <summary>The default largest credential accepted: 1 MiB of UTF-8.</summary>
    public const int DefaultMaxDocumentBytes = 1024 * 1024;

    /// <summary>The clock; validity windows are checked against its UTC now.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>How far the issuer's clock may be off: validFrom may be this far in the future, validUntil this far in the past. Default 300 s.</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>Resolves the DIDs of verification methods. Default: did:key only.</summary>
    public IDidDocumentResolver DidResolver { get; init; } = new DidResolver();

    /// <summary>Supplies status list credentials. Without one, any credential with a status entry fails.</summary>
    public IStatusListCredentialSource? StatusLists { get; init; }

    /// <summary>Larger inputs fail the shape check without being parsed. Default 1 MiB.</summary>
    public int MaxDocumentBytes { get; init; } = DefaultMaxDocumentBytes;

    /// <summary>Deeper JSON nesting fails the shape check. Default 32 (an OB credential needs about 8).</summary>
    public int MaxDepth { get; init; } = 32;
}
