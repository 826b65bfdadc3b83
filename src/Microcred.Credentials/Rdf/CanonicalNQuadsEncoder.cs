using System.Buffers;
using System.Text.Unicode;

namespace Microcred.Credentials.Rdf;

/// <summary>
/// Writes RDF terms as UTF-8 in the canonical N-Quads form that RDFC-1.0 hashes and outputs:
/// single spaces between terms, <c> .\n</c> after each quad, <c>xsd:string</c> left implicit,
/// <c>rdf:langString</c> written as <c>@lang</c>, and only the escapes the canonical form allows:
/// ECHAR for <c>\b \t \n \f \r " \\</c> in literals, and an upper-case <c>\uXXXX</c> for other
/// control characters and for what the XML 1.1 Char production excludes.
/// </summary>
internal static class CanonicalNQuadsEncoder
{
    // Canonical literals use ECHAR for \b \t \n \f \r " \ and an upper-case \u00XX UCHAR for the
    // remaining C0 controls and DEL; everything else is written as itself.
    private static readonly SearchValues<char> LiteralEscapes = SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000A\u000B\u000C\u000D\u000E\u000F" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F" +
        "\u007F\"\\");

    // Characters IRIREF cannot hold literally; the canonical form writes them as UCHAR.
    internal static readonly SearchValues<char> IriEscapes = SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000A\u000B\u000C\u000D\u000E\u000F" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F" +
        " <>\"{}|^`\\");

    private const int MaxChunk = 16 * 1024;

    private static ReadOnlySpan<byte> UpperHex => "0123456789ABCDEF"u8;

    public static ReadOnlySpan<byte> QuadEnd => " .\n"u8;

    public static void WriteIri(PooledByteBuffer buffer, string iri)
    {
        WriteEnclosed(buffer, iri, (byte)'<', (byte)'>', IriEscapes, literal: false);
    }

    /// <summary>Writes a literal; the term must already be known to be a valid literal.</summary>
    public static void WriteLiteral(PooledByteBuffer buffer, in RdfTerm literal)
    {
        WriteEnclosed(buffer, literal.Value, (byte)'"', (byte)'"', LiteralEscapes, literal: true);
        if (literal.Language is { Length: > 0 } language)
        {
            buffer.Write((byte)'@');
            WriteAscii(buffer, language);
        }
        else if (literal.Datatype is { } datatype && !string.Equals(datatype, RdfTerm.XsdString, StringComparison.Ordinal))
        {
            buffer.Write("^^"u8);
            WriteIri(buffer, datatype);
        }
    }

    public static void WriteBlankNode(PooledByteBuffer buffer, string label)
    {
        buffer.Write("_:"u8);
        WriteUtf8(buffer, label);
    }

    /// <summary>Writes a term that is not a blank node (an IRI or a literal).</summary>
    public static void WriteGroundTerm(PooledByteBuffer buffer, in RdfTerm term)
    {
        if (term.Kind == RdfTermKind.Iri)
        {
            WriteIri(buffer, term.Value);
        }
        else
        {
            WriteLiteral(buffer, term);
        }
    }

    /// <summary>Writes one quad with its own blank node labels, after validating it.</summary>
    public static void WriteQuad(PooledByteBuffer buffer, in Quad quad)
    {
        Validate(quad, checkBlankLabels: true);
        WriteTerm(buffer, quad.Subject);
        buffer.Write((byte)' ');
        WriteIri(buffer, quad.Predicate.Value);
        buffer.Write((byte)' ');
        WriteTerm(buffer, quad.Object);
        if (quad.Graph.Kind != RdfTermKind.DefaultGraph)
        {
            buffer.Write((byte)' ');
            WriteTerm(buffer, quad.Graph);
        }
        buffer.Write(QuadEnd);
    }

    private static void WriteTerm(PooledByteBuffer buffer, in RdfTerm term)
    {
        if (term.Kind == RdfTermKind.BlankNode)
        {
            WriteBlankNode(buffer, term.Value);
        }
        else
        {
            WriteGroundTerm(buffer, term);
        }
    }

    /// <summary>
    /// Refuses a quad that cannot be written as N-Quads: a term in a position RDF does not allow,
    /// a missing value, or an inconsistent language tag. Blank node labels are checked against the
    /// N-Quads grammar only when they will be written as given.
    /// </summary>
    public static void Validate(in Quad quad, bool checkBlankLabels)
    {
        ValidateTerm(quad.Subject, "subject", allowBlank: true, allowLiteral: false, allowDefault: false, checkBlankLabels);
        ValidateTerm(quad.Predicate, "predicate", allowBlank: false, allowLiteral: false, allowDefault: false, checkBlankLabels);
        ValidateTerm(quad.Object, "object", allowBlank: true, allowLiteral: true, allowDefault: false, checkBlankLabels);
        ValidateTerm(quad.Graph, "graph", allowBlank: true, allowLiteral: false, allowDefault: true, checkBlankLabels);
    }

    private static void ValidateTerm(in RdfTerm term, string position, bool allowBlank, bool allowLiteral, bool allowDefault, bool checkBlankLabels)
    {
        bool allowed = term.Kind switch
        {
            RdfTermKind.Iri => true,
            RdfTermKind.BlankNode => allowBlank,
            RdfTermKind.Literal => allowLiteral,
            RdfTermKind.DefaultGraph => allowDefault,
            _ => false,
        };
        if (!allowed)
        {
            throw new ArgumentException($"A {Describe(term.Kind)} cannot be the {position} of a quad.", nameof(term));
        }
        if (term.Value is null)
        {
            throw new ArgumentException($"The {position} of a quad has no value.", nameof(term));
        }
        switch (term.Kind)
        {
            case RdfTermKind.Iri when term.Value.Length == 0:
                throw new ArgumentException($"The {position} of a quad is an empty IRI.", nameof(term));
            case RdfTermKind.BlankNode when term.Value.Length == 0:
                throw new ArgumentException($"The {position} of a quad is a blank node with an empty label.", nameof(term));
            case RdfTermKind.BlankNode when checkBlankLabels && !NQuadsGrammar.IsBlankNodeLabel(term.Value):
                throw new ArgumentException($"The blank node label '{term.Value}' ({position}) is not a valid N-Quads blank node label.", nameof(term));
            case RdfTermKind.Literal:
                ValidateLiteral(term, position);
                break;
        }
    }

    private static void ValidateLiteral(in RdfTerm term, string position)
    {
        bool langString = string.Equals(term.Datatype, RdfTerm.RdfLangString, StringComparison.Ordinal);
        if (term.Language is { Length: > 0 } language)
        {
            if (term.Datatype is not null && !langString)
            {
                throw new ArgumentException($"The {position} literal has language tag '{language}' but datatype <{term.Datatype}>; a language-tagged string has datatype rdf:langString.", nameof(term));
            }
            if (!NQuadsGrammar.IsLanguageTag(language))
            {
                throw new ArgumentException($"The {position} literal has language tag '{language}', which is not a valid language tag.", nameof(term));
            }
        }
        else if (langString)
        {
            throw new ArgumentException($"The {position} literal has datatype rdf:langString but no language tag.", nameof(term));
        }
        else if (term.Datatype is { Length: 0 })
        {
            throw new ArgumentException($"The {position} literal has an empty datatype IRI.", nameof(term));
        }
    }

    private static string Describe(RdfTermKind kind) => kind switch
    {
        RdfTermKind.Iri => "IRI",
        RdfTermKind.BlankNode => "blank node",
        RdfTermKind.Literal => "literal",
        RdfTermKind.DefaultGraph => "default graph",
        _ => $"term of unknown kind {(int)kind}",
    };

    private static void WriteAscii(PooledByteBuffer buffer, string ascii)
    {
        var span = buffer.GetSpan(ascii.Length);
        for (int i = 0; i < ascii.Length; i++)
        {
            span[i] = (byte)ascii[i];
        }
        buffer.Advance(ascii.Length);
    }

    /// <summary>Transcodes text that is known to be well-formed (a checked blank node label) to UTF-8.</summary>
    private static void WriteUtf8(PooledByteBuffer buffer, ReadOnlySpan<char> text)
    {
        // At most three UTF-8 bytes per UTF-16 unit.
        var span = buffer.GetSpan(text.Length * 3);
        Utf8.FromUtf16(text, span, out _, out int written, replaceInvalidSequences: true);
        buffer.Advance(written);
    }

    /// <summary>Writes <paramref name="text"/> between two delimiters, escaping what must be escaped.</summary>
    private static void WriteEnclosed(PooledByteBuffer buffer, ReadOnlySpan<char> text, byte open, byte close, SearchValues<char> escapes, bool literal)
    {
        buffer.Write(open);
        while (text.Length > MaxChunk)
        {
            // Bounded chunks keep the reservation small for huge values; never split a surrogate pair.
            var chunk = text[..(char.IsHighSurrogate(text[MaxChunk - 1]) ? MaxChunk - 1 : MaxChunk)];
            WriteEscaped(buffer, chunk, escapes, literal);
            text = text[chunk.Length..];
        }
        WriteEscaped(buffer, text, escapes, literal);
        buffer.Write(close);
    }

    private static void WriteEscaped(PooledByteBuffer buffer, ReadOnlySpan<char> text, SearchValues<char> escapes, bool literal)
    {
        // Reserve once: a UTF-16 unit takes at most three UTF-8 bytes, or six as a \uXXXX escape.
        var span = buffer.GetSpan(text.Length * 6);
        int written = 0;
        while (true)
        {
            int next = text.IndexOfAny(escapes);
            written += WriteUnescaped(next < 0 ? text : text[..next], span[written..], literal);
            if (next < 0)
            {
                break;
            }
            written += WriteUchar(span[written..], text[next], literal);
            text = text[(next + 1)..];
        }
        buffer.Advance(written);
    }

    /// <summary>
    /// Transcodes text free of ASCII escapes to UTF-8, escaping what lies outside the XML 1.1
    /// Char production: unpaired surrogates always, and U+FFFE and U+FFFF in literals.
    /// </summary>
    /// <remarks>
    /// rdf-canonize 5.0.0 writes U+FFFE and U+FFFF as themselves and hashes an unpaired surrogate
    /// as U+FFFD; the canonical form escapes them, which also keeps two different strings from
    /// canonicalizing to the same bytes.
    /// </remarks>
    private static int WriteUnescaped(ReadOnlySpan<char> text, Span<byte> destination, bool literal)
    {
        int written = 0;
        int pending = 0;
        int i = 0;
        while (true)
        {
            // Everything that needs a closer look is at or above U+D800, which common text never reaches.
            int found = text[i..].IndexOfAnyInRange('\uD800', '\uFFFF');
            if (found < 0)
            {
                break;
            }
            i += found;
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i += 2;
                continue;
            }
            if (c >= '\uE000' && (c <= '\uFFFD' || !literal))
            {
                i++;
                continue;
            }
            written += Transcode(text[pending..i], destination[written..]);
            written += WriteUchar(destination[written..], c, literal: false);
            pending = ++i;
        }
        return written + Transcode(text[pending..], destination[written..]);
    }

    private static int Transcode(ReadOnlySpan<char> text, Span<byte> destination)
    {
        if (text.IsEmpty)
        {
            return 0;
        }
        Utf8.FromUtf16(text, destination, out _, out int written);
        return written;
    }

    /// <summary>Writes an ECHAR (in literals, where one exists) or an upper-case four-digit UCHAR.</summary>
    private static int WriteUchar(Span<byte> destination, char c, bool literal)
    {
        if (literal)
        {
            byte echar = c switch
            {
                '\b' => (byte)'b',
                '\t' => (byte)'t',
                '\n' => (byte)'n',
                '\f' => (byte)'f',
                '\r' => (byte)'r',
                '"' => (byte)'"',
                '\\' => (byte)'\\',
                _ => 0,
            };
            if (echar != 0)
            {
                destination[0] = (byte)'\\';
                destination[1] = echar;
                return 2;
            }
        }
        destination[0] = (byte)'\\';
        destination[1] = (byte)'u';
        destination[2] = UpperHex[(c >> 12) & 0xF];
        destination[3] = UpperHex[(c >> 8) & 0xF];
        destination[4] = UpperHex[(c >> 4) & 0xF];
        destination[5] = UpperHex[c & 0xF];
        return 6;
    }
}
