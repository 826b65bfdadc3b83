namespace Microcred.Clinical.Population;

/// <summary>
/// xoshiro256** seeded through SplitMix64. Everything the generator draws comes from here, so a seed
/// gives the same population on every machine and runtime (System.Random's algorithm is not a contract).
/// Only additions and multiplications are used to shape distributions, never libm functions whose last
/// bit may differ between platforms.
/// </summary>
internal sealed class SeededRandom
{
    private ulong _s0, _s1, _s2, _s3;

    public SeededRandom(ulong seed)
    {
        var sm = seed;
        _s0 = SplitMix64(ref sm);
        _s1 = SplitMix64(ref sm);
        _s2 = SplitMix64(ref sm);
        _s3 = SplitMix64(ref sm);
    }

    /// <summary>A generator for one independent stream (e.g. one patient) derived from a population seed.</summary>
    public static SeededRandom ForStream(ulong seed, ulong stream, ulong purpose = 0)
    {
        var mixed = seed ^ (stream * 0x9E3779B97F4A7C15UL) ^ (purpose * 0xD1B54A32D192ED03UL);
        return new SeededRandom(SplitMix64(ref mixed));
    }

    public ulong NextUInt64()
    {
        var result = RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, maxExclusive).</summary>
    public int Next(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        return (int)Math.BigMul(NextUInt64(), (ulong)maxExclusive, out _);
    }

    /// <summary>Uniform integer in [minInclusive, maxInclusive].</summary>
    public int Between(int minInclusive, int maxInclusive) => minInclusive + Next(maxInclusive - minInclusive + 1);

    /// <summary>Uniform double in [min, max).</summary>
    public double Uniform(double min, double max) => min + (max - min) * NextDouble();

    public bool Chance(double probability) => NextDouble() < probability;

    /// <summary>Approximately normal (Irwin–Hall sum of 12 uniforms), clipped by construction to ±6 sd.</summary>
    public double Normal(double mean, double sd)
    {
        var sum = 0.0;
        for (var i = 0; i < 12; i++)
        {
            sum += NextDouble();
        }
        return mean + (sum - 6.0) * sd;
    }

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    /// <summary>Picks an index with probability proportional to its weight.</summary>
    public int PickWeighted(ReadOnlySpan<double> weights)
    {
        var total = 0.0;
        foreach (var w in weights)
        {
            total += w;
        }
        var target = NextDouble() * total;
        for (var i = 0; i < weights.Length; i++)
        {
            target -= weights[i];
            if (target < 0)
            {
                return i;
            }
        }
        return weights.Length - 1;
    }

    /// <summary>A count with the given mean: the integer part plus one more with the fractional probability, jittered.</summary>
    public int Count(double mean)
    {
        if (mean <= 0)
        {
            return 0;
        }
        var jittered = mean * Uniform(0.6, 1.4);
        var whole = (int)jittered;
        return whole + (Chance(jittered - whole) ? 1 : 0);
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    private static ulong SplitMix64(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
