using Microcred.Credentials.Rdf;

namespace Microcred.Credentials.JsonLd;

/// <summary>IRI tests and RFC 3986 §5.2 reference resolution (no normalization, as JSON-LD requires).</summary>
internal static class Iri
{
    /// <summary>True when the value starts with a URI scheme followed by a colon.</summary>
    public static bool HasScheme(string value) => SchemeLength(value) > 0;

    /// <summary>True for an absolute IRI: a scheme and a colon, and no whitespace.</summary>
    public static bool IsAbsolute(string value)
    {
        if (!HasScheme(value))
        {
            return false;
        }

        // Every white-space character is either at most a space or outside ASCII, so printable
        // ASCII (the usual IRI) is cleared by one vectorized scan.
        var span = value.AsSpan();
        var other = span.IndexOfAnyExceptInRange('!', '~');
        if (other < 0)
        {
            return true;
        }

        foreach (var c in span[other..])
        {
            if (char.IsWhiteSpace(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// True for an absolute IRI that can be written in N-Quads: no space, control character, or any of
    /// <c>&lt;&gt;"{}|\^`</c>, and at most one <c>#</c>.
    /// </summary>
    public static bool IsWellFormed(string value)
    {
        if (!HasScheme(value))
        {
            return false;
        }

        // Checked on every IRI of every quad, so the scans are the vectorized span searches. The
        // refused ASCII characters are exactly those an N-Quads IRIREF would have to escape.
        var span = value.AsSpan();
        return span.Count('#') <= 1 && !span.ContainsAny(CanonicalNQuadsEncoder.IriEscapes)
            && !span.ContainsAnyInRange('\u007F', '\u009F');
    }

    public static bool IsBlankNode(string value) => value.Length >= 2 && value[0] == '_' && value[1] == ':';

    /// <summary>The length of the scheme (not counting the colon), or 0 when there is none.</summary>
    private static int SchemeLength(string value)
    {
        if (value.Length == 0 || !char.IsAsciiLetter(value[0]))
        {
            return 0;
        }

        for (var i = 1; i < value.Length; i++)
        {
            var c = value[i];
            if (c == ':')
            {
                return i;
            }

            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.'))
            {
                return 0;
            }
        }

        return 0;
    }

    /// <summary>
    /// Resolves <paramref name="reference"/> against <paramref name="baseIri"/> with the RFC 3986
    /// §5.2.2 algorithm. A null or empty base leaves the reference as it is.
    /// </summary>
    public static string Resolve(string? baseIri, string reference)
    {
        if (string.IsNullOrEmpty(baseIri))
        {
            return reference;
        }

        var r = Parse(reference);
        if (r.Scheme is not null)
        {
            return Compose(r.Scheme, r.Authority, RemoveDotSegments(r.Path), r.Query, r.Fragment);
        }

        var b = Parse(baseIri);
        string path;
        string? query;
        string? authority;
        if (r.Authority is not null)
        {
            authority = r.Authority;
            path = RemoveDotSegments(r.Path);
            query = r.Query;
        }
        else
        {
            authority = b.Authority;
            if (r.Path.Length == 0)
            {
                path = b.Path;
                query = r.Query ?? b.Query;
            }
            else
            {
                path = r.Path[0] == '/' ? RemoveDotSegments(r.Path) : RemoveDotSegments(Merge(b, r.Path));
                query = r.Query;
            }
        }

        return Compose(b.Scheme, authority, path, query, r.Fragment);
    }

    private static string Merge(in Parts b, string referencePath)
    {
        if (b.Authority is not null && b.Path.Length == 0)
        {
            return "/" + referencePath;
        }

        var slash = b.Path.LastIndexOf('/');
        return slash < 0 ? referencePath : string.Concat(b.Path.AsSpan(0, slash + 1), referencePath);
    }

    /// <summary>RFC 3986 §5.2.4.</summary>
    internal static string RemoveDotSegments(string path)
    {
        if (path.IndexOf('.', StringComparison.Ordinal) < 0)
        {
            return path;
        }

        var input = path;
        var output = new List<string>();
        var i = 0;
        while (i < input.Length)
        {
            var rest = input.AsSpan(i);
            if (rest.StartsWith("../"))
            {
                i += 3;
            }
            else if (rest.StartsWith("./"))
            {
                i += 2;
            }
            else if (rest.StartsWith("/./"))
            {
                i += 2;
            }
            else if (rest.SequenceEqual("/."))
            {
                input = string.Concat(input.AsSpan(0, i), "/");
            }
            else if (rest.StartsWith("/../"))
            {
                i += 3;
                if (output.Count > 0)
                {
                    output.RemoveAt(output.Count - 1);
                }
            }
            else if (rest.SequenceEqual("/.."))
            {
                input = string.Concat(input.AsSpan(0, i), "/");
                if (output.Count > 0)
                {
                    output.RemoveAt(output.Count - 1);
                }
            }
            else if (rest.SequenceEqual(".") || rest.SequenceEqual(".."))
            {
                i = input.Length;
            }
            else
            {
                var start = i;
                var next = input.IndexOf('/', rest[0] == '/' ? i + 1 : i);
                i = next < 0 ? input.Length : next;
                output.Add(input[start..i]);
            }
        }

        return string.Concat(output);
    }

    private static string Compose(string? scheme, string? authority, string path, string? query, string? fragment)
    {
        var length = (scheme?.Length + 1 ?? 0) + (authority?.Length + 2 ?? 0) + path.Length
            + (query?.Length + 1 ?? 0) + (fragment?.Length + 1 ?? 0);
        return string.Create(length, (scheme, authority, path, query, fragment), static (span, p) =>
        {
            var at = 0;
            if (p.scheme is not null)
            {
                p.scheme.AsSpan().CopyTo(span);
                at += p.scheme.Length;
                span[at++] = ':';
            }

            if (p.authority is not null)
            {
                span[at++] = '/';
                span[at++] = '/';
                p.authority.AsSpan().CopyTo(span[at..]);
                at += p.authority.Length;
            }

            p.path.AsSpan().CopyTo(span[at..]);
            at += p.path.Length;
            if (p.query is not null)
            {
                span[at++] = '?';
                p.query.AsSpan().CopyTo(span[at..]);
                at += p.query.Length;
            }

            if (p.fragment is not null)
            {
                span[at++] = '#';
                p.fragment.AsSpan().CopyTo(span[at..]);
            }
        });
    }

    private readonly record struct Parts(string? Scheme, string? Authority, string Path, string? Query, string? Fragment);

    private static Parts Parse(string value)
    {
        string? scheme = null;
        var at = 0;
        var schemeLength = SchemeLength(value);
        if (schemeLength > 0)
        {
            scheme = value[..schemeLength];
            at = schemeLength + 1;
        }

        string? fragment = null;
        var hash = value.IndexOf('#', at);
        var end = value.Length;
        if (hash >= 0)
        {
            fragment = value[(hash + 1)..];
            end = hash;
        }

        string? query = null;
        var question = value.IndexOf('?', at, end - at);
        if (question >= 0)
        {
            query = value[(question + 1)..end];
            end = question;
        }

        string? authority = null;
        if (end - at >= 2 && value[at] == '/' && value[at + 1] == '/')
        {
            var authorityEnd = value.IndexOf('/', at + 2, end - at - 2);
            if (authorityEnd < 0)
            {
                authorityEnd = end;
            }

            authority = value[(at + 2)..authorityEnd];
            at = authorityEnd;
        }

        return new Parts(scheme, authority, value[at..end], query, fragment);
    }
}
