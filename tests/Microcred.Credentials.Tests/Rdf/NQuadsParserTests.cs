using Microcred.Credentials.Rdf;

namespace Microcred.Credentials.Tests.Rdf;

public sealed class NQuadsParserTests
{
    private const string Xsd = "http://www.w3.org/2001/XMLSchema#";

    [Fact]
    public void Statement_with_every_kind_of_term_is_read()
    {
        var quads = NQuads.Parse(
            "<urn:ex:s> <urn:ex:p> <urn:ex:o> .\n" +
            "_:b0 <urn:ex:p> _:b1 _:g .\n" +
            "<urn:ex:s> <urn:ex:p> \"plain\" <urn:ex:g> .\n" +
            "<urn:ex:s> <urn:ex:p> \"7\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n" +
            "<urn:ex:s> <urn:ex:p> \"Pflege\"@de-CH .\n");

        Assert.Equal(
            [
                new Quad(RdfTerm.Iri("urn:ex:s"), RdfTerm.Iri("urn:ex:p"), RdfTerm.Iri("urn:ex:o"), RdfTerm.DefaultGraph),
                new Quad(RdfTerm.Blank("b0"), RdfTerm.Iri("urn:ex:p"), RdfTerm.Blank("b1"), RdfTerm.Blank("g")),
                new Quad(RdfTerm.Iri("urn:ex:s"), RdfTerm.Iri("urn:ex:p"), RdfTerm.Literal("plain"), RdfTerm.Iri("urn:ex:g")),
                new Quad(RdfTerm.Iri("urn:ex:s"), RdfTerm.Iri("urn:ex:p"), RdfTerm.Literal("7", Xsd + "integer"), RdfTerm.DefaultGraph),
                new Quad(RdfTerm.Iri("urn:ex:s"), RdfTerm.Iri("urn:ex:p"), RdfTerm.LangLiteral("Pflege", "de-CH"), RdfTerm.DefaultGraph),
            ],
            quads);
    }

    [Fact]
    public void Explicit_xsd_string_datatype_reads_as_a_plain_literal()
    {
        var quad = Assert.Single(NQuads.Parse("<urn:ex:s> <urn:ex:p> \"x\"^^<http://www.w3.org/2001/XMLSchema#string> ."));
        Assert.Equal(RdfTerm.Literal("x"), quad.Object);
    }

    [Fact]
    public void Every_literal_escape_is_decoded()
    {
        var quad = Assert.Single(NQuads.Parse(
            "<urn:ex:s> <urn:ex:p> \"\\t\\b\\n\\r\\f\\\"\\'\\\\ \\u00E9\\u221E \\U0001F303 \\U00000041\" ."));
        Assert.Equal("\t\b\n\r\f\"'\\ é∞ 🌃 A", quad.Object.Value);
    }

    [Fact]
    public void Iri_escapes_are_decoded()
    {
        var quad = Assert.Single(NQuads.Parse("<urn:ex:\\u0065\\u0078> <urn:ex:p\\u221E> <urn:ex:\\U0001F303> ."));
        Assert.Equal("urn:ex:ex", quad.Subject.Value);
        Assert.Equal("urn:ex:p∞", quad.Predicate.Value);
        Assert.Equal("urn:ex:🌃", quad.Object.Value);
    }

    [Fact]
    public void Comments_blank_lines_tabs_and_any_line_ending_are_accepted()
    {
        var quads = NQuads.Parse(
            "# a synthetic dataset\r\n" +
            "\r\n" +
            "\t<urn:ex:s>\t<urn:ex:p>   \"a # not a comment\" .   # trailing comment\r" +
            "   \n" +
            "<urn:ex:s> <urn:ex:p> <urn:ex:o> <urn:ex:g> .");
        Assert.Equal(2, quads.Count);
        Assert.Equal("a # not a comment", quads[0].Object.Value);
        Assert.Equal(RdfTerm.Iri("urn:ex:g"), quads[1].Graph);
    }

    [Fact]
    public void Statements_without_optional_whitespace_are_read()
    {
        var quads = NQuads.Parse(
            "<urn:ex:s><urn:ex:p><urn:ex:o>.\n" +
            "_:s<urn:ex:p>_:o.\n" +
            "_:s<urn:ex:p>\"x\"@en<urn:ex:g>.\n" +
            "_:a.b <urn:ex:p> _:c.d.");
        Assert.Equal(4, quads.Count);
        Assert.Equal(RdfTerm.Blank("o"), quads[1].Object);
        Assert.Equal(RdfTerm.LangLiteral("x", "en"), quads[2].Object);
        Assert.Equal(RdfTerm.Blank("a.b"), quads[3].Subject);
        Assert.Equal(RdfTerm.Blank("c.d"), quads[3].Object);
    }

    [Fact]
    public void Blank_node_labels_take_the_full_character_range()
    {
        var quad = Assert.Single(NQuads.Parse("_:0a-b_c:d\u00B7é <urn:ex:p> _:\U0001F303x ."));
        Assert.Equal("0a-b_c:d\u00B7é", quad.Subject.Value);
        Assert.Equal("\U0001F303x", quad.Object.Value);
    }

    [Fact]
    public void Empty_document_has_no_quads()
    {
        Assert.Empty(NQuads.Parse(""));
        Assert.Empty(NQuads.Parse("# only a comment\n\n   \n"));
    }

    [Fact]
    public void Duplicate_statements_are_kept_in_document_order()
    {
        var quads = NQuads.Parse("<urn:ex:s> <urn:ex:p> \"1\" .\n<urn:ex:s> <urn:ex:p> \"1\" .\n");
        Assert.Equal(2, quads.Count);
    }

    [Theory]
    [InlineData("<urn:ex:s> <urn:ex:p> <urn:ex:o>", 1, 33, "'.'")]
    [InlineData("<urn:ex:s> <urn:ex:p> <urn:ex:o> .\n<urn:ex:s> <urn:ex:p> <urn:ex:o> <urn:ex:g>\n", 2, 44, "'.'")]
    [InlineData("<urn:ex:s> <urn:ex:p> <urn:ex:o> . <urn:ex:s>", 1, 36, "end of the line")]
    [InlineData("# fine\n\n<s> <urn:ex:p> <urn:ex:o> .", 3, 1, "relative")]
    [InlineData("<urn:ex:s> <urn:ex:p> <urn:ex:a b> .", 1, 32, "U+0020")]
    [InlineData("<urn:ex:s> <urn:ex:p> <urn:ex:a{b> .", 1, 32, "'{'")]
    [InlineData("<urn:ex:s> <urn:ex:p> <urn:ex:\\n> .", 1, 31, "only \\u and \\U")]
    [InlineData("<urn:ex:s> <urn:ex:p> <urn:ex:o", 1, 23, "not closed with '>'")]
    [InlineData("<urn:ex:s> <urn:ex:p> \"abc .", 1, 23, "not closed")]
    [InlineData("<urn:ex:s> <urn:ex:p> \"a\nb\" .", 1, 23, "end of the line")]
    [InlineData("<urn:ex:s> <urn:ex:p> \"a\\qb\" .", 1, 25, "'\\q'")]
    [InlineData("<urn:ex:s> <urn:ex:p> \"a\\u12\" .", 1, 25, "4 hexadecimal digits")]
    [InlineData("<urn:ex:s> <urn:ex:p> \"a\\u12G4\" .", 1, 25, "4 hexadecimal digits")]
    [InlineData("<urn:ex:s> <urn:ex:p> \"a\\U0011FFFF\" .", 1, 25, "Unicode scalar value")]
    [InlineData("<urn:ex:s> <urn:ex:p> \"a\\uD800\" .", 1, 25, "Unicode scalar value")]
    [InlineData("<urn:ex:s> <urn:ex:p> \"a\\", 1, 25, "middle of an escape")]
    [InlineData("<urn:ex:s> <urn:ex:p> \"x\"@ .", 1, 26, "start with a letter")]
    [InlineData("<urn:ex:s> <urn:ex:p> \"x\"@en- .", 1, 30, "subtag")]
    [InlineData("<urn:ex:s> <urn:ex:p> \"x\"^<urn:ex:t> .", 1, 26, "'^^'")]
    [InlineData("<urn:ex:s> <urn:ex:p> \"x\"^^\"t\" .", 1, 28, "datatype IRI")]
    [InlineData("<urn:ex:s> <urn:ex:p> \"x\"^^<http://www.w3.org/1999/02/22-rdf-syntax-ns#langString> .", 1, 28, "language tag")]
    [InlineData("\"x\" <urn:ex:p> <urn:ex:o> .", 1, 1, "subject")]
    [InlineData("<urn:ex:s> _:p <urn:ex:o> .", 1, 12, "predicate")]
    [InlineData("<urn:ex:s> <urn:ex:p> 42 .", 1, 23, "object")]
    [InlineData("<urn:ex:s> <urn:ex:p> \"x\" \"g\" .", 1, 27, "graph label")]
    [InlineData("_:-a <urn:ex:p> <urn:ex:o> .", 1, 1, "blank node label")]
    [InlineData("_: <urn:ex:p> <urn:ex:o> .", 1, 1, "blank node label")]
    [InlineData("_a <urn:ex:p> <urn:ex:o> .", 1, 1, "'_:'")]
    [InlineData("<urn:ex:s> <urn:ex:p> <urn:ex:o> .\r\n\r\n<urn:ex:s> <urn:ex:p>", 3, 22, "object")]
    public void Malformed_input_is_refused_with_its_line_and_column(string text, int line, int column, string reasonFragment)
    {
        var error = Assert.Throws<NQuadsParseException>(() => NQuads.Parse(text));
        Assert.Equal(line, error.Line);
        Assert.Equal(column, error.Column);
        Assert.Contains(reasonFragment, error.Reason, StringComparison.Ordinal);
        Assert.StartsWith($"N-Quads syntax error at line {line}, column {column}: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Arbitrary_bytes_are_refused_without_crashing()
    {
        var random = new Random(20250314);
        const string alphabet = "<>\"_:\\@^.# \t\r\nuUabcdef0123456789é\uD83C\uDF03";
        for (int i = 0; i < 2000; i++)
        {
            var chars = new char[random.Next(1, 60)];
            for (int j = 0; j < chars.Length; j++)
            {
                chars[j] = alphabet[random.Next(alphabet.Length)];
            }
            try
            {
                NQuads.Parse(new string(chars));
            }
            catch (NQuadsParseException error)
            {
                Assert.InRange(error.Line, 1, chars.Length + 1);
                Assert.InRange(error.Column, 1, chars.Length + 1);
            }
        }
    }
}
