using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Microcred.Clinical.Labs.Benchmark;

/// <summary>Loads a scenario's CSV files into an SQLite database file, one table per file, with an index on
/// every <c>*_id</c> column, and runs reference queries on it.</summary>
internal static class ScenarioDatabase
{
    public static void Create(LabScenario scenario, IReadOnlyList<SqlTable> tables, string path)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        if (File.Exists(path))
        {
            File.Delete(path);
        }

        using var connection = Open(path);
        Execute(connection, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;");
        foreach (var table in tables)
        {
            var file = scenario.Files.FirstOrDefault(f => f.Path == table.File)
                ?? throw new InvalidOperationException($"The scenario has no file {table.File}.");
            Load(connection, table, file.Content);
        }

        Execute(connection, "ANALYZE;");
    }

    public static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    /// <summary>Runs a query that returns one row and gives its columns by name.</summary>
    public static IReadOnlyDictionary<string, double> QueryRow(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var row = new Dictionary<string, double>(StringComparer.Ordinal);
        if (!reader.Read())
        {
            return row;
        }

        for (var i = 0; i < reader.FieldCount; i++)
        {
            row[reader.GetName(i)] = reader.IsDBNull(i) ? double.NaN : Convert.ToDouble(reader.GetValue(i), CultureInfo.InvariantCulture);
        }

        return row;
    }

    private static void Load(SqliteConnection connection, SqlTable table, string content)
    {
        using var rows = ReadRows(content).GetEnumerator();
        if (!rows.MoveNext())
        {
            throw new InvalidOperationException($"{table.File} is empty.");
        }

        var header = rows.Current;
        var columns = header.Select(h => $"\"{h}\" {table.ColumnTypes.GetValueOrDefault(h, "TEXT")}");
        Execute(connection, $"CREATE TABLE \"{table.Table}\" ({string.Join(", ", columns)});");
        using (var transaction = connection.BeginTransaction())
        {
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = $"INSERT INTO \"{table.Table}\" VALUES ({string.Join(", ", header.Select((_, i) => "$c" + i.ToString(CultureInfo.InvariantCulture)))});";
            var parameters = header.Select((_, i) => insert.Parameters.Add("$c" + i.ToString(CultureInfo.InvariantCulture), SqliteType.Text)).ToArray();
            var types = header.Select(h => table.ColumnTypes.GetValueOrDefault(h, "TEXT")).ToArray();
            insert.Prepare();
            while (rows.MoveNext())
            {
                var row = rows.Current;
                for (var i = 0; i < parameters.Length; i++)
                {
                    var cell = i < row.Count ? row[i] : string.Empty;
                    parameters[i].Value = cell.Length == 0 ? DBNull.Value : types[i] switch
                    {
                        "INTEGER" => long.Parse(cell, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
                        "REAL" => double.Parse(cell, NumberStyles.Float, CultureInfo.InvariantCulture),
                        _ => cell,
                    };
                }

                insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }

        foreach (var column in header.Where(h => h.EndsWith("_id", StringComparison.Ordinal)))
        {
            Execute(connection, $"CREATE INDEX \"ix_{table.Table}_{column}\" ON \"{table.Table}\" (\"{column}\");");
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Streams the records of an RFC 4180 text written by <see cref="CsvDocument"/>.</summary>
    internal static IEnumerable<List<string>> ReadRows(string text)
    {
        var row = new List<string>();
        var field = new StringBuilder();
        var position = 0;
        while (position < text.Length)
        {
            var c = text[position];
            if (c == '"' && field.Length == 0)
            {
                position++;
                while (position < text.Length)
                {
                    if (text[position] == '"')
                    {
                        if (position + 1 < text.Length && text[position + 1] == '"')
                        {
                            field.Append('"');
                            position += 2;
                            continue;
                        }

                        position++;
                        break;
                    }

                    field.Append(text[position++]);
                }

                continue;
            }

            position++;
            switch (c)
            {
                case ',':
                    row.Add(field.ToString());
                    field.Clear();
                    break;
                case '\n':
                    row.Add(field.ToString());
                    field.Clear();
                    yield return row;
                    row = [];
                    break;
                case '\r':
                    break;
                default:
                    field.Append(c);
                    break;
            }
        }

        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            yield return row;
        }
    }
}
