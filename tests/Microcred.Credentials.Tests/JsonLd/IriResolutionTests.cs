using Microcred.Credentials.JsonLd;

namespace Microcred.Credentials.Tests.JsonLd;

public sealed class IriResolutionTests
{
    private const string RfcBase = "http://a/b/c/d;p?q";

    [Theory]
    [InlineData("g:h", "g:h")]
    [InlineData("g", "http://a/b/c/g")]
    [InlineData("./g", "http://a/b/c/g")]
    [InlineData("g/", "http://a/b/c/g/")]
    [InlineData("/g", "http://a/g")]
    [InlineData("//g", "http://g")]
    [InlineData("?y", "http://a/b/c/d;p?y")]
    [InlineData("g?y", "http://a/b/c/g?y")]
    [InlineData("#s", "http://a/b/c/d;p?q#s")]
    [InlineData("g#s", "http://a/b/c/g#s")]
    [InlineData("g?y#s", "http://a/b/c/g?y#s")]
    [InlineData(";x", "http://a/b/c/;x")]
    [InlineData("g;x", "http://a/b/c/g;x")]
    [InlineData("g;x?y#s", "http://a/b/c/g;x?y#s")]
    [InlineData("", "http://a/b/c/d;p?q")]
    [InlineData(".", "http://a/b/c/")]
    [InlineData("./", "http://a/b/c/")]
    [InlineData("..", "http://a/b/")]
    [InlineData("../", "http://a/b/")]
    [InlineData("../g", "http://a/b/g")]
    [InlineData("../..", "http://a/")]
    [InlineData("../../", "http://a/")]
    [InlineData("../../g", "http://a/g")]
    public void Normal_examples_of_RFC_3986_section_5_4_1_resolve(string reference, string expected)
    {
        Assert.Equal(expected, Iri.Resolve(RfcBase, reference));
    }

    [Theory]
    [InlineData("../../../g", "http://a/g")]
    [InlineData("../../../../g", "http://a/g")]
    [InlineData("/./g", "http://a/g")]
    [InlineData("/../g", "http://a/g")]
    [InlineData("g.", "http://a/b/c/g.")]
    [InlineData(".g", "http://a/b/c/.g")]
    [InlineData("g..", "http://a/b/c/g..")]
    [InlineData("..g", "http://a/b/c/..g")]
    [InlineData("./../g", "http://a/b/g")]
    [InlineData("./g/.", "http://a/b/c/g/")]
    [InlineData("g/./h", "http://a/b/c/g/h")]
    [InlineData("g/../h", "http://a/b/c/h")]
    [InlineData("g;x=1/./y", "http://a/b/c/g;x=1/y")]
    [InlineData("g;x=1/../y", "http://a/b/c/y")]
    [InlineData("g?y/./x", "http://a/b/c/g?y/./x")]
    [InlineData("g?y/../x", "http://a/b/c/g?y/../x")]
    [InlineData("g#s/./x", "http://a/b/c/g#s/./x")]
    [InlineData("g#s/../x", "http://a/b/c/g#s/../x")]
    [InlineData("http:g", "http:g")]
    public void Abnormal_examples_of_RFC_3986_section_5_4_2_resolve(string reference, string expected)
    {
        Assert.Equal(expected, Iri.Resolve(RfcBase, reference));
    }

    [Theory]
    [InlineData("http://example.com", "foo", "http://example.com/foo")]
    [InlineData("http://example.com/a/b", "?x", "http://example.com/a/b?x")]
    [InlineData("tag:example.org,2025:base/doc", "other", "tag:example.org,2025:base/other")]
    [InlineData("urn:example:a", "#frag", "urn:example:a#frag")]
    [InlineData("http://example.com/a/b#old", "", "http://example.com/a/b")]
    public void Bases_without_path_or_authority_resolve_by_the_RFC(string baseIri, string reference, string expected)
    {
        Assert.Equal(expected, Iri.Resolve(baseIri, reference));
    }

    [Fact]
    public void Without_a_base_a_relative_reference_stays_relative()
    {
        Assert.Equal("../g", Iri.Resolve(null, "../g"));
    }

    [Theory]
    [InlineData("http://example.com/a b", false)]
    [InlineData("http://example.com/a#b#c", false)]
    [InlineData("http://example.com/<x>", false)]
    [InlineData("relative/path", false)]
    [InlineData("did:key:z6Mk#z6Mk", true)]
    [InlineData("urn:uuid:0b0a7f64-1c2e-4d8a-9a51-5d6f0c1e2a33", true)]
    public void Only_well_formed_absolute_IRIs_are_written_to_RDF(string iri, bool wellFormed)
    {
        Assert.Equal(wellFormed, Iri.IsWellFormed(iri));
    }
}
