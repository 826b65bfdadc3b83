using System.Text;

namespace Microcred.Credentials.Rdf;

/// <summary>Character classes of the RDF 1.1 N-Quads grammar.</summary>
internal static class NQuadsGrammar
{
    public static bool IsPnCharsBase(int c) =>
        (c >= 'A' && c <= 'Z') ||
        (c >= 'a' && c <= 'z') ||
        (c >= 0x00C0 && c <= 0x00D6) ||
        (c >= 0x00D8 && c <= 0x00F6) ||
        (c >= 0x00F8 && c <= 0x02FF) ||
        (c >= 0x0370 && c <= 0x037D) ||
        (c >= 0x037F && c <= 0x1FFF) ||
        (c >= 0x200C && c <= 0x200D) ||
        (c >= 0x2070 && c <= 0x218F) ||
        (c >= 0x2C00 && c <= 0x2FEF) ||
        (c >= 0x3001 && c <= 0xD7FF) ||
        (c >= 0xF900 && c <= 0xFDCF) ||
        (c >= 0xFDF0 && c <= 0xFFFD) ||
        (c >= 0x10000 && c <= 0xEFFFF);

    // N-Quads (unlike Turtle) lets ':' appear anywhere in a blank node label.
    public static bool IsPnCharsU(int c) => IsPnCharsBase(c) || c == '_' || c == ':';

    public static bool IsPnChars(int c) =>
        IsPnCharsU(c) ||
        c == '-' ||
        (c >= '0' && c <= '9') ||
        c == 0x00B7 ||
        (c >= 0x0300 && c <= 0x036F) ||
        (c >= 0x203F && c <= 0x2040);

    public static bool IsAsciiLetter(char c) => (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');

    public static bool IsAsciiLetterOrDigit(char c) => IsAsciiLetter(c) || (c >= '0' && c <= '9');

    /// <summary>True when <paramref name="label"/> (without <c>_:</c>) matches BLANK_NODE_LABEL.</summary>
    public static bool IsBlankNodeLabel(string label)
    {
        if (label.Length == 0)
        {
            return false;
        }
        int i = 0;
        int last = 0;
        bool first = true;
        while (i < label.Length)
        {
            if (!Rune.TryGetRuneAt(label, i, out var rune))
            {
                return false;
            }
            int c = rune.Value;
            bool ok = first ? IsPnCharsU(c) || (c >= '0' && c <= '9') : IsPnChars(c) || c == '.';
            if (!ok)
            {
                return false;
            }
            last = c;
            first = false;
            i += rune.Utf16SequenceLength;
        }
        return last != '.';
    }

    /// <summary>True when <paramref name="tag"/> (without <c>@</c>) matches LANGTAG.</summary>
    public static bool IsLanguageTag(string tag)
    {
        int i = 0;
        while (i < tag.Length && IsAsciiLetter(tag[i]))
        {
            i++;
        }
        if (i == 0)
        {
            return false;
        }
        while (i < tag.Length)
        {
            if (tag[i] != '-')
            {
                return false;
            }
            int start = ++i;
            while (i < tag.Length && IsAsciiLetterOrDigit(tag[i]))
            {
                i++;
            }
            if (i == start)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// True when <paramref name="iri"/> starts with a URI scheme and a colon, which is what makes
    /// it absolute; N-Quads allows only absolute IRIs.
    /// </summary>
    public static bool HasScheme(string iri)
    {
        if (iri.Length < 2 || !IsAsciiLetter(iri[0]))
        {
            return false;
        }
        for (int i = 1; i < iri.Length; i++)
        {
            char c = iri[i];
            if (c == ':')
            {
                return true;
            }
            if (!(IsAsciiLetterOrDigit(c) || c == '+' || c == '-' || c == '.'))
            {
                return false;
            }
        }
        return false;
    }
}
