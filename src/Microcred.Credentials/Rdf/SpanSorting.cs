using System.Numerics;

namespace Microcred.Credentials.Rdf;

/// <summary>
/// Introsort over a span with a struct comparer. <see cref="MemoryExtensions.Sort{T, TComparer}(Span{T}, TComparer)"/>
/// boxes the comparer and wraps it in a delegate on every call; canonicalization sorts several
/// times per credential, so this keeps those sorts free of allocation.
/// </summary>
internal static class SpanSorting
{
    private const int InsertionSortThreshold = 16;

    public static void Sort<T, TComparer>(Span<T> items, TComparer comparer)
        where TComparer : struct, IComparer<T>
    {
        Sort(items, comparer, 2 * (BitOperations.Log2((uint)Math.Max(items.Length, 1)) + 1));
    }

    /// <summary>Sorts, switching to heapsort after <paramref name="depthLimit"/> levels of quicksort.</summary>
    internal static void Sort<T, TComparer>(Span<T> items, TComparer comparer, int depthLimit)
        where TComparer : struct, IComparer<T>
    {
        if (items.Length > 1)
        {
            IntroSort(items, comparer, depthLimit);
        }
    }

    private static void IntroSort<T, TComparer>(Span<T> items, TComparer comparer, int depthLimit)
        where TComparer : struct, IComparer<T>
    {
        while (items.Length > InsertionSortThreshold)
        {
            if (depthLimit == 0)
            {
                HeapSort(items, comparer);
                return;
            }
            depthLimit--;
            int pivot = Partition(items, comparer);
            // Recurse into the smaller side and loop on the larger, so the stack stays logarithmic.
            var left = items[..pivot];
            var right = items[(pivot + 1)..];
            if (left.Length < right.Length)
            {
                IntroSort(left, comparer, depthLimit);
                items = right;
            }
            else
            {
                IntroSort(right, comparer, depthLimit);
                items = left;
            }
        }
        InsertionSort(items, comparer);
    }

    private static int Partition<T, TComparer>(Span<T> items, TComparer comparer)
        where TComparer : struct, IComparer<T>
    {
        int last = items.Length - 1;
        int middle = last / 2;
        SwapIfGreater(items, comparer, 0, middle);
        SwapIfGreater(items, comparer, 0, last);
        SwapIfGreater(items, comparer, middle, last);

        T pivot = items[middle];
        Swap(items, middle, last - 1);
        int left = 0;
        int right = last - 1;
        while (left < right)
        {
            while (comparer.Compare(items[++left], pivot) < 0)
            {
            }
            while (comparer.Compare(pivot, items[--right]) < 0)
            {
            }
            if (left >= right)
            {
                break;
            }
            Swap(items, left, right);
        }
        if (left != last - 1)
        {
            Swap(items, left, last - 1);
        }
        return left;
    }

    private static void HeapSort<T, TComparer>(Span<T> items, TComparer comparer)
        where TComparer : struct, IComparer<T>
    {
        int count = items.Length;
        for (int i = (count / 2) - 1; i >= 0; i--)
        {
            SiftDown(items, comparer, i, count);
        }
        for (int end = count - 1; end > 0; end--)
        {
            Swap(items, 0, end);
            SiftDown(items, comparer, 0, end);
        }
    }

    private static void SiftDown<T, TComparer>(Span<T> items, TComparer comparer, int root, int count)
        where TComparer : struct, IComparer<T>
    {
        while (true)
        {
            int child = (2 * root) + 1;
            if (child >= count)
            {
                return;
            }
            if (child + 1 < count && comparer.Compare(items[child], items[child + 1]) < 0)
            {
                child++;
            }
            if (comparer.Compare(items[root], items[child]) >= 0)
            {
                return;
            }
            Swap(items, root, child);
            root = child;
        }
    }

    private static void InsertionSort<T, TComparer>(Span<T> items, TComparer comparer)
        where TComparer : struct, IComparer<T>
    {
        for (int i = 1; i < items.Length; i++)
        {
            T item = items[i];
            int j = i - 1;
            while (j >= 0 && comparer.Compare(items[j], item) > 0)
            {
                items[j + 1] = items[j];
                j--;
            }
            items[j + 1] = item;
        }
    }

    private static void SwapIfGreater<T, TComparer>(Span<T> items, TComparer comparer, int i, int j)
        where TComparer : struct, IComparer<T>
    {
        if (comparer.Compare(items[i], items[j]) > 0)
        {
            Swap(items, i, j);
        }
    }

    private static void Swap<T>(Span<T> items, int i, int j) => (items[i], items[j]) = (items[j], items[i]);
}
