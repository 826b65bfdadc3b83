using System.Security.Cryptography;

namespace Microcred.Credentials.Rdf;

/// <summary>
/// RDF Dataset Canonicalization (W3C RDFC-1.0): gives every blank node of a dataset a label that
/// depends only on the dataset's content, and writes the dataset as sorted canonical N-Quads.
/// Two datasets that differ only in blank node labels or quad order canonicalize to the same bytes.
/// </summary>
public static class Rdfc10Canonicalizer
{
    /// <summary>Canonicalizes a dataset.</summary>
    /// <param name="dataset">The quads of the dataset. Order does not matter and duplicates count once.</param>
    /// <param name="options">Hash algorithm and work limit; <see cref="Rdfc10Options.Default"/> when null.</param>
    /// <returns>The canonical N-Quads and the issued identifiers map.</returns>
    /// <exception cref="ArgumentException">A quad has a term in a position RDF does not allow, or the options are invalid.</exception>
    /// <exception cref="RdfCanonicalizationException">The dataset needs more work than the options allow.</exception>
    public static CanonicalDataset Canonicalize(IReadOnlyList<Quad> dataset, Rdfc10Options? options = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        options ??= Rdfc10Options.Default;
        var hash = Rdfc10Hashing.From(options.HashAlgorithm);
        if (options.MaxWorkFactor < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxWorkFactor, "MaxWorkFactor must be 0 or more.");
        }
        if (options.MaxDeepIterations is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxDeepIterations, "MaxDeepIterations must be 0 or more.");
        }

        var algorithm = Rdfc10Algorithm.Rent();
        try
        {
            var result = algorithm.Run(dataset, hash, options, out bool hadDuplicates);
            if (hadDuplicates)
            {
                // A dataset is a set: repeated quads would otherwise skew the blank node hashes.
                result = algorithm.Run(Distinct(dataset), hash, options, out _);
            }
            return result;
        }
        finally
        {
            Rdfc10Algorithm.Return(algorithm);
        }
    }

    private static List<Quad> Distinct(IReadOnlyList<Quad> dataset)
    {
        var seen = new HashSet<Quad>(dataset.Count);
        var distinct = new List<Quad>(dataset.Count);
        for (int i = 0; i < dataset.Count; i++)
        {
            if (seen.Add(dataset[i]))
            {
                distinct.Add(dataset[i]);
            }
        }
        return distinct;
    }
}

/// <summary>The hash functions RDFC-1.0 may be run with.</summary>
internal enum Rdfc10Hash
{
    Sha256,
    Sha384,
    Sha512,
}

internal static class Rdfc10Hashing
{
    public static Rdfc10Hash From(HashAlgorithmName name)
    {
        if (name == HashAlgorithmName.SHA256)
        {
            return Rdfc10Hash.Sha256;
        }
        if (name == HashAlgorithmName.SHA384)
        {
            return Rdfc10Hash.Sha384;
        }
        if (name == HashAlgorithmName.SHA512)
        {
            return Rdfc10Hash.Sha512;
        }
        throw new ArgumentException($"RDFC-1.0 runs here with SHA256, SHA384 or SHA512, not '{name.Name}'.", nameof(name));
    }

    public static int SizeInBytes(Rdfc10Hash hash) => hash switch
    {
        Rdfc10Hash.Sha384 => SHA384.HashSizeInBytes,
        Rdfc10Hash.Sha512 => SHA512.HashSizeInBytes,
        _ => SHA256.HashSizeInBytes,
    };

    public static void Compute(Rdfc10Hash hash, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        switch (hash)
        {
            case Rdfc10Hash.Sha384:
                SHA384.HashData(data, destination);
                break;
            case Rdfc10Hash.Sha512:
                SHA512.HashData(data, destination);
                break;
            default:
                SHA256.HashData(data, destination);
                break;
        }
    }
}
