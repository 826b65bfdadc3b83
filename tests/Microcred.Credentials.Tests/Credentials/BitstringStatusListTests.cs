using Microcred.Credentials.Status;

namespace Microcred.Credentials.Tests.Credentials;

public class BitstringStatusListTests
{
    // Written by @digitalbazaar/vc-bitstring-status-list 2.0.1 (createList + setStatus + encode).
    private const string JsEmpty = "uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA";
    private const string JsWithBits = "uH4sIAAAAAAAAA-3NQQEAAAQEMJrTXIzz2Apsp3KSNwAAAAAAAAAAAAAAAAAAAPzRB_LuFOIAQAAA";

    [Fact]
    public void Empty_minimum_list_encodes_to_about_seventy_characters_and_decodes_back()
    {
        var list = new BitstringStatusList();
        var encoded = list.Encode();
        Assert.StartsWith("u", encoded, StringComparison.Ordinal);
        Assert.InRange(encoded.Length, 50, 90);
        var decoded = BitstringStatusList.Decode(encoded);
        Assert.Equal(131_072, decoded.Length);
        Assert.Equal(0, decoded.CountSet());
    }

    [Fact]
    public void List_written_by_the_javascript_library_decodes_with_index_zero_as_the_high_bit()
    {
        var empty = BitstringStatusList.Decode(JsEmpty);
        Assert.Equal(131_072, empty.Length);
        Assert.Equal(0, empty.CountSet());

        var list = BitstringStatusList.Decode(JsWithBits);
        Assert.Equal(5, list.CountSet());
        foreach (var i in new[] { 0, 7, 8, 1000, 131_071 })
        {
            Assert.True(list[i], $"bit {i}");
        }
        Assert.False(list[1]);
        Assert.False(list[999]);
    }

    [Fact]
    public void Setting_the_same_bits_as_the_javascript_library_gives_the_same_list()
    {
        var list = new BitstringStatusList();
        foreach (var i in new[] { 0, 7, 8, 1000, 131_071 })
        {
            list[i] = true;
        }
        var ours = BitstringStatusList.Decode(list.Encode());
        var theirs = BitstringStatusList.Decode(JsWithBits);
        for (var i = 0; i < list.Length; i += 1)
        {
            if (ours[i] != theirs[i])
            {
                Assert.Fail($"bit {i} differs");
            }
        }
    }

    [Fact]
    public void Index_zero_is_the_most_significant_bit_of_the_first_byte()
    {
        var list = new BitstringStatusList();
        list[0] = true;
        list[9] = true;
        var bytes = DecompressedBytes(list.Encode());
        Assert.Equal(0x80, bytes[0]);
        Assert.Equal(0x40, bytes[1]);
    }

    [Fact]
    public void Clearing_a_bit_restores_the_entry()
    {
        var list = new BitstringStatusList();
        list[42] = true;
        Assert.True(list[42]);
        list[42] = false;
        Assert.False(list[42]);
        Assert.Equal(0, list.CountSet());
    }

    [Theory]
    [InlineData(131_071)]
    [InlineData(1024)]
    [InlineData(131_076)]
    public void A_list_shorter_than_the_minimum_or_not_whole_bytes_is_refused(int length) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new BitstringStatusList(length));

    [Fact]
    public void Index_outside_the_list_is_refused()
    {
        var list = new BitstringStatusList();
        Assert.Throws<ArgumentOutOfRangeException>(() => list[131_072]);
        Assert.Throws<ArgumentOutOfRangeException>(() => list[-1] = true);
    }

    [Theory]
    [InlineData("")]
    [InlineData("zH4sIAAAA")]
    [InlineData("u!!!")]
    [InlineData("uAAAAAAAAAAAAAAA")]
    public void Undecodable_lists_give_a_format_error(string encoded) =>
        Assert.Throws<FormatException>(() => BitstringStatusList.Decode(encoded));

    [Fact]
    public void A_compression_bomb_is_refused()
    {
        using var compressed = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 17; i++)
            {
                gzip.Write(zeros);
            }
        }
        var encoded = "u" + System.Buffers.Text.Base64Url.EncodeToString(compressed.ToArray());
        var e = Assert.Throws<FormatException>(() => BitstringStatusList.Decode(encoded));
        Assert.Contains("MiB", e.Message, StringComparison.Ordinal);
    }

    private static byte[] DecompressedBytes(string encoded)
    {
        using var input = new MemoryStream(System.Buffers.Text.Base64Url.DecodeFromChars(encoded.AsSpan(1)));
        using var gzip = new System.IO.Compression.GZipStream(input, System.IO.Compression.CompressionMode.Decompress);
        using var output = new MemoryStream();
        gzip.CopyTo(output);
        return output.ToArray();
    }
}
