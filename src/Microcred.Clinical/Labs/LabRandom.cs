using Microcred.Clinical.Population;

namespace Microcred.Clinical.Labs;

/// <summary>Random streams for lab scenarios, drawn from the population's seeded generator so that a
/// lab's scenario is the same on every runtime; each lab (and purpose) gets its own stream.</summary>
internal static class LabRandom
{
    public static SeededRandom For(long seed, string purpose) => SeededRandom.ForStream(unchecked((ulong)seed), Fnv1a(purpose), 0x1AB5);

    public static void Shuffle<T>(this SeededRandom random, IList<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>Picks <paramref name="count"/> distinct items in random order.</summary>
    public static List<T> Sample<T>(this SeededRandom random, IReadOnlyList<T> items, int count)
    {
        var copy = items.ToList();
        random.Shuffle(copy);
        return copy.Take(count).ToList();
    }

    private static ulong Fnv1a(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }
}
