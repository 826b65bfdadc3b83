using System.Buffers;
using System.Collections.Concurrent;

namespace Microcred.Clinical.Export;

/// <summary>
/// Byte buffers for prepared patients, reused once the writing thread has written them. At most two batches are in
/// flight, so the pool settles at a few hundred buffers of at most twice the initial capacity; the few patients in
/// a hundred that need more get a buffer of their own. A long export then allocates little per patient (the shared
/// <see cref="ArrayPool{T}"/> keeps far fewer arrays per size than are in flight here, and buffers over 85 kB would
/// otherwise land on the large object heap).
/// </summary>
internal sealed class BufferPool(int initialCapacity)
{
    private const int MaxGrowth = 2;

    private readonly ConcurrentQueue<OutputBuffer> _free = new();

    public OutputBuffer Rent()
    {
        if (!_free.TryDequeue(out var buffer))
        {
            buffer = new OutputBuffer(this, initialCapacity);
        }
        buffer.InPool = false;
        return buffer;
    }

    public void Return(OutputBuffer buffer)
    {
        if (buffer.InPool)
        {
            return;
        }
        buffer.InPool = true;
        // A buffer that grew for an unusually large patient is left to the garbage collector: kept, every pooled
        // buffer would in time grow to the largest patient it had held, and memory would creep up all through a
        // long export instead of staying flat.
        if (buffer.Capacity > initialCapacity * MaxGrowth)
        {
            return;
        }
        buffer.Clear();
        _free.Enqueue(buffer);
    }
}

/// <summary>A growable byte buffer from a <see cref="BufferPool"/>; disposing it returns it to the pool.</summary>
internal sealed class OutputBuffer(BufferPool pool, int initialCapacity) : IBufferWriter<byte>, IDisposable
{
    private byte[] _array = new byte[initialCapacity];
    private int _written;

    public int WrittenCount => _written;

    public int Capacity => _array.Length;

    public bool InPool { get; set; }

    public ReadOnlySpan<byte> WrittenSpan => _array.AsSpan(0, _written);

    /// <summary>The array behind the buffer (for pinning); it changes when the buffer grows.</summary>
    public byte[] Array => _array;

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (_written + count > _array.Length)
        {
            throw new InvalidOperationException("Advanced past the end of the buffer.");
        }
        _written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _array.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _array.AsSpan(_written);
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        Reserve(bytes.Length);
        bytes.CopyTo(_array.AsSpan(_written));
        _written += bytes.Length;
    }

    public void Clear() => _written = 0;

    public void Dispose() => pool.Return(this);

    private void Reserve(int sizeHint)
    {
        var needed = _written + Math.Max(sizeHint, 1);
        if (needed > _array.Length)
        {
            System.Array.Resize(ref _array, Math.Max(needed, _array.Length * 2));
        }
    }
}
