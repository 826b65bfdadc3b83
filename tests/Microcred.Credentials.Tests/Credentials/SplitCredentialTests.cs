using System.Text;
using System.Text.Json;
using Microcred.Credentials.Proofs;
using Microcred.Credentials.Verification;

namespace Microcred.Credentials.Tests.Credentials;

public class SplitCredentialTests
{
    [Theory]
    [InlineData("""{"proof":{"a":1},"b":2,"c":[3]}""")]
    [InlineData("""{"b":2,"proof":[{"a":1}],"c":[3]}""")]
    [InlineData("""{"b":2,"c":[3],"proof":{"a":1}}""")]
    [InlineData("{\n  \"b\": 2,\n  \"c\": [3],\n  \"proof\": { \"a\": 1 }\n}\n")]
    [InlineData("{ \"b\" : 2 , \"proof\" : \"x\" , \"c\" : [ 3 ] }")]
    public void Proof_is_cut_out_wherever_it_stands(string json)
    {
        using var split = SplitCredential.Parse(Encoding.UTF8.GetBytes(json), 32);
        var root = split.Unsecured.RootElement;
        Assert.False(root.TryGetProperty("proof", out _));
        Assert.Equal(2, root.GetProperty("b").GetInt32());
        Assert.Equal(3, root.GetProperty("c")[0].GetInt32());
        Assert.NotNull(split.Proof);
    }

    [Fact]
    public void Only_property_proof_leaves_an_empty_object()
    {
        using var split = SplitCredential.Parse("""{ "proof": [1] }"""u8.ToArray(), 32);
        Assert.Empty(split.Unsecured.RootElement.EnumerateObject());
        Assert.Equal(JsonValueKind.Array, split.Proof!.RootElement.ValueKind);
    }

    [Fact]
    public void Nested_proof_properties_stay()
    {
        using var split = SplitCredential.Parse("""{"a":{"proof":1}}"""u8.ToArray(), 32);
        Assert.Null(split.Proof);
        Assert.Equal(1, split.Unsecured.RootElement.GetProperty("a").GetProperty("proof").GetInt32());
    }

    [Fact]
    public void Two_top_level_proofs_are_refused() =>
        Assert.ThrowsAny<JsonException>(() => SplitCredential.Parse("""{"proof":1,"proof":2}"""u8.ToArray(), 32));

    [Fact]
    public void Byte_order_mark_is_ignored()
    {
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. """{"a":1,"proof":2}"""u8];
        using var split = SplitCredential.Parse(bytes, 32);
        Assert.Equal(1, split.Unsecured.RootElement.GetProperty("a").GetInt32());
    }

    [Theory]
    [InlineData("""{"a":1,"proof":""")]
    [InlineData("""{"a":1,"proof":2} trailing""")]
    [InlineData("""{"a":1,"proof":2,}""")]
    public void Malformed_json_is_refused(string json) =>
        Assert.ThrowsAny<JsonException>(() => SplitCredential.Parse(Encoding.UTF8.GetBytes(json), 32));

    [Theory]
    [InlineData("urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33", true)]
    [InlineData("did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2", true)]
    [InlineData("https://example.org/a?b=c#d", true)]
    [InlineData("not a uri", false)]
    [InlineData("/relative/path", false)]
    [InlineData("1http://example.org", false)]
    [InlineData("https:", false)]
    [InlineData("https://exa mple.org", false)]
    [InlineData("", false)]
    public void Absolute_uri_check_tells_uris_from_text(string value, bool expected) =>
        Assert.Equal(expected, CredentialShape.IsAbsoluteUri(value));
}
