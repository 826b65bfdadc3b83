using System.Buffers;

namespace Microcred.Clinical.Labs.Deidentification;

/// <summary>A fixed list of identifiers to find in text, ignoring case (and as whole words where the identifier asks),
/// every occurrence of every one found in one vectorized pass. A row's notes are searched for its twenty-odd known
/// identifiers and for the region's places; one search per identifier made that the grader's slowest step.</summary>
internal sealed class IdentifierSearch
{
    private readonly KnownIdentifier[] _identifiers;
    private readonly SearchValues<string>? _any;

    public IdentifierSearch(IEnumerable<KnownIdentifier> identifiers)
    {
        _identifiers = identifiers.Where(i => i.Text.Length > 0).ToArray();
        _any = _identifiers.Length == 0
            ? null
            : SearchValues.Create([.. _identifiers.Select(i => i.Text).Distinct(StringComparer.OrdinalIgnoreCase)], StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Place names, found as whole words.</summary>
    public static IdentifierSearch Places(IEnumerable<string> places) =>
        new(places.Select(place => new KnownIdentifier(SafeHarborCategory.Geography, place, WholeWord: true)));

    /// <summary>Every occurrence of every identifier, ordered by the identifier's place in the list and then by
    /// position: the order one search per identifier, in list order, would find them in.</summary>
    public List<(KnownIdentifier Identifier, int At)> Occurrences(string text)
    {
        var found = new List<(int Index, int At)>();
        if (_any is not null)
        {
            var span = text.AsSpan();
            for (var from = 0; from < span.Length;)
            {
                var next = span[from..].IndexOfAny(_any);
                if (next < 0)
                {
                    break;
                }

                var at = from + next;
                for (var i = 0; i < _identifiers.Length; i++)
                {
                    var identifier = _identifiers[i];
                    if (span[at..].StartsWith(identifier.Text, StringComparison.OrdinalIgnoreCase)
                        && (!identifier.WholeWord || (IdentifierScanner.IsBoundary(text, at - 1) && IdentifierScanner.IsBoundary(text, at + identifier.Text.Length))))
                    {
                        found.Add((i, at));
                    }
                }

                from = at + 1;
            }
        }

        found.Sort();
        return found.ConvertAll(f => (_identifiers[f.Index], f.At));
    }
}
