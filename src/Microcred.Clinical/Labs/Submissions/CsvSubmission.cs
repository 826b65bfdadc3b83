using System.Globalization;
using System.Text.RegularExpressions;

namespace Microcred.Clinical.Labs.Submissions;

/// <summary>The columns a CSV submission must (and may) have. Names match case-insensitively, ignoring
/// surrounding spaces.</summary>
internal sealed class CsvSchema
{
    public CsvSchema(IReadOnlyList<string> required, IReadOnlyList<string>? optional = null, bool allowOtherColumns = false)
    {
        Required = required;
        Optional = optional ?? [];
        AllowOtherColumns = allowOtherColumns;
    }

    public IReadOnlyList<string> Required { get; }

    public IReadOnlyList<string> Optional { get; }

    public bool AllowOtherColumns { get; }

    public string ExpectedHeader => string.Join(',', Required.Concat(Optional));
}

/// <summary>A CSV submission's readable rows. Rows that could not be read (wrong number of fields) are left
/// out; cells rejected for their content (formula prefix, length) read as <c>null</c>.</summary>
internal sealed class CsvTable
{
    private readonly Dictionary<string, int> _index;

    public CsvTable(IReadOnlyList<string> columns, IReadOnlyList<CsvRecord> records, int totalRecords)
    {
        Columns = columns;
        Records = records;
        TotalRecords = totalRecords;
        _index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < columns.Count; i++)
        {
            _index.TryAdd(columns[i], i);
        }
    }

    /// <summary>Header names as written (trimmed).</summary>
    public IReadOnlyList<string> Columns { get; }

    public IReadOnlyList<CsvRecord> Records { get; }

    /// <summary>Data records in the file, readable or not.</summary>
    public int TotalRecords { get; }

    public int ColumnIndex(string name) => _index.GetValueOrDefault(name.Trim(), -1);

    public bool HasColumn(string name) => _index.ContainsKey(name.Trim());
}

/// <summary>One data record. <see cref="Number"/> counts data rows from 1 (the header is not a row);
/// <see cref="Line"/> is the physical line it starts on.</summary>
internal sealed class CsvRecord
{
    private readonly string?[] _cells;

    public CsvRecord(int number, int line, string?[] cells)
    {
        Number = number;
        Line = line;
        _cells = cells;
    }

    public int Number { get; }

    public int Line { get; }

    public int Count => _cells.Length;

    public string? this[int column] => column >= 0 && column < _cells.Length ? _cells[column] : null;

    public bool IsRejected(int column) => column >= 0 && column < _cells.Length && _cells[column] is null;

    public string Where => string.Create(CultureInfo.InvariantCulture, $"row {Number} (line {Line})");
}

/// <summary>Strict RFC 4180 reading of a CSV submission: comma separated, fields optionally enclosed in
/// double quotes with embedded quotes doubled, CRLF or LF line ends, optional UTF-8 BOM. Cells that a
/// spreadsheet would run as a formula are rejected (OWASP CSV injection guidance).</summary>
internal static partial class CsvSubmission
{
    public static SubmissionRead<CsvTable> Read(LabSubmission submission, CsvSchema schema)
    {
        var decoded = SubmissionText.Decode(submission);
        if (decoded.Value is null)
        {
            return new SubmissionRead<CsvTable>(null, decoded.Issues);
        }

        if (decoded.Value.Shape != SubmissionShape.DelimitedText)
        {
            return SubmissionRead<CsvTable>.Failed(
                $"The submission is {SubmissionText.DescribeShape(decoded.Value.Shape)}, but this lab expects CSV " +
                $"whose first line is the header: {schema.ExpectedHeader}");
        }

        return Parse(decoded.Value.Text, schema);
    }

    public static SubmissionRead<CsvTable> Parse(string text, CsvSchema schema)
    {
        var issues = new List<SubmissionIssue>();
        var parser = new Parser(text);
        var headerLine = parser.Line;
        var header = parser.NextRecord(out var error);
        while (header is { Count: 1 } && header[0].Length == 0 && error is null && !parser.AtEnd)
        {
            headerLine = parser.Line;
            header = parser.NextRecord(out error);
        }

        if (error is not null)
        {
            return SubmissionRead<CsvTable>.Failed(error);
        }

        if (header is null || (header.Count == 1 && header[0].Trim().Length == 0))
        {
            return SubmissionRead<CsvTable>.Failed($"The CSV has no header line. The first line must be: {schema.ExpectedHeader}");
        }

        if (header.Count > SubmissionLimits.MaxCsvColumns)
        {
            return SubmissionRead<CsvTable>.Failed(
                $"The header has {header.Count} columns; the limit is {SubmissionLimits.MaxCsvColumns}.");
        }

        var headerIssue = CheckHeader(header, schema, headerLine);
        if (headerIssue is not null)
        {
            return SubmissionRead<CsvTable>.Failed(headerIssue);
        }

        var columns = header.Select(h => h.Trim()).ToArray();
        var records = new List<CsvRecord>();
        var total = 0;
        while (!parser.AtEnd)
        {
            var line = parser.Line;
            var fields = parser.NextRecord(out error);
            if (error is not null)
            {
                issues.Add(SubmissionIssue.Fatal(error));
                return new SubmissionRead<CsvTable>(null, issues);
            }

            if (fields is null || (fields.Count == 1 && fields[0].Length == 0))
            {
                continue;
            }

            total++;
            if (total > SubmissionLimits.MaxCsvRows)
            {
                issues.Add(SubmissionIssue.Fatal(
                    $"The CSV has more than {SubmissionLimits.MaxCsvRows:N0} data rows (the limit); nothing was graded."));
                return new SubmissionRead<CsvTable>(null, issues);
            }

            if (fields.Count > SubmissionLimits.MaxCsvColumns)
            {
                issues.Add(SubmissionIssue.Fatal(string.Create(CultureInfo.InvariantCulture,
                    $"Row {total} (line {line}) has {fields.Count} fields; the limit is {SubmissionLimits.MaxCsvColumns}.")));
                return new SubmissionRead<CsvTable>(null, issues);
            }

            if (fields.Count != columns.Length)
            {
                issues.Add(SubmissionIssue.Local(string.Create(CultureInfo.InvariantCulture,
                    $"Row {total} (line {line}) has {fields.Count} fields but the header has {columns.Length}; the row was skipped. Enclose values that contain commas in double quotes.")));
                continue;
            }

            var cells = new string?[fields.Count];
            for (var i = 0; i < fields.Count; i++)
            {
                var problem = CheckCell(fields[i]);
                if (problem is null)
                {
                    cells[i] = fields[i];
                }
                else
                {
                    issues.Add(SubmissionIssue.Local(string.Create(CultureInfo.InvariantCulture,
                        $"Row {total} (line {line}), column \"{columns[i]}\": {problem}")));
                }
            }

            records.Add(new CsvRecord(total, line, cells));
        }

        return new SubmissionRead<CsvTable>(new CsvTable(columns, records, total), issues);
    }

    /// <summary>Why a cell is rejected, or null when it is acceptable.</summary>
    public static string? CheckCell(string cell)
    {
        if (cell.Length > SubmissionLimits.MaxCellChars)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"the cell is {cell.Length:N0} characters long; the limit is {SubmissionLimits.MaxCellChars:N0}. The cell was rejected.");
        }

        if (StartsLikeFormula(cell))
        {
            var first = cell.TrimStart(' ')[0];
            var named = first switch
            {
                '\t' => "a tab character",
                '\r' => "a carriage return",
                _ => $"\"{first}\"",
            };
            return $"the cell {Excerpt.Quote(cell)} starts with {named}, which a spreadsheet would run as a formula " +
                "(CSV injection). The cell was rejected; remove the leading character.";
        }

        return null;
    }

    /// <summary>True for cells a spreadsheet would evaluate: a leading =, +, -, @, tab or carriage return
    /// (after any spaces). A plain signed number such as -3.5 is data, not a formula.</summary>
    public static bool StartsLikeFormula(string cell)
    {
        var trimmed = cell.AsSpan().TrimStart(' ');
        if (trimmed.IsEmpty)
        {
            return false;
        }

        return trimmed[0] switch
        {
            '=' or '@' or '\t' or '\r' or '\uFF1D' or '\uFF20' => true,
            '+' or '-' or '\uFF0B' or '\uFF0D' => !PlainNumber().IsMatch(trimmed.ToString()),
            _ => false,
        };
    }

    private static string? CheckHeader(List<string> header, CsvSchema schema, int line)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var known = new HashSet<string>(schema.Required.Concat(schema.Optional), StringComparer.OrdinalIgnoreCase);
        foreach (var raw in header)
        {
            var name = raw.Trim();
            var problem = CheckCell(raw);
            if (problem is not null)
            {
                return $"Header (line {line}): {problem}";
            }

            if (name.Length == 0)
            {
                return $"The header (line {line}) has an empty column name. The header must be: {schema.ExpectedHeader}";
            }

            if (!seen.Add(name))
            {
                return $"The header names the column {Excerpt.Quote(name)} twice. The header must be: {schema.ExpectedHeader}";
            }

            if (!schema.AllowOtherColumns && !known.Contains(name))
            {
                var hint = header.Count == 1 && (name.Contains(';', StringComparison.Ordinal) || name.Contains('\t', StringComparison.Ordinal))
                    ? " The file looks semicolon- or tab-separated; use commas."
                    : string.Empty;
                return $"Unexpected column {Excerpt.Quote(name)} in the header.{hint} The header must be: {schema.ExpectedHeader}";
            }
        }

        var missing = schema.Required.Where(r => !seen.Contains(r)).ToList();
        if (missing.Count > 0)
        {
            return $"The header is missing the column{(missing.Count == 1 ? string.Empty : "s")} " +
                $"{string.Join(", ", missing.Select(m => $"\"{m}\""))}. The header must be: {schema.ExpectedHeader}";
        }

        return null;
    }

    [GeneratedRegex(@"^[+\-]?(\d+(\.\d*)?|\.\d+)([eE][+\-]?\d+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainNumber();

    private sealed class Parser(string text)
    {
        // Reused across fields and records: a large submission would otherwise allocate a builder per quoted field
        // and regrow a list per record.
        private readonly System.Text.StringBuilder _quoted = new();
        private int _position;
        private int _fieldsLastRecord = 4;

        public int Line { get; private set; } = 1;

        public bool AtEnd => _position >= text.Length;

        /// <summary>Reads one record; null at end of input. Structural errors end the parse.</summary>
        public List<string>? NextRecord(out string? error)
        {
            error = null;
            if (AtEnd)
            {
                return null;
            }

            var fields = new List<string>(_fieldsLastRecord);
            var startLine = Line;
            while (true)
            {
                if (_position < text.Length && text[_position] == '"')
                {
                    var field = ReadQuoted(startLine, fields.Count + 1, out error);
                    if (error is not null)
                    {
                        return null;
                    }

                    fields.Add(field);
                }
                else
                {
                    var start = _position;
                    while (_position < text.Length && text[_position] is not (',' or '\r' or '\n'))
                    {
                        if (text[_position] == '"')
                        {
                            error = string.Create(CultureInfo.InvariantCulture,
                                $"Line {Line}, field {fields.Count + 1}: a double quote inside an unquoted field. Enclose the whole field in double quotes and double the quote inside it (\"\").");
                            return null;
                        }

                        _position++;
                    }

                    fields.Add(text[start.._position]);
                }

                if (fields.Count > SubmissionLimits.MaxCsvColumns)
                {
                    SkipToLineEnd();
                    return fields;
                }

                if (_position >= text.Length)
                {
                    _fieldsLastRecord = fields.Count;
                    return fields;
                }

                var c = text[_position];
                if (c == ',')
                {
                    _position++;
                    continue;
                }

                ConsumeLineEnd();
                _fieldsLastRecord = fields.Count;
                return fields;
            }
        }

        private string ReadQuoted(int startLine, int fieldNumber, out string? error)
        {
            error = null;
            _position++;
            var builder = _quoted.Clear();
            while (true)
            {
                if (_position >= text.Length)
                {
                    error = string.Create(CultureInfo.InvariantCulture,
                        $"Line {startLine}, field {fieldNumber}: a quoted field is never closed (missing closing double quote).");
                    return string.Empty;
                }

                var c = text[_position];
                if (c == '"')
                {
                    if (_position + 1 < text.Length && text[_position + 1] == '"')
                    {
                        builder.Append('"');
                        _position += 2;
                        continue;
                    }

                    _position++;
                    if (_position < text.Length && text[_position] is not (',' or '\r' or '\n'))
                    {
                        error = string.Create(CultureInfo.InvariantCulture,
                            $"Line {Line}, field {fieldNumber}: text after the closing double quote. Double any quote inside a quoted field (\"\").");
                        return string.Empty;
                    }

                    return builder.ToString();
                }

                if (c == '\n' || (c == '\r' && (_position + 1 >= text.Length || text[_position + 1] != '\n')))
                {
                    Line++;
                }

                builder.Append(c);
                _position++;
            }
        }

        private void SkipToLineEnd()
        {
            while (_position < text.Length && text[_position] is not ('\r' or '\n'))
            {
                _position++;
            }

            ConsumeLineEnd();
        }

        private void ConsumeLineEnd()
        {
            if (_position < text.Length && text[_position] == '\r')
            {
                _position++;
            }

            if (_position < text.Length && text[_position] == '\n')
            {
                _position++;
            }

            Line++;
        }
    }
}
