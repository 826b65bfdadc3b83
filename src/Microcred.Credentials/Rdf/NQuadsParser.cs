using System.Globalization;
using System.Text;

namespace Microcred.Credentials.Rdf;

/// <summary>
/// A strict RDF 1.1 N-Quads parser: one statement per line, absolute IRIs only, every escape
/// checked, and each error reported with its line and column.
/// </summary>
internal sealed class NQuadsParser
{
    private readonly string _text;
    private int _pos;
    private int _line = 1;
    private int _lineStart;
    private StringBuilder? _scratch;
    private readonly bool _blankNodePredicates;

    /// <param name="text">The N-Quads document.</param>
    /// <param name="blankNodePredicates">Accept blank nodes as predicates (generalized RDF, which
    /// JSON-LD produces on request and its test suite expects in a few results).</param>
    public NQuadsParser(string text, bool blankNodePredicates = false)
    {
        _text = text;
        _blankNodePredicates = blankNodePredicates;
    }

    public List<Quad> ParseDocument()
    {
        var quads = new List<Quad>();
        while (true)
        {
            SkipSpaces();
            if (AtEnd)
            {
                return quads;
            }
            char c = _text[_pos];
            if (c == '#')
            {
                SkipComment();
            }
            else if (c is '\r' or '\n')
            {
                ConsumeLineBreak();
            }
            else
            {
                quads.Add(ParseStatement());
                SkipSpaces();
                if (!AtEnd && _text[_pos] == '#')
                {
                    SkipComment();
                }
                if (!AtEnd && _text[_pos] is not ('\r' or '\n'))
                {
                    throw Error("expected the end of the line after the '.' that ends a statement");
                }
            }
        }
    }

    private bool AtEnd => _pos >= _text.Length;

    private Quad ParseStatement()
    {
        var subject = Peek() switch
        {
            '<' => RdfTerm.Iri(ParseIri()),
            '_' => RdfTerm.Blank(ParseBlankNodeLabel()),
            _ => throw Error("expected an IRI or a blank node as the subject"),
        };
        SkipSpaces();
        var predicate = Peek() switch
        {
            '<' => RdfTerm.Iri(ParseIri()),
            '_' when _blankNodePredicates => RdfTerm.Blank(ParseBlankNodeLabel()),
            _ => throw Error("expected an IRI as the predicate"),
        };
        SkipSpaces();
        var @object = Peek() switch
        {
            '<' => RdfTerm.Iri(ParseIri()),
            '_' => RdfTerm.Blank(ParseBlankNodeLabel()),
            '"' => ParseLiteral(),
            _ => throw Error("expected an IRI, a blank node or a literal as the object"),
        };
        SkipSpaces();
        var graph = Peek() switch
        {
            '<' => RdfTerm.Iri(ParseIri()),
            '_' => RdfTerm.Blank(ParseBlankNodeLabel()),
            _ => RdfTerm.DefaultGraph,
        };
        SkipSpaces();
        if (Peek() != '.')
        {
            throw Error(graph.Kind == RdfTermKind.DefaultGraph
                ? "expected a graph label or the '.' that ends a statement"
                : "expected the '.' that ends a statement");
        }
        _pos++;
        return new Quad(subject, predicate, @object, graph);
    }

    private string ParseIri()
    {
        int open = _pos;
        _pos++;
        int start = _pos;
        StringBuilder? decoded = null;
        while (true)
        {
            if (AtEnd)
            {
                throw ErrorAt(open, "an IRI is not closed with '>'");
            }
            char c = _text[_pos];
            if (c == '>')
            {
                break;
            }
            if (c == '\\')
            {
                decoded ??= Scratch().Append(_text, start, _pos - start);
                _pos++;
                char kind = Peek();
                if (kind is not ('u' or 'U'))
                {
                    throw ErrorAt(_pos - 1, "an IRI may contain only \\u and \\U escapes");
                }
                AppendCodePoint(decoded, ReadUchar());
                continue;
            }
            if (c <= ' ' || c is '<' or '"' or '{' or '}' or '|' or '^' or '`')
            {
                throw Error(c <= ' '
                    ? $"an IRI may not contain the character U+{(int)c:X4}"
                    : $"an IRI may not contain the character '{c}'");
            }
            decoded?.Append(c);
            _pos++;
        }
        string iri = decoded?.ToString() ?? _text.Substring(start, _pos - start);
        _pos++;
        if (!NQuadsGrammar.HasScheme(iri))
        {
            throw ErrorAt(open, $"the IRI <{iri}> is relative; N-Quads allows only absolute IRIs");
        }
        return iri;
    }

    private string ParseBlankNodeLabel()
    {
        int open = _pos;
        if (_pos + 1 >= _text.Length || _text[_pos + 1] != ':')
        {
            throw Error("expected '_:' to start a blank node label");
        }
        _pos += 2;
        int start = _pos;
        int lastNonDot = -1;
        while (!AtEnd)
        {
            if (!Rune.TryGetRuneAt(_text, _pos, out var rune))
            {
                throw Error("a blank node label contains an unpaired surrogate");
            }
            int c = rune.Value;
            bool allowed = _pos == start
                ? NQuadsGrammar.IsPnCharsU(c) || (c >= '0' && c <= '9')
                : NQuadsGrammar.IsPnChars(c) || c == '.';
            if (!allowed)
            {
                break;
            }
            _pos += rune.Utf16SequenceLength;
            if (c != '.')
            {
                lastNonDot = _pos;
            }
        }
        if (lastNonDot < 0)
        {
            throw ErrorAt(open, "a blank node label is empty or starts with a character it may not start with");
        }
        // A label cannot end in '.', so trailing dots belong to what follows (the statement's end).
        _pos = lastNonDot;
        return _text.Substring(start, _pos - start);
    }

    private RdfTerm ParseLiteral()
    {
        int open = _pos;
        _pos++;
        int start = _pos;
        StringBuilder? decoded = null;
        while (true)
        {
            if (AtEnd)
            {
                throw ErrorAt(open, "a literal is not closed with '\"'");
            }
            char c = _text[_pos];
            if (c == '"')
            {
                break;
            }
            if (c is '\n' or '\r')
            {
                throw ErrorAt(open, "a literal is not closed with '\"' before the end of the line");
            }
            if (c == '\\')
            {
                decoded ??= Scratch().Append(_text, start, _pos - start);
                _pos++;
                char escape = Peek();
                switch (escape)
                {
                    case 'u' or 'U':
                        AppendCodePoint(decoded, ReadUchar());
                        continue;
                    case 't': decoded.Append('\t'); break;
                    case 'b': decoded.Append('\b'); break;
                    case 'n': decoded.Append('\n'); break;
                    case 'r': decoded.Append('\r'); break;
                    case 'f': decoded.Append('\f'); break;
                    case '"': decoded.Append('"'); break;
                    case '\'': decoded.Append('\''); break;
                    case '\\': decoded.Append('\\'); break;
                    default:
                        throw ErrorAt(_pos - 1, AtEnd
                            ? "a literal ends in the middle of an escape"
                            : $"'\\{escape}' is not an N-Quads escape");
                }
                _pos++;
                continue;
            }
            decoded?.Append(c);
            _pos++;
        }
        string lexical = decoded?.ToString() ?? _text.Substring(start, _pos - start);
        _pos++;
        SkipSpaces();
        if (Peek() == '@')
        {
            return RdfTerm.LangLiteral(lexical, ParseLanguageTag());
        }
        if (Peek() == '^')
        {
            if (_pos + 1 >= _text.Length || _text[_pos + 1] != '^')
            {
                throw Error("expected '^^' before a datatype IRI");
            }
            _pos += 2;
            SkipSpaces();
            if (Peek() != '<')
            {
                throw Error("expected a datatype IRI after '^^'");
            }
            int datatypeStart = _pos;
            string datatype = ParseIri();
            if (string.Equals(datatype, RdfTerm.RdfLangString, StringComparison.Ordinal))
            {
                throw ErrorAt(datatypeStart, "a literal with datatype rdf:langString needs a language tag (write \"...\"@tag)");
            }
            return RdfTerm.Literal(lexical, datatype);
        }
        return RdfTerm.Literal(lexical);
    }

    private string ParseLanguageTag()
    {
        int at = _pos;
        _pos++;
        int start = _pos;
        while (!AtEnd && NQuadsGrammar.IsAsciiLetter(_text[_pos]))
        {
            _pos++;
        }
        if (_pos == start)
        {
            throw ErrorAt(at, "a language tag must start with a letter");
        }
        while (!AtEnd && _text[_pos] == '-')
        {
            _pos++;
            int subtag = _pos;
            while (!AtEnd && NQuadsGrammar.IsAsciiLetterOrDigit(_text[_pos]))
            {
                _pos++;
            }
            if (_pos == subtag)
            {
                throw Error("a language subtag after '-' must not be empty");
            }
        }
        return _text.Substring(start, _pos - start);
    }

    /// <summary>Reads the <c>u</c>/<c>U</c> and hex digits of a UCHAR; the backslash is already consumed.</summary>
    private int ReadUchar()
    {
        int escapeStart = _pos - 1;
        int digits = _text[_pos] == 'u' ? 4 : 8;
        _pos++;
        if (_text.Length - _pos < digits)
        {
            throw ErrorAt(escapeStart, $"a \\{_text[escapeStart + 1]} escape needs {digits} hexadecimal digits");
        }
        var hex = _text.AsSpan(_pos, digits);
        foreach (char h in hex)
        {
            if (!char.IsAsciiHexDigit(h))
            {
                throw ErrorAt(escapeStart, $"a \\{_text[escapeStart + 1]} escape needs {digits} hexadecimal digits");
            }
        }
        long value = long.Parse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        if (value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF))
        {
            throw ErrorAt(escapeStart, $"the escape \\{_text[escapeStart + 1]}{hex} does not name a Unicode scalar value");
        }
        _pos += digits;
        return (int)value;
    }

    private static void AppendCodePoint(StringBuilder builder, int codePoint)
    {
        if (codePoint < 0x10000)
        {
            builder.Append((char)codePoint);
        }
        else
        {
            var rune = new Rune(codePoint);
            Span<char> pair = stackalloc char[2];
            rune.EncodeToUtf16(pair);
            builder.Append(pair);
        }
    }

    private StringBuilder Scratch()
    {
        _scratch ??= new StringBuilder();
        _scratch.Clear();
        return _scratch;
    }

    private char Peek() => AtEnd ? '\0' : _text[_pos];

    private void SkipSpaces()
    {
        while (!AtEnd && _text[_pos] is ' ' or '\t')
        {
            _pos++;
        }
    }

    private void SkipComment()
    {
        while (!AtEnd && _text[_pos] is not ('\r' or '\n'))
        {
            _pos++;
        }
    }

    private void ConsumeLineBreak()
    {
        if (_text[_pos] == '\r' && _pos + 1 < _text.Length && _text[_pos + 1] == '\n')
        {
            _pos++;
        }
        _pos++;
        _line++;
        _lineStart = _pos;
    }

    private NQuadsParseException Error(string reason) => ErrorAt(_pos, reason);

    private NQuadsParseException ErrorAt(int position, string reason) =>
        new(_line, position - _lineStart + 1, reason);
}
