using System.Globalization;

namespace Microcred.Clinical.Labs;

/// <summary>A CSV file a scenario writes (RFC 4180, LF line ends), in memory or straight to a writer. Fields
/// are quoted only when they must be. Scenario data never starts a cell with a formula character; a cell that
/// would is a bug in the scenario and is refused.</summary>
internal sealed class CsvDocument
{
    private readonly TextWriter _text;
    private readonly int _columns;

    /// <summary>A document kept in memory; <see cref="ToString"/> gives its text.</summary>
    public CsvDocument(params string[] header)
        : this(new StringWriter(CultureInfo.InvariantCulture), header)
    {
    }

    /// <summary>A document written row by row to <paramref name="output"/>.</summary>
    public CsvDocument(TextWriter output, string[] header)
    {
        _text = output;
        _columns = header.Length;
        Append(header);
    }

    public int Rows { get; private set; }

    public void Add(params string?[] cells)
    {
        if (cells.Length != _columns)
        {
            throw new ArgumentException($"Expected {_columns} cells, got {cells.Length}.", nameof(cells));
        }

        Append(cells);
        Rows++;
    }

    /// <summary>The text of a document kept in memory.</summary>
    public override string ToString() => _text.ToString()!;

    private void Append(string?[] cells)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0)
            {
                _text.Write(',');
            }

            var cell = cells[i] ?? string.Empty;
            if (Submissions.CsvSubmission.StartsLikeFormula(cell))
            {
                throw new InvalidOperationException($"Scenario cell starts like a spreadsheet formula: {Submissions.Excerpt.Quote(cell)}");
            }

            if (cell.AsSpan().IndexOfAny(",\"\r\n") >= 0 || (cell.Length > 0 && (cell[0] == ' ' || cell[^1] == ' ')))
            {
                _text.Write('"');
                _text.Write(cell.Replace("\"", "\"\"", StringComparison.Ordinal));
                _text.Write('"');
            }
            else
            {
                _text.Write(cell);
            }
        }

        _text.Write('\n');
    }
}
