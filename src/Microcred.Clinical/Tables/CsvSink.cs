using System.Text;
using Microcred.Clinical.Export;
using Microcred.Clinical.Population;

namespace Microcred.Clinical.Tables;

/// <summary>One RFC 4180 CSV file per table (UTF-8, CRLF line ends, header row, quoted only when needed).</summary>
internal sealed class CsvSink(string directory) : IPopulationSink
{
    private readonly StreamWriter[] _writers = new StreamWriter[PopulationTables.All.Count];
    private readonly long[] _counts = new long[PopulationTables.All.Count];

    public void Begin(ReferenceData reference, PopulationOptions options)
    {
        for (var t = 0; t < _writers.Length; t++)
        {
            var table = PopulationTables.All[t];
            _writers[t] = new StreamWriter(Path.Combine(directory, table.Name + ".csv"), append: false, new UTF8Encoding(false), 1 << 16) { NewLine = "\r\n" };
            _writers[t].Write(string.Join(',', table.Columns.Select(c => c.Name)) + "\r\n");
        }
        Commit(Prepare(TableRows.Of(reference)));
    }

    public object Prepare(PatientRecord record) => Prepare(TableRows.Of(record));

    public void Commit(object prepared)
    {
        var text = (StringBuilder?[])prepared;
        for (var t = 0; t < text.Length; t++)
        {
            if (text[t] is { } chunk)
            {
                _writers[t].Write(chunk);
            }
        }
    }

    public IReadOnlyDictionary<string, long> Complete()
    {
        foreach (var writer in _writers)
        {
            writer.Flush();
        }
        return PopulationTables.All.Select((table, i) => (table.Name, _counts[i])).ToDictionary(x => x.Name, x => x.Item2, StringComparer.Ordinal);
    }

    public void Dispose()
    {
        foreach (var writer in _writers)
        {
            writer?.Dispose();
        }
    }

    private StringBuilder?[] Prepare(TableRows rows)
    {
        var text = new StringBuilder?[rows.ByTable.Length];
        for (var t = 0; t < rows.ByTable.Length; t++)
        {
            var list = rows.ByTable[t];
            if (list.Count == 0)
            {
                continue;
            }
            var builder = new StringBuilder(list.Count * 96);
            foreach (var row in list)
            {
                for (var c = 0; c < row.Length; c++)
                {
                    if (c > 0)
                    {
                        builder.Append(',');
                    }
                    AppendField(builder, TableRows.Text(row[c]));
                }
                builder.Append("\r\n");
            }
            text[t] = builder;
            Interlocked.Add(ref _counts[t], list.Count);
        }
        return text;
    }

    private static void AppendField(StringBuilder builder, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            builder.Append(value);
            return;
        }
        builder.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }
}
