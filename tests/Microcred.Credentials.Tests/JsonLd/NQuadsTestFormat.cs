using System.Globalization;
using System.Text;
using Microcred.Credentials.Rdf;

namespace Microcred.Credentials.Tests.JsonLd;

/// <summary>A small N-Quads reader and writer, enough to compare results with the W3C suite's expected files.</summary>
internal static class NQuadsTestFormat
{
    public static List<Quad> Parse(string text)
    {
        var quads = new List<Quad>();
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var at = 0;
            var terms = new List<RdfTerm>(4);
            while (true)
            {
                SkipSpace(line, ref at);
                if (at >= line.Length)
                {
                    throw new FormatException($"Line {lineNumber}: missing final '.'.");
                }

                if (line[at] == '.')
                {
                    break;
                }

                terms.Add(ReadTerm(line, ref at, lineNumber));
            }

            if (terms.Count is < 3 or > 4)
            {
                throw new FormatException($"Line {lineNumber}: expected 3 or 4 terms, found {terms.Count}.");
            }

            quads.Add(new Quad(terms[0], terms[1], terms[2], terms.Count == 4 ? terms[3] : RdfTerm.DefaultGraph));
        }

        return quads;
    }

    private static void SkipSpace(string line, ref int at)
    {
        while (at < line.Length && line[at] is ' ' or '\t')
        {
            at++;
        }
    }

    private static RdfTerm ReadTerm(string line, ref int at, int lineNumber)
    {
        switch (line[at])
        {
            case '<':
                return RdfTerm.Iri(ReadIri(line, ref at));
            case '_':
                var start = at + 2;
                at = start;
                while (at < line.Length && line[at] is not (' ' or '\t'))
                {
                    at++;
                }

                if (line[at - 1] == '.' && (at == line.Length))
                {
                    at--;
                }

                return RdfTerm.Blank(line[start..at]);
            case '"':
                at++;
                var lexical = new StringBuilder();
                while (line[at] != '"')
                {
                    if (line[at] == '\\')
                    {
                        at++;
                        lexical.Append(Unescape(line, ref at));
                    }
                    else
                    {
                        lexical.Append(line[at++]);
                    }
                }

                at++;
                if (at < line.Length && line[at] == '@')
                {
                    var tagStart = ++at;
                    while (at < line.Length && (char.IsAsciiLetterOrDigit(line[at]) || line[at] == '-'))
                    {
                        at++;
                    }

                    return RdfTerm.LangLiteral(lexical.ToString(), line[tagStart..at]);
                }

                if (at + 1 < line.Length && line[at] == '^' && line[at + 1] == '^')
                {
                    at += 2;
                    return RdfTerm.Literal(lexical.ToString(), ReadIri(line, ref at));
                }

                return RdfTerm.Literal(lexical.ToString());
            default:
                throw new FormatException($"Line {lineNumber}: unexpected '{line[at]}' at column {at + 1}.");
        }
    }

    private static string ReadIri(string line, ref int at)
    {
        at++;
        var iri = new StringBuilder();
        while (line[at] != '>')
        {
            if (line[at] == '\\')
            {
                at++;
                iri.Append(Unescape(line, ref at));
            }
            else
            {
                iri.Append(line[at++]);
            }
        }

        at++;
        return iri.ToString();
    }

    private static string Unescape(string line, ref int at)
    {
        var c = line[at++];
        switch (c)
        {
            case 't': return "\t";
            case 'b': return "\b";
            case 'n': return "\n";
            case 'r': return "\r";
            case 'f': return "\f";
            case 'u':
                at += 4;
                return char.ConvertFromUtf32(int.Parse(line.AsSpan(at - 4, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            case 'U':
                at += 8;
                return char.ConvertFromUtf32(int.Parse(line.AsSpan(at - 8, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            default:
                return c.ToString();
        }
    }

    public static string Write(IEnumerable<Quad> quads)
    {
        var builder = new StringBuilder();
        foreach (var quad in quads)
        {
            builder.Append(Term(quad.Subject)).Append(' ').Append(Term(quad.Predicate)).Append(' ').Append(Term(quad.Object));
            if (quad.Graph.Kind != RdfTermKind.DefaultGraph)
            {
                builder.Append(' ').Append(Term(quad.Graph));
            }

            builder.Append(" .\n");
        }

        return builder.ToString();
    }

    private static string Term(RdfTerm term) => term.Kind switch
    {
        RdfTermKind.Iri => $"<{term.Value}>",
        RdfTermKind.BlankNode => $"_:{term.Value}",
        _ => Literal(term),
    };

    private static string Literal(RdfTerm term)
    {
        var escaped = term.Value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal);
        if (term.Language is not null)
        {
            return $"\"{escaped}\"@{term.Language}";
        }

        return term.Datatype == RdfTerm.XsdString ? $"\"{escaped}\"" : $"\"{escaped}\"^^<{term.Datatype}>";
    }
}
