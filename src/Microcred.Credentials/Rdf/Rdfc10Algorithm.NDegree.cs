using System.Globalization;
using System.Text;

namespace Microcred.Credentials.Rdf;

/// <summary>
/// Step 6 of RDFC-1.0: telling apart blank nodes whose first-degree hashes are equal, with Hash
/// Related Blank Node (4.7) and Hash N-Degree Quads (4.8). Credentials rarely get here, so this
/// part favours clarity over allocation.
/// </summary>
internal sealed partial class Rdfc10Algorithm
{
    private string?[] _firstDegreeHex = [];
    private long _deepIterationLimit;
    private long _remainingDeepIterations;
    private int _sharedCount;
    private Rdfc10Options _options = Rdfc10Options.Default;

    private void ResolveSharedHashes(int sharedCount, Rdfc10Options options)
    {
        _options = options;
        _sharedCount = sharedCount;
        _deepIterationLimit = options.MaxDeepIterations ?? DeepIterationLimit(sharedCount, options.MaxWorkFactor);
        _remainingDeepIterations = _deepIterationLimit;
        _firstDegreeHex = new string?[_nodeCount];

        var results = new List<(NDegreeResult Result, int Position)>();
        for (int start = 0; start < _nodeCount;)
        {
            int end = start + 1;
            while (end < _nodeCount && SameFirstDegreeHash(_order[start], _order[end]))
            {
                end++;
            }
            if (end - start > 1)
            {
                results.Clear();
                for (int i = start; i < end; i++)
                {
                    int node = _order[i];
                    if (_canonical[node] >= 0)
                    {
                        continue;
                    }
                    var issuer = new TemporaryIssuer();
                    issuer.Issue(node);
                    results.Add((HashNDegreeQuads(node, issuer), i));
                }
                results.Sort(static (x, y) =>
                {
                    int order = string.CompareOrdinal(x.Result.Hash, y.Result.Hash);
                    return order != 0 ? order : x.Position.CompareTo(y.Position);
                });
                foreach (var (result, _) in results)
                {
                    foreach (int node in result.Issuer.IssuedInOrder)
                    {
                        IssueCanonical(node);
                    }
                }
            }
            start = end;
        }
    }

    private static long DeepIterationLimit(int sharedCount, int workFactor)
    {
        long limit = workFactor == 0 ? 0 : 1;
        for (int i = 0; i < workFactor; i++)
        {
            if (limit > long.MaxValue / sharedCount)
            {
                return long.MaxValue;
            }
            limit *= sharedCount;
        }
        return limit;
    }

    /// <summary>Hash N-Degree Quads (section 4.8).</summary>
    private NDegreeResult HashNDegreeQuads(int node, TemporaryIssuer issuer)
    {
        if (_remainingDeepIterations <= 0)
        {
            throw WorkLimitExceeded();
        }
        _remainingDeepIterations--;
        EnsureStack();

        // Steps 1-3: group the related blank nodes by the hash of how they relate to this one.
        var hashToRelated = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (int quadIndex in QuadsOf(node))
        {
            var shape = _shapes[quadIndex];
            AddRelated(hashToRelated, node, shape.Subject, quadIndex, issuer, 's');
            AddRelated(hashToRelated, node, shape.Object, quadIndex, issuer, 'o');
            AddRelated(hashToRelated, node, shape.Graph, quadIndex, issuer, 'g');
        }
        var relatedHashes = new string[hashToRelated.Count];
        hashToRelated.Keys.CopyTo(relatedHashes, 0);
        Array.Sort(relatedHashes, StringComparer.Ordinal);

        // Steps 4-5: for each group, the permutation that gives the smallest path.
        var dataToHash = new StringBuilder();
        var path = new PathText();
        var recursionList = new List<int>();
        foreach (string relatedHash in relatedHashes)
        {
            dataToHash.Append(relatedHash);
            string? chosenPath = null;
            TemporaryIssuer? chosenIssuer = null;
            var permuter = new Permuter(hashToRelated[relatedHash], _labels);
            var permutation = new int[permuter.Count];
            while (permuter.TryNext(permutation))
            {
                var issuerCopy = issuer.Clone();
                path.Clear();
                recursionList.Clear();
                bool skip = false;
                foreach (int related in permutation)
                {
                    if (_canonical[related] >= 0)
                    {
                        path.Append("_:c14n").Append(_canonical[related]);
                    }
                    else
                    {
                        if (!issuerCopy.Has(related))
                        {
                            recursionList.Add(related);
                        }
                        path.Append("_:b").Append(issuerCopy.Issue(related));
                    }
                    // A path already greater than the chosen one can only stay greater.
                    if (chosenPath is not null && path.CompareTo(chosenPath) > 0)
                    {
                        skip = true;
                        break;
                    }
                }
                if (skip)
                {
                    continue;
                }
                foreach (int related in recursionList)
                {
                    var result = HashNDegreeQuads(related, issuerCopy);
                    path.Append("_:b").Append(issuerCopy.Issue(related));
                    path.Append('<').Append(result.Hash).Append('>');
                    issuerCopy = result.Issuer;
                    if (chosenPath is not null && path.CompareTo(chosenPath) > 0)
                    {
                        skip = true;
                        break;
                    }
                }
                if (skip)
                {
                    continue;
                }
                if (chosenPath is null || path.CompareTo(chosenPath) < 0)
                {
                    chosenPath = path.ToString();
                    chosenIssuer = issuerCopy;
                }
            }
            dataToHash.Append(chosenPath);
            issuer = chosenIssuer!;
        }
        return new NDegreeResult(HashToHex(dataToHash.ToString()), issuer);
    }

    private void AddRelated(Dictionary<string, List<int>> hashToRelated, int node, int related, int quadIndex, TemporaryIssuer issuer, char position)
    {
        if (related < 0 || related == node)
        {
            return;
        }
        string hash = HashRelatedBlankNode(related, quadIndex, issuer, position);
        if (!hashToRelated.TryGetValue(hash, out var list))
        {
            list = [];
            hashToRelated.Add(hash, list);
        }
        list.Add(related);
    }

    /// <summary>Hash Related Blank Node (section 4.7).</summary>
    private string HashRelatedBlankNode(int related, int quadIndex, TemporaryIssuer issuer, char position)
    {
        var input = new StringBuilder();
        input.Append(position);
        if (position != 'g')
        {
            // The predicate goes in as its plain IRI, not in its escaped N-Quads form.
            input.Append('<').Append(_dataset[quadIndex].Predicate.Value).Append('>');
        }
        if (_canonical[related] >= 0)
        {
            input.Append("_:c14n").Append(_canonical[related].ToString(CultureInfo.InvariantCulture));
        }
        else if (issuer.TryGet(related, out int temporary))
        {
            input.Append("_:b").Append(temporary.ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            input.Append(FirstDegreeHex(related));
        }
        return HashToHex(input.ToString());
    }

    private string FirstDegreeHex(int node) =>
        _firstDegreeHex[node] ??= Convert.ToHexStringLower(_hashes.AsSpan(node * _hashLength, _hashLength));

    private string HashToHex(string data)
    {
        _hashInput.Clear();
        var span = _hashInput.GetSpan(Encoding.UTF8.GetMaxByteCount(data.Length));
        _hashInput.Advance(Encoding.UTF8.GetBytes(data, span));
        Span<byte> digest = stackalloc byte[64];
        digest = digest[.._hashLength];
        Rdfc10Hashing.Compute(_hash, _hashInput.WrittenSpan, digest);
        return Convert.ToHexStringLower(digest);
    }

    private RdfCanonicalizationException WorkLimitExceeded()
    {
        string limit = _options.MaxDeepIterations is null
            ? $"{_deepIterationLimit} runs = {_sharedCount} blank nodes that share first-degree hashes, to the power MaxWorkFactor {_options.MaxWorkFactor}"
            : $"{_deepIterationLimit} runs, set by MaxDeepIterations";
        return new RdfCanonicalizationException(
            "The dataset needs too much work to canonicalize: telling its blank nodes apart takes more runs of the " +
            $"RDFC-1.0 Hash N-Degree Quads algorithm than allowed ({limit}). Datasets shaped like this are " +
            "typically poison graphs made to exhaust a verifier. If the dataset is trusted, raise " +
            "Rdfc10Options.MaxWorkFactor (2 or 3 covers hard but legitimate graphs) or set Rdfc10Options.MaxDeepIterations.");
    }

    private readonly record struct NDegreeResult(string Hash, TemporaryIssuer Issuer);

    /// <summary>An identifier issuer with prefix <c>b</c> (section 4.5), cheap to copy.</summary>
    private sealed class TemporaryIssuer
    {
        private readonly List<int> _issued;
        private readonly Dictionary<int, int> _ids;

        public TemporaryIssuer()
        {
            _issued = [];
            _ids = [];
        }

        private TemporaryIssuer(TemporaryIssuer other)
        {
            _issued = new List<int>(other._issued);
            _ids = new Dictionary<int, int>(other._ids);
        }

        public List<int> IssuedInOrder => _issued;

        public bool Has(int node) => _ids.ContainsKey(node);

        public bool TryGet(int node, out int id) => _ids.TryGetValue(node, out id);

        public int Issue(int node)
        {
            if (_ids.TryGetValue(node, out int id))
            {
                return id;
            }
            id = _issued.Count;
            _issued.Add(node);
            _ids.Add(node, id);
            return id;
        }

        public TemporaryIssuer Clone() => new(this);
    }

    /// <summary>
    /// Every ordering of a related-node list, produced one at a time by the Steinhaus-Johnson-Trotter
    /// algorithm from the list sorted by label. This is the order rdf-canonize (the JavaScript
    /// implementation behind the ecosystem's verifiers) uses, so ties resolve the same way.
    /// </summary>
    private sealed class Permuter
    {
        private readonly int[] _current;
        private readonly Dictionary<int, bool> _left;
        private readonly string[] _labels;
        private bool _done;

        public Permuter(List<int> nodes, string[] labels)
        {
            _labels = labels;
            _current = [.. nodes];
            Array.Sort(_current, (x, y) => string.CompareOrdinal(labels[x], labels[y]));
            _left = [];
            foreach (int node in _current)
            {
                _left[node] = true;
            }
        }

        public int Count => _current.Length;

        public bool TryNext(int[] permutation)
        {
            if (_done)
            {
                return false;
            }
            _current.CopyTo(permutation, 0);

            // The largest mobile element: one greater than the neighbour it faces.
            int k = -1;
            int position = 0;
            for (int i = 0; i < _current.Length; i++)
            {
                int element = _current[i];
                bool left = _left[element];
                if ((k < 0 || Greater(element, k)) &&
                    ((left && i > 0 && Greater(element, _current[i - 1])) ||
                     (!left && i < _current.Length - 1 && Greater(element, _current[i + 1]))))
                {
                    k = element;
                    position = i;
                }
            }
            if (k < 0)
            {
                _done = true;
                return true;
            }
            int swap = _left[k] ? position - 1 : position + 1;
            _current[position] = _current[swap];
            _current[swap] = k;
            foreach (int element in _current)
            {
                if (Greater(element, k))
                {
                    _left[element] = !_left[element];
                }
            }
            return true;
        }

        private bool Greater(int x, int y) => string.CompareOrdinal(_labels[x], _labels[y]) > 0;
    }

    /// <summary>A growable ASCII path that compares with strings without being turned into one.</summary>
    private sealed class PathText
    {
        private char[] _chars = new char[64];
        private int _length;

        public void Clear() => _length = 0;

        public PathText Append(char c)
        {
            Reserve(1);
            _chars[_length++] = c;
            return this;
        }

        public PathText Append(string text)
        {
            Reserve(text.Length);
            text.CopyTo(0, _chars, _length, text.Length);
            _length += text.Length;
            return this;
        }

        public PathText Append(int number)
        {
            Reserve(11);
            number.TryFormat(_chars.AsSpan(_length), out int written, default, CultureInfo.InvariantCulture);
            _length += written;
            return this;
        }

        public int CompareTo(string other) => _chars.AsSpan(0, _length).SequenceCompareTo(other.AsSpan());

        public override string ToString() => new(_chars, 0, _length);

        private void Reserve(int extra)
        {
            if (_chars.Length - _length < extra)
            {
                Array.Resize(ref _chars, Math.Max(_chars.Length * 2, _length + extra));
            }
        }
    }
}
