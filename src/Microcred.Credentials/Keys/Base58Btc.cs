namespace Microcred.Credentials.Keys;

/// <summary>
/// Base58 with the Bitcoin alphabet. Decoding is on the verification hot path (every proofValue),
/// so it works on 32-bit limbs, five digits (58^5 &lt; 2^32) per step, without big-integer objects.
/// </summary>
internal static class Base58Btc
{
    private const string Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static readonly sbyte[] Digits = BuildDigits();

    public static string Encode(ReadOnlySpan<byte> data)
    {
        var zeros = 0;
        while (zeros < data.Length && data[zeros] == 0)
        {
            zeros++;
        }
        // log(256) / log(58) ≈ 1.366: the most base58 digits the remaining bytes can need.
        var capacity = ((data.Length - zeros) * 138 / 100) + 1;
        Span<byte> digits = capacity <= 512 ? stackalloc byte[capacity] : new byte[capacity];
        var length = 0;
        for (var i = zeros; i < data.Length; i++)
        {
            int carry = data[i];
            for (var j = 0; j < length; j++)
            {
                carry += digits[j] << 8;
                digits[j] = (byte)(carry % 58);
                carry /= 58;
            }
            while (carry > 0)
            {
                digits[length++] = (byte)(carry % 58);
                carry /= 58;
            }
        }
        var chars = new char[zeros + length];
        chars.AsSpan(0, zeros).Fill('1');
        for (var k = 0; k < length; k++)
        {
            chars[zeros + k] = Alphabet[digits[length - 1 - k]];
        }
        return new string(chars);
    }

    public static bool TryDecode(ReadOnlySpan<char> text, out byte[] data)
    {
        data = [];
        var zeros = 0;
        while (zeros < text.Length && text[zeros] == '1')
        {
            zeros++;
        }
        // Big-endian number in 32-bit limbs, least significant limb last.
        var limbCount = (((text.Length - zeros) * 733 / 1000) + 4) / 4 + 1;
        Span<uint> limbs = limbCount <= 256 ? stackalloc uint[limbCount] : new uint[limbCount];
        limbs.Clear();
        var used = 0;
        var i = zeros;
        while (i < text.Length)
        {
            ulong chunk = 0;
            ulong multiplier = 1;
            for (var k = 0; k < 5 && i < text.Length; k++, i++)
            {
                var c = text[i];
                var digit = c < 128 ? Digits[c] : (sbyte)-1;
                if (digit < 0)
                {
                    return false;
                }
                chunk = (chunk * 58) + (ulong)digit;
                multiplier *= 58;
            }
            var carry = chunk;
            for (var j = limbs.Length - 1; j >= limbs.Length - used; j--)
            {
                carry += limbs[j] * multiplier;
                limbs[j] = (uint)carry;
                carry >>= 32;
            }
            while (carry > 0)
            {
                used++;
                limbs[^used] = (uint)carry;
                carry >>= 32;
            }
        }
        var bytes = new byte[zeros + (used * 4)];
        var position = zeros;
        for (var j = limbs.Length - used; j < limbs.Length; j++)
        {
            var limb = limbs[j];
            bytes[position++] = (byte)(limb >> 24);
            bytes[position++] = (byte)(limb >> 16);
            bytes[position++] = (byte)(limb >> 8);
            bytes[position++] = (byte)limb;
        }
        // The leading limb may carry up to three zero bytes that are not part of the number.
        var skip = 0;
        while (zeros + skip < bytes.Length && bytes[zeros + skip] == 0 && skip < 3)
        {
            skip++;
        }
        data = skip == 0 ? bytes : [.. bytes.AsSpan(0, zeros), .. bytes.AsSpan(zeros + skip)];
        return true;
    }

    private static sbyte[] BuildDigits()
    {
        var digits = new sbyte[128];
        Array.Fill(digits, (sbyte)-1);
        for (var i = 0; i < Alphabet.Length; i++)
        {
            digits[Alphabet[i]] = (sbyte)i;
        }
        return digits;
    }
}
