namespace Microcred.Credentials.Keys;

/// <summary>
/// Multibase base58btc (<c>z…</c>) and the two multicodec headers an Ed25519 Multikey uses.
/// </summary>
internal static class Multibase
{
    /// <summary>Multicodec <c>ed25519-pub</c> (0xed) as an unsigned varint.</summary>
    public static ReadOnlySpan<byte> Ed25519PublicHeader => [0xed, 0x01];

    /// <summary>Multicodec <c>ed25519-priv</c> (0x1300) as an unsigned varint.</summary>
    public static ReadOnlySpan<byte> Ed25519PrivateHeader => [0x80, 0x26];

    public static string EncodeBase58Btc(ReadOnlySpan<byte> data) => "z" + Base58Btc.Encode(data);

    /// <summary>Decodes a <c>z</c>-prefixed base58btc string; false for any other prefix or a bad character.</summary>
    public static bool TryDecodeBase58Btc(string? text, out byte[] data)
    {
        data = [];
        if (string.IsNullOrEmpty(text) || text[0] != 'z' || text.Length > 4096)
        {
            return false;
        }
        return Base58Btc.TryDecode(text.AsSpan(1), out data);
    }

    public static string EncodeEd25519PublicKey(ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length != 32)
        {
            throw new ArgumentException("An Ed25519 public key is 32 bytes.", nameof(publicKey));
        }
        Span<byte> buffer = stackalloc byte[34];
        Ed25519PublicHeader.CopyTo(buffer);
        publicKey.CopyTo(buffer[2..]);
        return EncodeBase58Btc(buffer);
    }

    /// <summary>Reads a <c>z6Mk…</c> Ed25519 Multikey public key into its 32 raw bytes.</summary>
    public static bool TryDecodeEd25519PublicKey(string? multibase, out byte[] publicKey)
    {
        publicKey = [];
        if (!TryDecodeBase58Btc(multibase, out var bytes) || bytes.Length != 34 || !bytes.AsSpan(0, 2).SequenceEqual(Ed25519PublicHeader))
        {
            return false;
        }
        publicKey = bytes[2..];
        return true;
    }

    public static string EncodeEd25519Seed(ReadOnlySpan<byte> seed)
    {
        Span<byte> buffer = stackalloc byte[34];
        Ed25519PrivateHeader.CopyTo(buffer);
        seed.CopyTo(buffer[2..]);
        var text = EncodeBase58Btc(buffer);
        buffer.Clear();
        return text;
    }

    /// <summary>
    /// Reads a secret key Multikey: the 32-byte seed, or the 64-byte seed ‖ public key that older
    /// JavaScript libraries write. Returns the 32-byte seed.
    /// </summary>
    public static bool TryDecodeEd25519Seed(string? multibase, out byte[] seed)
    {
        seed = [];
        if (!TryDecodeBase58Btc(multibase, out var bytes))
        {
            return false;
        }
        try
        {
            if ((bytes.Length != 34 && bytes.Length != 66) || !bytes.AsSpan(0, 2).SequenceEqual(Ed25519PrivateHeader))
            {
                return false;
            }
            seed = bytes[2..34];
            return true;
        }
        finally
        {
            Array.Clear(bytes);
        }
    }
}
