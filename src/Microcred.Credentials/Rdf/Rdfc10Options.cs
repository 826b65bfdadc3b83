using System.Security.Cryptography;

namespace Microcred.Credentials.Rdf;

/// <summary>Settings for <see cref="Rdfc10Canonicalizer"/>.</summary>
public sealed record Rdfc10Options
{
    /// <summary>SHA-256 and a work factor of 1, the settings Data Integrity proofs use.</summary>
    public static Rdfc10Options Default { get; } = new();

    /// <summary>
    /// The hash algorithm RDFC-1.0 uses to tell blank nodes apart: <see cref="HashAlgorithmName.SHA256"/>
    /// (the default), <see cref="HashAlgorithmName.SHA384"/> or <see cref="HashAlgorithmName.SHA512"/>.
    /// </summary>
    public HashAlgorithmName HashAlgorithm { get; init; } = HashAlgorithmName.SHA256;

    /// <summary>
    /// Bounds the work spent on blank nodes that first-degree hashing cannot tell apart: the Hash
    /// N-Degree Quads algorithm may run at most <c>n^MaxWorkFactor</c> times, where <c>n</c> is the
    /// number of such blank nodes. 0 allows none; the default of 1 is enough for credentials and
    /// refuses poison graphs; 2 or 3 admits the hard cases of the W3C test suite.
    /// </summary>
    public int MaxWorkFactor { get; init; } = 1;

    /// <summary>
    /// An exact limit on Hash N-Degree Quads runs that replaces the one computed from
    /// <see cref="MaxWorkFactor"/>; null (the default) means compute it.
    /// </summary>
    public long? MaxDeepIterations { get; init; }
}
