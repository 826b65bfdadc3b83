using System.Runtime.CompilerServices;

namespace Microcred.Credentials.Rdf;

/// <summary>
/// One run of RDFC-1.0. Instances are reused per thread so that a steady stream of credential
/// verifications allocates little beyond each result.
/// </summary>
/// <remarks>
/// Each quad is encoded once as a UTF-8 template: its canonical N-Quads line with the blank node
/// labels left out and their positions recorded. First-degree hashing and the final output then
/// only copy template bytes and splice in <c>a</c>/<c>z</c> or <c>c14nN</c>.
/// </remarks>
internal sealed partial class Rdfc10Algorithm : IDisposable
{
    // "c14n" and up to ten digits.
    private const int MaxSplicedLabelLength = 14;
    private const int MaxCachedTextBytes = 1 << 20;
    private const int MaxCachedNodes = 1 << 14;

    [ThreadStatic]
    private static Rdfc10Algorithm? t_cached;

    private readonly Dictionary<string, int> _blankIndex = new(StringComparer.Ordinal);
    private readonly PooledByteBuffer _text = new(8192);
    private readonly PooledByteBuffer _hashInput = new(2048);
    private string[] _labels = new string[16];
    private int _nodeCount;
    private QuadShape[] _shapes = new QuadShape[64];
    private int[] _nodeQuadStart = new int[17];
    private int[] _nodeQuads = new int[64];
    private byte[] _hashes = new byte[16 * 64];
    private int[] _canonical = new int[16];
    private int _canonicalCount;
    private int[] _order = new int[16];
    private LineRef[] _lines = new LineRef[64];
    private IReadOnlyList<Quad> _dataset = [];
    private Rdfc10Hash _hash;
    private int _hashLength;

    public static Rdfc10Algorithm Rent()
    {
        var cached = t_cached;
        if (cached is null)
        {
            return new Rdfc10Algorithm();
        }
        t_cached = null;
        return cached;
    }

    public static void Return(Rdfc10Algorithm algorithm)
    {
        algorithm._dataset = [];
        algorithm._firstDegreeHex = [];
        Array.Clear(algorithm._labels, 0, algorithm._nodeCount);
        algorithm._blankIndex.Clear();
        if (algorithm._text.Capacity > MaxCachedTextBytes || algorithm._hashInput.Capacity > MaxCachedTextBytes || algorithm._labels.Length > MaxCachedNodes || algorithm._shapes.Length > MaxCachedNodes)
        {
            // Keep one huge dataset from pinning its buffers to the thread.
            algorithm.Dispose();
            return;
        }
        t_cached = algorithm;
    }

    public void Dispose()
    {
        _text.Dispose();
        _hashInput.Dispose();
    }

    public CanonicalDataset Run(IReadOnlyList<Quad> dataset, Rdfc10Hash hash, Rdfc10Options options, out bool hadDuplicates)
    {
        _dataset = dataset;
        _hash = hash;
        _hashLength = Rdfc10Hashing.SizeInBytes(hash);
        _blankIndex.Clear();
        _nodeCount = 0;
        _text.Clear();

        int quadCount = dataset.Count;
        EncodeTemplates(dataset);
        BuildBlankNodeToQuadsMap(quadCount);

        // Steps 3-5: hash first degree quads, and issue canonical labels for unique hashes in hash order.
        EnsureCapacity(ref _hashes, _nodeCount * _hashLength);
        for (int node = 0; node < _nodeCount; node++)
        {
            HashFirstDegreeQuads(node);
        }
        EnsureCapacity(ref _canonical, _nodeCount);
        EnsureCapacity(ref _order, _nodeCount);
        _canonicalCount = 0;
        for (int node = 0; node < _nodeCount; node++)
        {
            _canonical[node] = -1;
            _order[node] = node;
        }
        // Ties keep first-occurrence order, which is the order the spec's identifier lists have.
        SpanSorting.Sort(_order.AsSpan(0, _nodeCount), new FirstDegreeOrder(_hashes, _hashLength));

        int sharedCount = 0;
        int groupCount = 0;
        for (int start = 0; start < _nodeCount;)
        {
            int end = start + 1;
            while (end < _nodeCount && SameFirstDegreeHash(_order[start], _order[end]))
            {
                end++;
            }
            if (end - start == 1)
            {
                IssueCanonical(_order[start]);
            }
            else
            {
                sharedCount += end - start;
                groupCount++;
            }
            start = end;
        }

        // Step 6: blank nodes that share a first-degree hash.
        if (groupCount > 0)
        {
            ResolveSharedHashes(sharedCount, options);
        }

        return WriteCanonicalDataset(quadCount, out hadDuplicates);
    }

    private void EncodeTemplates(IReadOnlyList<Quad> dataset)
    {
        int quadCount = dataset.Count;
        EnsureCapacity(ref _shapes, quadCount);
        for (int i = 0; i < quadCount; i++)
        {
            var quad = dataset[i];
            CanonicalNQuadsEncoder.Validate(quad, checkBlankLabels: false);
            ref var shape = ref _shapes[i];
            shape.Start = _text.Length;
            shape.Subject = -1;
            shape.Object = -1;
            shape.Graph = -1;
            shape.SubjectAt = 0;
            shape.ObjectAt = 0;
            shape.GraphAt = 0;

            if (quad.Subject.Kind == RdfTermKind.BlankNode)
            {
                _text.Write("_:"u8);
                shape.SubjectAt = _text.Length - shape.Start;
                shape.Subject = NodeIndex(quad.Subject.Value);
            }
            else
            {
                CanonicalNQuadsEncoder.WriteIri(_text, quad.Subject.Value);
            }
            _text.Write((byte)' ');
            CanonicalNQuadsEncoder.WriteIri(_text, quad.Predicate.Value);
            _text.Write((byte)' ');
            if (quad.Object.Kind == RdfTermKind.BlankNode)
            {
                _text.Write("_:"u8);
                shape.ObjectAt = _text.Length - shape.Start;
                shape.Object = NodeIndex(quad.Object.Value);
            }
            else
            {
                CanonicalNQuadsEncoder.WriteGroundTerm(_text, quad.Object);
            }
            if (quad.Graph.Kind != RdfTermKind.DefaultGraph)
            {
                _text.Write((byte)' ');
                if (quad.Graph.Kind == RdfTermKind.BlankNode)
                {
                    _text.Write("_:"u8);
                    shape.GraphAt = _text.Length - shape.Start;
                    shape.Graph = NodeIndex(quad.Graph.Value);
                }
                else
                {
                    CanonicalNQuadsEncoder.WriteIri(_text, quad.Graph.Value);
                }
            }
            _text.Write(CanonicalNQuadsEncoder.QuadEnd);
            shape.Length = _text.Length - shape.Start;
        }
    }

    private int NodeIndex(string label)
    {
        if (_blankIndex.TryGetValue(label, out int index))
        {
            return index;
        }
        index = _nodeCount++;
        EnsureCapacity(ref _labels, _nodeCount);
        _labels[index] = label;
        _blankIndex.Add(label, index);
        return index;
    }

    /// <summary>Step 2: the quads each blank node occurs in, each quad once, in input order.</summary>
    private void BuildBlankNodeToQuadsMap(int quadCount)
    {
        EnsureCapacity(ref _nodeQuadStart, _nodeCount + 1);
        var starts = _nodeQuadStart.AsSpan(0, _nodeCount + 1);
        starts.Clear();
        int total = 0;
        for (int i = 0; i < quadCount; i++)
        {
            ref readonly var shape = ref _shapes[i];
            if (shape.Subject >= 0)
            {
                starts[shape.Subject + 1]++;
                total++;
            }
            if (shape.Object >= 0 && shape.Object != shape.Subject)
            {
                starts[shape.Object + 1]++;
                total++;
            }
            if (shape.Graph >= 0 && shape.Graph != shape.Subject && shape.Graph != shape.Object)
            {
                starts[shape.Graph + 1]++;
                total++;
            }
        }
        for (int node = 0; node < _nodeCount; node++)
        {
            starts[node + 1] += starts[node];
        }
        EnsureCapacity(ref _nodeQuads, total);
        // Fill with starts[n] as node n's cursor; afterwards starts[n] is where node n + 1 begins.
        for (int i = 0; i < quadCount; i++)
        {
            ref readonly var shape = ref _shapes[i];
            if (shape.Subject >= 0)
            {
                _nodeQuads[starts[shape.Subject]++] = i;
            }
            if (shape.Object >= 0 && shape.Object != shape.Subject)
            {
                _nodeQuads[starts[shape.Object]++] = i;
            }
            if (shape.Graph >= 0 && shape.Graph != shape.Subject && shape.Graph != shape.Object)
            {
                _nodeQuads[starts[shape.Graph]++] = i;
            }
        }
        for (int node = _nodeCount - 1; node > 0; node--)
        {
            starts[node] = starts[node - 1];
        }
        starts[0] = 0;
    }

    private ReadOnlySpan<int> QuadsOf(int node) =>
        _nodeQuads.AsSpan(_nodeQuadStart[node], _nodeQuadStart[node + 1] - _nodeQuadStart[node]);

    /// <summary>Hash First Degree Quads (section 4.6), stored in <see cref="_hashes"/>.</summary>
    private void HashFirstDegreeQuads(int node)
    {
        var quads = QuadsOf(node);
        int mark = _text.Length;
        EnsureCapacity(ref _lines, quads.Length);
        for (int i = 0; i < quads.Length; i++)
        {
            _lines[i] = WriteLine(quads[i], node, canonical: false);
        }
        var destination = _hashes.AsSpan(node * _hashLength, _hashLength);
        if (quads.Length == 1)
        {
            Rdfc10Hashing.Compute(_hash, _text.Slice(_lines[0].Start, _lines[0].Length), destination);
        }
        else
        {
            var lines = _lines.AsSpan(0, quads.Length);
            SpanSorting.Sort(lines, new LineOrder(_text.RawArray));
            _hashInput.Clear();
            foreach (var line in lines)
            {
                _hashInput.Write(_text.Slice(line.Start, line.Length));
            }
            Rdfc10Hashing.Compute(_hash, _hashInput.WrittenSpan, destination);
        }
        _text.Truncate(mark);
    }

    /// <summary>
    /// Writes quad <paramref name="quadIndex"/> as a line at the end of the text buffer, labelling
    /// its blank nodes either <c>a</c> (the reference node) / <c>z</c> (any other), or with their canonical labels.
    /// </summary>
    private LineRef WriteLine(int quadIndex, int reference, bool canonical)
    {
        ref readonly var shape = ref _shapes[quadIndex];
        if (shape.Subject < 0 && shape.Object < 0 && shape.Graph < 0)
        {
            return new LineRef(shape.Start, shape.Length);
        }
        var destination = _text.GetSpan(shape.Length + (3 * MaxSplicedLabelLength));
        var template = _text.RawArray.AsSpan(shape.Start, shape.Length);
        int written = 0;
        int copied = 0;
        Splice(template, destination, shape.Subject, shape.SubjectAt, reference, canonical, ref copied, ref written);
        Splice(template, destination, shape.Object, shape.ObjectAt, reference, canonical, ref copied, ref written);
        Splice(template, destination, shape.Graph, shape.GraphAt, reference, canonical, ref copied, ref written);
        template[copied..].CopyTo(destination[written..]);
        written += template.Length - copied;
        int start = _text.Length;
        _text.Advance(written);
        return new LineRef(start, written);
    }

    private void Splice(ReadOnlySpan<byte> template, Span<byte> destination, int node, int at, int reference, bool canonical, ref int copied, ref int written)
    {
        if (node < 0)
        {
            return;
        }
        template[copied..at].CopyTo(destination[written..]);
        written += at - copied;
        copied = at;
        if (canonical)
        {
            "c14n"u8.CopyTo(destination[written..]);
            written += 4;
            _canonical[node].TryFormat(destination[written..], out int digits, default, System.Globalization.CultureInfo.InvariantCulture);
            written += digits;
        }
        else
        {
            destination[written++] = node == reference ? (byte)'a' : (byte)'z';
        }
    }

    private bool SameFirstDegreeHash(int a, int b) =>
        _hashes.AsSpan(a * _hashLength, _hashLength).SequenceEqual(_hashes.AsSpan(b * _hashLength, _hashLength));

    private void IssueCanonical(int node)
    {
        if (_canonical[node] < 0)
        {
            _canonical[node] = _canonicalCount++;
        }
    }

    /// <summary>Step 7 and the output: every quad with canonical labels, sorted, as one UTF-8 document.</summary>
    private CanonicalDataset WriteCanonicalDataset(int quadCount, out bool hadDuplicates)
    {
        EnsureCapacity(ref _lines, quadCount);
        int total = 0;
        for (int i = 0; i < quadCount; i++)
        {
            var line = WriteLine(i, -1, canonical: true);
            _lines[i] = line;
            total += line.Length;
        }
        var lines = _lines.AsSpan(0, quadCount);
        var text = _text.RawArray;
        SpanSorting.Sort(lines, new LineOrder(text));

        var utf8 = GC.AllocateUninitializedArray<byte>(total);
        int offset = 0;
        hadDuplicates = false;
        for (int i = 0; i < lines.Length; i++)
        {
            var line = text.AsSpan(lines[i].Start, lines[i].Length);
            if (i > 0 && line.SequenceEqual(text.AsSpan(lines[i - 1].Start, lines[i - 1].Length)))
            {
                hadDuplicates = true;
            }
            line.CopyTo(utf8.AsSpan(offset));
            offset += line.Length;
        }

        var labels = _labels.AsSpan(0, _nodeCount).ToArray();
        var numbers = _canonical.AsSpan(0, _nodeCount).ToArray();
        return new CanonicalDataset(utf8, labels, numbers);
    }

    private static void EnsureCapacity<T>(ref T[] array, int needed)
    {
        if (array.Length < needed)
        {
            Array.Resize(ref array, Math.Max(needed, array.Length * 2));
        }
    }

    private struct QuadShape
    {
        public int Start;
        public int Length;
        public int Subject;
        public int Object;
        public int Graph;
        public int SubjectAt;
        public int ObjectAt;
        public int GraphAt;
    }

    private readonly record struct LineRef(int Start, int Length);

    private readonly struct LineOrder(byte[] text) : IComparer<LineRef>
    {
        public int Compare(LineRef x, LineRef y) =>
            text.AsSpan(x.Start, x.Length).SequenceCompareTo(text.AsSpan(y.Start, y.Length));
    }

    private readonly struct FirstDegreeOrder(byte[] hashes, int length) : IComparer<int>
    {
        public int Compare(int x, int y)
        {
            int order = hashes.AsSpan(x * length, length).SequenceCompareTo(hashes.AsSpan(y * length, length));
            return order != 0 ? order : x.CompareTo(y);
        }
    }

    private static void EnsureStack()
    {
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw new RdfCanonicalizationException(
                "The dataset needs too much work to canonicalize: its blank nodes are chained too deeply for the " +
                "recursion of Hash N-Degree Quads. Such datasets are typically poison graphs.");
        }
    }
}
