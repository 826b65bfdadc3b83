using System.Text;

namespace Microcred.Clinical.Labs;

/// <summary>A CSV file a scenario writes (RFC 4180, LF line ends). Fields are quoted only when they
/// must be. Scenario data never starts a cell with a formula character; a cell that would is a bug
/// in the scenario and is refused.</summary>
internal sealed class CsvDocument
{
    private readonly StringBuilder _text = new();
    private readonly int _columns;

    public CsvDocument(params string[] header)
    {
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

    public override string ToString() => _text.ToString();

    private void Append(string?[] cells)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0)
            {
                _text.Append(',');
            }

            var cell = cells[i] ?? string.Empty;
            if (Submissions.CsvSubmission.StartsLikeFormula(cell))
            {
                throw new InvalidOperationException($"Scenario cell starts like a spreadsheet formula: {Submissions.Excerpt.Quote(cell)}");
            }

            if (cell.AsSpan().IndexOfAny(",\"\r\n") >= 0 || (cell.Length > 0 && (cell[0] == ' ' || cell[^1] == ' ')))
            {
                _text.Append('"').Append(cell.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                _text.Append(cell);
            }
        }

        _text.Append('\n');
    }
}
