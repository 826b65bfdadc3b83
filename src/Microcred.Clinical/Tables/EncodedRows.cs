using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Microcred.Clinical.Export;

namespace Microcred.Clinical.Tables;

/// <summary>
/// One patient's rows encoded for binding to SQLite, in one buffer: per value a <see cref="Kind"/> byte, then a
/// 64-bit integer, a double, or a 32-bit length and UTF-8 text. Values take the storage class they always had:
/// whole numbers and booleans as integers, decimals as reals, text, dates and times as text in the form
/// <see cref="TableRows.Text"/> gives them.
/// </summary>
internal sealed class EncodedRows(OutputBuffer buffer) : IRowTarget, IDisposable
{
    public enum Kind : byte
    {
        Null,
        Integer,
        Real,
        Text,
    }

    public OutputBuffer Buffer => buffer;

    /// <summary>Table and start offset of each row, in the order added.</summary>
    public List<(int Table, int Start)> Starts { get; } = new(128);

    public void Add(int table, object?[] values)
    {
        Starts.Add((table, buffer.WrittenCount));
        foreach (var value in values)
        {
            switch (value)
            {
                case null:
                    buffer.GetSpan(1)[0] = (byte)Kind.Null;
                    buffer.Advance(1);
                    break;
                case int i:
                    Integer(i);
                    break;
                case long l:
                    Integer(l);
                    break;
                case bool b:
                    Integer(b ? 1 : 0);
                    break;
                case decimal m:
                    var real = buffer.GetSpan(9);
                    real[0] = (byte)Kind.Real;
                    BinaryPrimitives.WriteDoubleLittleEndian(real[1..], (double)m);
                    buffer.Advance(9);
                    break;
                case string s:
                    var text = buffer.GetSpan(5 + Encoding.UTF8.GetMaxByteCount(s.Length));
                    text[0] = (byte)Kind.Text;
                    var length = Encoding.UTF8.GetBytes(s, text[5..]);
                    BinaryPrimitives.WriteInt32LittleEndian(text[1..], length);
                    buffer.Advance(5 + length);
                    break;
                case DateOnly d:
                    Formatted(d, "yyyy-MM-dd");
                    break;
                case DateTime t:
                    Formatted(t, "yyyy-MM-dd'T'HH:mm:ss");
                    break;
                default:
                    var other = Encoding.UTF8.GetBytes(TableRows.Text(value)!);
                    var span = buffer.GetSpan(5 + other.Length);
                    span[0] = (byte)Kind.Text;
                    BinaryPrimitives.WriteInt32LittleEndian(span[1..], other.Length);
                    other.CopyTo(span[5..]);
                    buffer.Advance(5 + other.Length);
                    break;
            }
        }
    }

    public void Dispose() => buffer.Dispose();

    private void Integer(long value)
    {
        var span = buffer.GetSpan(9);
        span[0] = (byte)Kind.Integer;
        BinaryPrimitives.WriteInt64LittleEndian(span[1..], value);
        buffer.Advance(9);
    }

    private void Formatted<T>(T value, string format)
        where T : IUtf8SpanFormattable
    {
        var span = buffer.GetSpan(5 + 32);
        span[0] = (byte)Kind.Text;
        if (!value.TryFormat(span[5..], out var length, format, CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException($"'{value}' does not fit the row buffer.");
        }
        BinaryPrimitives.WriteInt32LittleEndian(span[1..], length);
        buffer.Advance(5 + length);
    }
}
