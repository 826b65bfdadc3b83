using System.Globalization;
using System.Text;

namespace Microcred.Credentials.Rdf;

/// <summary>The result of RDFC-1.0: the canonical N-Quads and the canonical blank node labels.</summary>
public sealed class CanonicalDataset
{
    private readonly byte[] _utf8;
    private readonly string[] _inputLabels;
    private readonly int[] _canonicalNumbers;
    private string? _nquads;
    private Dictionary<string, string>? _issued;

    internal CanonicalDataset(byte[] utf8, string[] inputLabels, int[] canonicalNumbers)
    {
        _utf8 = utf8;
        _inputLabels = inputLabels;
        _canonicalNumbers = canonicalNumbers;
    }

    /// <summary>
    /// The canonical N-Quads document as UTF-8: the bytes a Data Integrity proof hashes. Each quad
    /// is one line ending in <c> .\n</c>, sorted in code point order.
    /// </summary>
    public ReadOnlyMemory<byte> Utf8 => _utf8;

    /// <summary>The canonical N-Quads document as text.</summary>
    public string NQuads => _nquads ??= Encoding.UTF8.GetString(_utf8);

    /// <summary>
    /// The issued identifiers map: each blank node label of the input (without <c>_:</c>) to its
    /// canonical label (<c>c14n0</c>, <c>c14n1</c>, …, also without <c>_:</c>).
    /// </summary>
    public IReadOnlyDictionary<string, string> IssuedIdentifiers => _issued ??= BuildIssuedIdentifiers();

    private Dictionary<string, string> BuildIssuedIdentifiers()
    {
        var map = new Dictionary<string, string>(_inputLabels.Length, StringComparer.Ordinal);
        for (int i = 0; i < _inputLabels.Length; i++)
        {
            map[_inputLabels[i]] = string.Create(CultureInfo.InvariantCulture, $"c14n{_canonicalNumbers[i]}");
        }
        return map;
    }
}
