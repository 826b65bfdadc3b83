using System.Buffers;
using System.Text;

namespace Microcred.Credentials.Rdf;

/// <summary>
/// Reads RDF 1.1 N-Quads and writes quads in the canonical N-Quads form used by RDFC-1.0.
/// </summary>
public static class NQuads
{
    /// <summary>
    /// Parses an N-Quads document. Statements are returned in document order; duplicates are kept
    /// (canonicalization treats the list as a set).
    /// </summary>
    /// <param name="text">The document. Blank lines and <c>#</c> comments are allowed.</param>
    /// <returns>The quads of the document.</returns>
    /// <exception cref="NQuadsParseException">The text is not valid N-Quads; the exception carries the line and column.</exception>
    public static IReadOnlyList<Quad> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new NQuadsParser(text).ParseDocument();
    }

    /// <summary>
    /// Writes quads, in the order given and with their own blank node labels, as canonical N-Quads:
    /// one quad per line, each ending with <c> .\n</c>.
    /// </summary>
    /// <param name="quads">The quads to write.</param>
    /// <returns>The N-Quads text.</returns>
    /// <exception cref="ArgumentException">A quad has a term in a position RDF does not allow, or an invalid blank node label or language tag.</exception>
    public static string Serialize(IEnumerable<Quad> quads)
    {
        ArgumentNullException.ThrowIfNull(quads);
        using var buffer = new PooledByteBuffer();
        foreach (var quad in quads)
        {
            CanonicalNQuadsEncoder.WriteQuad(buffer, quad);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes one quad as a canonical N-Quads line (ending in <c> .\n</c>).</summary>
    /// <param name="quad">The quad to write.</param>
    /// <returns>The line.</returns>
    /// <exception cref="ArgumentException">The quad cannot be written as N-Quads.</exception>
    public static string Serialize(Quad quad)
    {
        using var buffer = new PooledByteBuffer(256);
        CanonicalNQuadsEncoder.WriteQuad(buffer, quad);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes one quad as a canonical N-Quads line, UTF-8 encoded, to <paramref name="destination"/>.</summary>
    /// <param name="quad">The quad to write.</param>
    /// <param name="destination">Receives the UTF-8 bytes of the line.</param>
    /// <exception cref="ArgumentException">The quad cannot be written as N-Quads.</exception>
    public static void WriteUtf8(Quad quad, IBufferWriter<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var buffer = new PooledByteBuffer(256);
        CanonicalNQuadsEncoder.WriteQuad(buffer, quad);
        destination.Write(buffer.WrittenSpan);
    }
}
