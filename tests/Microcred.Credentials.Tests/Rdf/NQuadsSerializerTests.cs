using System.Buffers;
using System.Text;
using Microcred.Credentials.Rdf;

namespace Microcred.Credentials.Tests.Rdf;

public sealed class NQuadsSerializerTests
{
    private static readonly RdfTerm S = RdfTerm.Iri("urn:ex:s");
    private static readonly RdfTerm P = RdfTerm.Iri("urn:ex:p");

    private static string Line(RdfTerm @object) => NQuads.Serialize(new Quad(S, P, @object, RdfTerm.DefaultGraph));

    [Fact]
    public void Literal_escapes_follow_the_canonical_form()
    {
        Assert.Equal("<urn:ex:s> <urn:ex:p> \"a\\\"b\\\\c\\nd\\re\\tf\\bg\\fh'i\" .\n", Line(RdfTerm.Literal("a\"b\\c\nd\re\tf\bg\fh'i")));
    }

    [Fact]
    public void Other_control_characters_become_upper_case_uchar_escapes()
    {
        var controls = new StringBuilder();
        var expected = new StringBuilder();
        for (int c = 0; c < 0x20; c++)
        {
            controls.Append((char)c);
            expected.Append(c switch
            {
                0x08 => "\\b",
                0x09 => "\\t",
                0x0A => "\\n",
                0x0C => "\\f",
                0x0D => "\\r",
                _ => $"\\u{c:X4}",
            });
        }
        controls.Append('\u007F');
        expected.Append("\\u007F");

        Assert.Equal($"<urn:ex:s> <urn:ex:p> \"{expected}\" .\n", Line(RdfTerm.Literal(controls.ToString())));
        Assert.Contains("\\u001B", expected.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Non_ascii_text_is_written_as_utf8_not_escaped()
    {
        string line = Line(RdfTerm.Literal("é ∞ \U0001F303 \u00A0 \uF600"));
        Assert.Equal("<urn:ex:s> <urn:ex:p> \"é ∞ \U0001F303 \u00A0 \uF600\" .\n", line);
    }

    [Fact]
    public void Unpaired_surrogates_and_noncharacters_in_literals_become_uchar_escapes()
    {
        Assert.Equal("<urn:ex:s> <urn:ex:p> \"a\\uD800b\\uDC00\\uFFFE\\uFFFF\uFFFD\U0001F303\" .\n",
            Line(RdfTerm.Literal("a\uD800b\uDC00\uFFFE\uFFFF\uFFFD\U0001F303")));
        Assert.Equal("<urn:ex:s> <urn:ex:p> \"\\uDBFF\" .\n", Line(RdfTerm.Literal("\uDBFF")));
    }

    [Fact]
    public void Unpaired_surrogates_in_iris_become_uchar_escapes()
    {
        Assert.Equal("<urn:ex:s> <urn:ex:p> <urn:ex:a\\uD800\uFFFF> .\n", Line(RdfTerm.Iri("urn:ex:a\uD800\uFFFF")));
    }

    [Fact]
    public void Xsd_string_is_implicit_and_other_datatypes_are_written()
    {
        Assert.Equal("<urn:ex:s> <urn:ex:p> \"x\" .\n", Line(RdfTerm.Literal("x", "http://www.w3.org/2001/XMLSchema#string")));
        Assert.Equal("<urn:ex:s> <urn:ex:p> \"x\" .\n", Line(new RdfTerm(RdfTermKind.Literal, "x")));
        Assert.Equal("<urn:ex:s> <urn:ex:p> \"2025-03-14\"^^<http://www.w3.org/2001/XMLSchema#date> .\n",
            Line(RdfTerm.Literal("2025-03-14", "http://www.w3.org/2001/XMLSchema#date")));
    }

    [Fact]
    public void Language_tagged_strings_are_written_with_their_tag()
    {
        Assert.Equal("<urn:ex:s> <urn:ex:p> \"Pflege\"@de-CH .\n", Line(RdfTerm.LangLiteral("Pflege", "de-CH")));
        Assert.Equal("<urn:ex:s> <urn:ex:p> \"x\"@en .\n", Line(new RdfTerm(RdfTermKind.Literal, "x", null, "en")));
    }

    [Fact]
    public void Characters_an_iri_cannot_hold_are_written_as_uchar_escapes()
    {
        Assert.Equal(
            "<urn:ex:s> <urn:ex:p> <urn:ex:a\\u0020b\\u003C\\u003E\\u0022\\u007B\\u007D\\u007C\\u005E\\u0060\\u005C\\u0009é> .\n",
            Line(RdfTerm.Iri("urn:ex:a b<>\"{}|^`\\\té")));
    }

    [Fact]
    public void Graph_is_omitted_for_the_default_graph_and_written_otherwise()
    {
        Assert.Equal("_:b0 <urn:ex:p> _:b1 .\n", NQuads.Serialize(new Quad(RdfTerm.Blank("b0"), P, RdfTerm.Blank("b1"), RdfTerm.DefaultGraph)));
        Assert.Equal("_:b0 <urn:ex:p> _:b1 <urn:ex:g> .\n", NQuads.Serialize(new Quad(RdfTerm.Blank("b0"), P, RdfTerm.Blank("b1"), RdfTerm.Iri("urn:ex:g"))));
        Assert.Equal("_:b0 <urn:ex:p> _:b1 _:g .\n", NQuads.Serialize(new Quad(RdfTerm.Blank("b0"), P, RdfTerm.Blank("b1"), RdfTerm.Blank("g"))));
    }

    [Fact]
    public void Serializing_a_list_keeps_its_order()
    {
        var quads = new[]
        {
            new Quad(RdfTerm.Iri("urn:ex:z"), P, RdfTerm.Literal("2"), RdfTerm.DefaultGraph),
            new Quad(RdfTerm.Iri("urn:ex:a"), P, RdfTerm.Literal("1"), RdfTerm.DefaultGraph),
        };
        Assert.Equal("<urn:ex:z> <urn:ex:p> \"2\" .\n<urn:ex:a> <urn:ex:p> \"1\" .\n", NQuads.Serialize(quads));
    }

    [Fact]
    public void Round_trip_with_every_escape_gives_back_the_same_quads_and_canonical_text()
    {
        const string input =
            "<urn:ex:s\\u0020\\U0001F303> <urn:ex:p> \"\\t\\b\\n\\r\\f\\\"\\'\\\\\\u0000\\u001F\\u007F\\u00E9\\U0001F303\" <urn:ex:g> .\n" +
            "_:b0 <urn:ex:p> \"x\"@en-GB .\n" +
            "_:b0 <urn:ex:p> \"1\"^^<http://www.w3.org/2001/XMLSchema#integer> _:g1 .\n" +
            "_:b0 <urn:ex:p> <urn:ex:\\u007B\\u007D> .\n";
        const string canonical =
            "<urn:ex:s\\u0020\U0001F303> <urn:ex:p> \"\\t\\b\\n\\r\\f\\\"'\\\\\\u0000\\u001F\\u007Fé\U0001F303\" <urn:ex:g> .\n" +
            "_:b0 <urn:ex:p> \"x\"@en-GB .\n" +
            "_:b0 <urn:ex:p> \"1\"^^<http://www.w3.org/2001/XMLSchema#integer> _:g1 .\n" +
            "_:b0 <urn:ex:p> <urn:ex:\\u007B\\u007D> .\n";

        var quads = NQuads.Parse(input);
        string written = NQuads.Serialize(quads);

        Assert.Equal(canonical, written);
        Assert.Equal(quads, NQuads.Parse(written));
        Assert.Equal(canonical, NQuads.Serialize(NQuads.Parse(written)));
        Assert.Equal("\t\b\n\r\f\"'\\\u0000\u001F\u007Fé\U0001F303", quads[0].Object.Value);
    }

    [Fact]
    public void Long_literal_with_escapes_and_surrogate_pairs_round_trips()
    {
        var text = new StringBuilder();
        text.Append('x', 16 * 1024 - 1).Append("\U0001F303").Append("a\"b\n");
        while (text.Length < 50_000)
        {
            text.Append("é\U0001F303\"\t");
        }
        var quad = new Quad(S, P, RdfTerm.Literal(text.ToString()), RdfTerm.DefaultGraph);

        string line = NQuads.Serialize(quad);

        Assert.Equal(quad, Assert.Single(NQuads.Parse(line)));
        Assert.DoesNotContain("\\uD83C", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Utf8_writer_produces_the_bytes_of_the_text()
    {
        var quad = new Quad(RdfTerm.Blank("b0"), P, RdfTerm.LangLiteral("Gesundheit ∞", "de"), RdfTerm.Iri("urn:ex:g"));
        var output = new ArrayBufferWriter<byte>();
        NQuads.WriteUtf8(quad, output);
        Assert.Equal(Encoding.UTF8.GetBytes(NQuads.Serialize(quad)), output.WrittenSpan.ToArray());
    }

    public static TheoryData<Quad, string> InvalidQuads() => new()
    {
        { new Quad(RdfTerm.Literal("x"), P, S, RdfTerm.DefaultGraph), "literal cannot be the subject" },
        { new Quad(S, RdfTerm.Blank("p"), S, RdfTerm.DefaultGraph), "blank node cannot be the predicate" },
        { new Quad(S, P, RdfTerm.DefaultGraph, RdfTerm.DefaultGraph), "default graph cannot be the object" },
        { new Quad(S, P, S, RdfTerm.Literal("g")), "literal cannot be the graph" },
        { new Quad(S, P, RdfTerm.Iri(""), RdfTerm.DefaultGraph), "empty IRI" },
        { new Quad(S, P, default, RdfTerm.DefaultGraph), "object of a quad has no value" },
        { new Quad(RdfTerm.Blank("has space"), P, S, RdfTerm.DefaultGraph), "not a valid N-Quads blank node label" },
        { new Quad(RdfTerm.Blank("ends."), P, S, RdfTerm.DefaultGraph), "not a valid N-Quads blank node label" },
        { new Quad(S, P, new RdfTerm(RdfTermKind.Literal, "x", "urn:ex:dt", "en"), RdfTerm.DefaultGraph), "datatype <urn:ex:dt>" },
        { new Quad(S, P, new RdfTerm(RdfTermKind.Literal, "x", RdfTerm.RdfLangString), RdfTerm.DefaultGraph), "no language tag" },
        { new Quad(S, P, RdfTerm.LangLiteral("x", "en gb"), RdfTerm.DefaultGraph), "not a valid language tag" },
        { new Quad(S, P, new RdfTerm((RdfTermKind)42, "x"), RdfTerm.DefaultGraph), "unknown kind 42" },
    };

    [Theory]
    [MemberData(nameof(InvalidQuads))]
    public void Quads_that_cannot_be_written_are_refused_with_the_reason(Quad quad, string reasonFragment)
    {
        var error = Assert.Throws<ArgumentException>(() => NQuads.Serialize(quad));
        Assert.Contains(reasonFragment, error.Message, StringComparison.Ordinal);
    }
}
