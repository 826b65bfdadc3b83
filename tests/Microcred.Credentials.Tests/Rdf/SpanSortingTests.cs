using Microcred.Credentials.Rdf;

namespace Microcred.Credentials.Tests.Rdf;

public sealed class SpanSortingTests
{
    private readonly struct ByKey : IComparer<(int Key, int Tag)>
    {
        public int Compare((int Key, int Tag) x, (int Key, int Tag) y) => x.Key.CompareTo(y.Key);
    }

    public static TheoryData<int, int> Shapes() => new()
    {
        { 0, 10 }, { 1, 10 }, { 2, 10 }, { 15, 10 }, { 16, 10 }, { 17, 10 }, { 50, 1000 }, { 1000, 1000000 }, { 1000, 3 }, { 5000, 1 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Sorts_like_array_sort_at_every_depth_limit(int length, int keyRange)
    {
        var random = new Random(length * 31 + keyRange);
        var items = new (int Key, int Tag)[length];
        for (int i = 0; i < length; i++)
        {
            items[i] = (random.Next(keyRange), i);
        }
        foreach (var input in new[] { items, items.OrderBy(x => x.Key).ToArray(), items.OrderByDescending(x => x.Key).ToArray() })
        {
            var expected = input.Select(x => x.Key).Order().ToArray();
            foreach (int depthLimit in new[] { 0, 1, 3, 64 })
            {
                var sorted = ((int Key, int Tag)[])input.Clone();
                SpanSorting.Sort(sorted.AsSpan(), new ByKey(), depthLimit);
                Assert.Equal(expected, sorted.Select(x => x.Key));
                Assert.Equal(input.Select(x => x.Tag).Order(), sorted.Select(x => x.Tag).Order());
            }
            var defaultDepth = ((int Key, int Tag)[])input.Clone();
            SpanSorting.Sort(defaultDepth.AsSpan(), new ByKey());
            Assert.Equal(expected, defaultDepth.Select(x => x.Key));
        }
    }
}
