using System.Text;
using Microcred.Credentials.Keys;

namespace Microcred.Credentials.Tests.Credentials;

public class MultibaseTests
{
    [Theory]
    [InlineData("", "z")]
    [InlineData("Hello World!", "z2NEpo7TZRRrLZSi2U")]
    [InlineData("The quick brown fox jumps over the lazy dog.", "zUSm3fpXnKG5EUBx2ndxBDMPVciP5hGey2Jh4NDv6gmeo1LkMeiKrLJUUBk6Z")]
    public void Base58btc_matches_the_multibase_test_vectors(string text, string expected)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        Assert.Equal(expected, Multibase.EncodeBase58Btc(bytes));
        Assert.True(Multibase.TryDecodeBase58Btc(expected, out var decoded));
        Assert.Equal(bytes, decoded);
    }

    [Fact]
    public void Leading_zero_bytes_become_leading_ones_and_come_back()
    {
        byte[] bytes = [0, 0, 0x28, 0x7f, 0xb4, 0xcd];
        Assert.Equal("z11233QC4", Multibase.EncodeBase58Btc(bytes));
        Assert.True(Multibase.TryDecodeBase58Btc("z11233QC4", out var decoded));
        Assert.Equal(bytes, decoded);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("u2NEpo7TZRRrLZSi2U")]
    [InlineData("z0OIl")]
    [InlineData("z2NEpo7TZRRrLZSi2U!")]
    public void Bad_multibase_text_is_refused(string? text) =>
        Assert.False(Multibase.TryDecodeBase58Btc(text, out _));

    [Fact]
    public void Base58btc_agrees_with_a_big_integer_reference_on_random_data()
    {
        var random = new Random(20260601);
        for (var round = 0; round < 2000; round++)
        {
            var bytes = new byte[random.Next(0, 80)];
            random.NextBytes(bytes);
            var leadingZeros = random.Next(0, 4);
            for (var i = 0; i < Math.Min(leadingZeros, bytes.Length); i++)
            {
                bytes[i] = 0;
            }
            var expected = ReferenceEncode(bytes);
            Assert.Equal(expected, Base58Btc.Encode(bytes));
            Assert.True(Base58Btc.TryDecode(expected, out var decoded));
            Assert.Equal(bytes, decoded);
        }
    }

    private static string ReferenceEncode(byte[] bytes)
    {
        const string alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
        var value = new System.Numerics.BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        var text = new StringBuilder();
        while (value > 0)
        {
            text.Insert(0, alphabet[(int)(value % 58)]);
            value /= 58;
        }
        var zeros = bytes.TakeWhile(b => b == 0).Count();
        return new string('1', zeros) + text;
    }

    [Fact]
    public void The_W3C_vector_secret_key_gives_its_public_key()
    {
        Assert.True(Multibase.TryDecodeEd25519Seed("z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq", out var seed));
        using var key = Ed25519Multikey.FromSeed(seed);
        Assert.Equal("z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2", key.PublicKeyMultibase);
    }

    [Fact]
    public void A_public_multikey_with_another_codec_is_refused()
    {
        var x25519 = Multibase.EncodeBase58Btc([0xec, 0x01, .. new byte[32]]);
        Assert.False(Multibase.TryDecodeEd25519PublicKey(x25519, out _));
        Assert.False(Multibase.TryDecodeEd25519PublicKey(Multibase.EncodeBase58Btc([0xed, 0x01, .. new byte[31]]), out _));
    }
}
