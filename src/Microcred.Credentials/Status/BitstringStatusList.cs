using System.Buffers.Text;
using System.IO.Compression;

namespace Microcred.Credentials.Status;

/// <summary>
/// A W3C Bitstring Status List: one bit per credential, index 0 being the most significant bit of
/// the first byte, published GZIP-compressed as multibase base64url (<c>u…</c>).
/// </summary>
public sealed class BitstringStatusList
{
    /// <summary>The smallest list the specification allows (16 KiB uncompressed), for herd privacy.</summary>
    public const int MinimumLength = 131_072;

    /// <summary>The largest list <see cref="Decode"/> accepts (16 MiB uncompressed), against compression bombs.</summary>
    public const int MaximumLength = 16 * 1024 * 1024 * 8;

    private readonly byte[] _bits;

    /// <summary>Creates a list with every bit clear.</summary>
    /// <param name="length">Entries; a multiple of 8, at least <see cref="MinimumLength"/>.</param>
    public BitstringStatusList(int length = MinimumLength)
    {
        if (length < MinimumLength || length > MaximumLength || length % 8 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, $"A status list has a multiple of 8 entries between {MinimumLength:N0} and {MaximumLength:N0}.");
        }
        _bits = new byte[length / 8];
    }

    private BitstringStatusList(byte[] bits) => _bits = bits;

    /// <summary>The number of entries.</summary>
    public int Length => _bits.Length * 8;

    /// <summary>Whether the entry at <paramref name="index"/> is set (revoked or suspended).</summary>
    public bool this[int index]
    {
        get
        {
            CheckIndex(index);
            return (_bits[index >> 3] & (0x80 >> (index & 7))) != 0;
        }
        set
        {
            CheckIndex(index);
            if (value)
            {
                _bits[index >> 3] |= (byte)(0x80 >> (index & 7));
            }
            else
            {
                _bits[index >> 3] &= (byte)~(0x80 >> (index & 7));
            }
        }
    }

    /// <summary>The number of set entries.</summary>
    public int CountSet()
    {
        var count = 0;
        foreach (var b in _bits)
        {
            count += System.Numerics.BitOperations.PopCount(b);
        }
        return count;
    }

    /// <summary>The <c>encodedList</c> value: <c>"u" + base64url-nopad(gzip(bits))</c>.</summary>
    public string Encode()
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(_bits);
        }
        return "u" + Base64Url.EncodeToString(compressed.GetBuffer().AsSpan(0, (int)compressed.Length));
    }

    /// <summary>Reads an <c>encodedList</c> value.</summary>
    /// <exception cref="FormatException">Not multibase base64url GZIP data, or larger than <see cref="MaximumLength"/> entries; the message says which.</exception>
    public static BitstringStatusList Decode(string encodedList)
    {
        ArgumentNullException.ThrowIfNull(encodedList);
        if (encodedList.Length < 2 || encodedList[0] != 'u')
        {
            throw new FormatException("\"encodedList\" must be multibase base64url, starting with \"u\".");
        }
        byte[] compressed;
        try
        {
            compressed = Base64Url.DecodeFromChars(encodedList.AsSpan(1));
        }
        catch (FormatException e)
        {
            throw new FormatException("\"encodedList\" is not valid base64url.", e);
        }
        const int limit = MaximumLength / 8;
        using var output = new MemoryStream();
        try
        {
            using var gzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
            var buffer = new byte[81920];
            int read;
            while ((read = gzip.Read(buffer)) > 0)
            {
                if (output.Length + read > limit)
                {
                    throw new FormatException($"\"encodedList\" expands to more than {limit / (1024 * 1024)} MiB.");
                }
                output.Write(buffer, 0, read);
            }
        }
        catch (InvalidDataException e)
        {
            throw new FormatException("\"encodedList\" is not GZIP data.", e);
        }
        if (output.Length == 0)
        {
            throw new FormatException("\"encodedList\" decodes to an empty list.");
        }
        return new BitstringStatusList(output.ToArray());
    }

    private void CheckIndex(int index)
    {
        if ((uint)index >= (uint)Length)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The list has {Length:N0} entries (0 to {Length - 1:N0}).");
        }
    }
}
