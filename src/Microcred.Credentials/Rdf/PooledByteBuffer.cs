using System.Buffers;

namespace Microcred.Credentials.Rdf;

/// <summary>
/// A growable byte buffer backed by <see cref="ArrayPool{T}"/>. Positions into it stay valid when it
/// grows, so callers keep offsets rather than spans.
/// </summary>
internal sealed class PooledByteBuffer : IDisposable
{
    private byte[] _array;
    private int _length;

    public PooledByteBuffer(int initialCapacity = 1024)
    {
        _array = ArrayPool<byte>.Shared.Rent(initialCapacity);
    }

    public int Length => _length;

    public int Capacity => _array.Length;

    public ReadOnlySpan<byte> WrittenSpan => _array.AsSpan(0, _length);

    public byte[] RawArray => _array;

    public ReadOnlySpan<byte> Slice(int start, int length) => _array.AsSpan(start, length);

    public void Advance(int count) => _length += count;

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _array.AsSpan(_length);
    }

    public void Truncate(int length) => _length = length;

    public void Clear() => _length = 0;

    public void Write(byte value)
    {
        if (_length == _array.Length)
        {
            Grow(1);
        }
        _array[_length++] = value;
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (_array.Length - _length < bytes.Length)
        {
            Grow(bytes.Length);
        }
        bytes.CopyTo(_array.AsSpan(_length));
        _length += bytes.Length;
    }

    private void Reserve(int sizeHint)
    {
        if (sizeHint < 1)
        {
            sizeHint = 1;
        }
        if (_array.Length - _length < sizeHint)
        {
            Grow(sizeHint);
        }
    }

    private void Grow(int needed)
    {
        long wanted = Math.Max((long)_array.Length * 2, (long)_length + needed);
        if (wanted > Array.MaxLength)
        {
            wanted = Math.Max(Array.MaxLength, _length + needed);
        }
        var bigger = ArrayPool<byte>.Shared.Rent((int)wanted);
        Buffer.BlockCopy(_array, 0, bigger, 0, _length);
        ArrayPool<byte>.Shared.Return(_array);
        _array = bigger;
    }

    public void Dispose()
    {
        var array = _array;
        _array = [];
        _length = 0;
        if (array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }
}
