using Microcred.Credentials.Rdf;

namespace Microcred.Credentials.Tests.JsonLd;

/// <summary>
/// Decides whether two RDF datasets are equal up to blank-node relabelling: blank nodes are first
/// coloured by the shape of their quads, refined a few rounds, then matched by backtracking within
/// colours. Exponential in the worst case, which the W3C suite's small graphs never approach.
/// </summary>
internal static class DatasetIsomorphism
{
    public static bool AreIsomorphic(IEnumerable<Quad> first, IEnumerable<Quad> second)
    {
        var a = first.ToHashSet();
        var b = second.ToHashSet();
        if (a.Count != b.Count)
        {
            return false;
        }

        var groundA = a.Where(q => !HasBlank(q)).ToHashSet();
        var groundB = b.Where(q => !HasBlank(q)).ToHashSet();
        if (!groundA.SetEquals(groundB))
        {
            return false;
        }

        var blankQuadsA = a.Where(HasBlank).ToList();
        var blankQuadsB = b.Where(HasBlank).ToHashSet();
        var nodesA = Blanks(blankQuadsA);
        var nodesB = Blanks(blankQuadsB);
        if (nodesA.Count != nodesB.Count)
        {
            return false;
        }

        var colourA = Colour(blankQuadsA, nodesA);
        var colourB = Colour(blankQuadsB, nodesB);
        var countsA = colourA.Values.GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count());
        var countsB = colourB.Values.GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count());
        if (countsA.Count != countsB.Count || countsA.Any(kv => !countsB.TryGetValue(kv.Key, out var n) || n != kv.Value))
        {
            return false;
        }

        var order = nodesA.OrderBy(n => countsA[colourA[n]]).ToList();
        var quadsByNode = nodesA.ToDictionary(n => n, n => blankQuadsA.Where(q => Mentions(q, n)).ToList());
        var mapping = new Dictionary<string, string>();
        var used = new HashSet<string>();
        return Assign(0);

        bool Assign(int position)
        {
            if (position == order.Count)
            {
                return true;
            }

            var node = order[position];
            foreach (var candidate in nodesB)
            {
                if (used.Contains(candidate) || colourB[candidate] != colourA[node])
                {
                    continue;
                }

                mapping[node] = candidate;
                used.Add(candidate);
                if (Consistent(node) && Assign(position + 1))
                {
                    return true;
                }

                mapping.Remove(node);
                used.Remove(candidate);
            }

            return false;
        }

        bool Consistent(string node)
        {
            foreach (var quad in quadsByNode[node])
            {
                if (TryMap(quad, out var mapped) && !blankQuadsB.Contains(mapped))
                {
                    return false;
                }
            }

            return true;
        }

        bool TryMap(Quad quad, out Quad mapped)
        {
            mapped = default;
            if (!MapTerm(quad.Subject, out var s) || !MapTerm(quad.Predicate, out var p)
                || !MapTerm(quad.Object, out var o) || !MapTerm(quad.Graph, out var g))
            {
                return false;
            }

            mapped = new Quad(s, p, o, g);
            return true;
        }

        bool MapTerm(RdfTerm term, out RdfTerm result)
        {
            result = term;
            if (!term.IsBlank)
            {
                return true;
            }

            if (mapping.TryGetValue(term.Value, out var target))
            {
                result = RdfTerm.Blank(target);
                return true;
            }

            return false;
        }
    }

    private static bool HasBlank(Quad q) => q.Subject.IsBlank || q.Predicate.IsBlank || q.Object.IsBlank || q.Graph.IsBlank;

    private static bool Mentions(Quad q, string label) =>
        (q.Subject.IsBlank && q.Subject.Value == label) || (q.Predicate.IsBlank && q.Predicate.Value == label)
        || (q.Object.IsBlank && q.Object.Value == label) || (q.Graph.IsBlank && q.Graph.Value == label);

    private static HashSet<string> Blanks(IEnumerable<Quad> quads)
    {
        var result = new HashSet<string>();
        foreach (var q in quads)
        {
            foreach (var t in new[] { q.Subject, q.Predicate, q.Object, q.Graph })
            {
                if (t.IsBlank)
                {
                    result.Add(t.Value);
                }
            }
        }

        return result;
    }

    private static Dictionary<string, string> Colour(IReadOnlyCollection<Quad> quads, HashSet<string> nodes)
    {
        var colour = nodes.ToDictionary(n => n, _ => "0");
        for (var round = 0; round < 4; round++)
        {
            var next = new Dictionary<string, string>();
            foreach (var node in nodes)
            {
                var signature = quads.Where(q => Mentions(q, node))
                    .Select(q => string.Join("|", Show(q.Subject, node, colour), Show(q.Predicate, node, colour), Show(q.Object, node, colour), Show(q.Graph, node, colour)))
                    .OrderBy(s => s, StringComparer.Ordinal);
                next[node] = string.Join("\n", signature).GetHashCode(StringComparison.Ordinal).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            colour = next;
        }

        return colour;
    }

    private static string Show(RdfTerm term, string self, Dictionary<string, string> colour) =>
        term.IsBlank ? (term.Value == self ? "SELF" : "B" + colour[term.Value]) : $"{term.Kind}:{term.Value}^{term.Datatype}@{term.Language}";
}
