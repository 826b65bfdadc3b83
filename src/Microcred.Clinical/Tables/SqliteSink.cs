using System.Globalization;
using System.Text;
using Microcred.Clinical.Export;
using Microcred.Clinical.Population;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Microcred.Clinical.Tables;

/// <summary>
/// The flat tables in one SQLite file, written with one prepared INSERT per table inside large
/// transactions; indexes are built once at the end, which is faster than maintaining them row by row.
/// Rows are bound by position straight through SQLitePCL on the connection's handle: binding by parameter
/// name on every row was the largest cost of the whole export.
/// </summary>
internal sealed class SqliteSink(string path) : IPopulationSink
{
    public const string FileName = "population.db";
    private const int PatientsPerTransaction = 5000;

    private readonly long[] _counts = new long[PopulationTables.All.Count];
    private SqliteConnection? _connection;
    private SqliteTransaction? _transaction;
    private sqlite3_stmt[] _inserts = [];
    private int _patientsInTransaction;

    public void Begin(ReferenceData reference, PopulationOptions options)
    {
        if (File.Exists(path))
        {
            File.Delete(path);
        }
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA page_size = 4096; PRAGMA cache_size = -65536;");
        var schema = new StringBuilder();
        foreach (var table in PopulationTables.All)
        {
            schema.Append(CultureInfo.InvariantCulture, $"CREATE TABLE {table.Name} (")
                .AppendJoin(", ", table.Columns.Select(c => $"{c.Name} {SqlType(c.Type)}"))
                .Append(");\n");
        }
        Execute(schema.ToString());
        Execute("CREATE TABLE population_info (key TEXT PRIMARY KEY, value TEXT NOT NULL);");
        Execute(string.Create(CultureInfo.InvariantCulture,
            $"INSERT INTO population_info VALUES ('seed', '{options.Seed}'), ('patient_count', '{options.PatientCount}'), ('region', '{options.Region}'), " +
            $"('as_of', '{options.AsOf:yyyy-MM-dd}'), ('measurement_period_start', '{options.MeasurementPeriodStart:yyyy-MM-dd}'), ('history_years', '{options.HistoryYears}'), " +
            $"('times', 'local standard time of the region, yyyy-MM-ddTHH:mm:ss'), ('synthetic', 'yes: generated data, no real person')"));

        _transaction = _connection.BeginTransaction();
        _inserts = PopulationTables.All.Select(CreateInsert).ToArray();
        Commit(Encoded(TableRows.Of(reference)));
    }

    public object Prepare(PatientRecord record) => Encoded(TableRows.Of(record));

    // Text is turned into UTF-8 here, on the parallel side, so the single writing thread only binds bytes.
    private static TableRows Encoded(TableRows rows)
    {
        foreach (var table in rows.ByTable)
        {
            foreach (var row in table)
            {
                for (var c = 0; c < row.Length; c++)
                {
                    row[c] = row[c] switch
                    {
                        null or int or long or bool or decimal => row[c],
                        var other => Encoding.UTF8.GetBytes(TableRows.Text(other)!),
                    };
                }
            }
        }
        return rows;
    }

    public void Commit(object prepared)
    {
        var rows = (TableRows)prepared;
        for (var t = 0; t < rows.ByTable.Length; t++)
        {
            var insert = _inserts[t];
            foreach (var row in rows.ByTable[t])
            {
                for (var c = 0; c < row.Length; c++)
                {
                    Bind(insert, c + 1, row[c]);
                }
                if (raw.sqlite3_step(insert) != raw.SQLITE_DONE)
                {
                    throw new InvalidOperationException($"Inserting into {PopulationTables.All[t].Name} failed: {raw.sqlite3_errmsg(_connection!.Handle).utf8_to_string()}");
                }
                raw.sqlite3_reset(insert);
            }
            _counts[t] += rows.ByTable[t].Count;
        }
        if (++_patientsInTransaction >= PatientsPerTransaction)
        {
            _transaction!.Commit();
            _transaction.Dispose();
            _transaction = _connection!.BeginTransaction();
            _patientsInTransaction = 0;
        }
    }

    private static void Bind(sqlite3_stmt statement, int index, object? value)
    {
        var result = value switch
        {
            null => raw.sqlite3_bind_null(statement, index),
            byte[] utf8 => raw.sqlite3_bind_text(statement, index, utf8.AsSpan()),
            int i => raw.sqlite3_bind_int64(statement, index, i),
            long l => raw.sqlite3_bind_int64(statement, index, l),
            bool b => raw.sqlite3_bind_int64(statement, index, b ? 1 : 0),
            decimal m => raw.sqlite3_bind_double(statement, index, (double)m),
            _ => raw.sqlite3_bind_text(statement, index, TableRows.Text(value)),
        };
        if (result != raw.SQLITE_OK)
        {
            throw new InvalidOperationException($"Binding column {index} failed with SQLite code {result}.");
        }
    }

    public IReadOnlyDictionary<string, long> Complete()
    {
        _transaction!.Commit();
        _transaction.Dispose();
        _transaction = null;
        var indexes = new StringBuilder();
        foreach (var table in PopulationTables.All)
        {
            var key = table.Columns[0].Name == "id" ? "id" : "claim_id, sequence";
            indexes.Append(CultureInfo.InvariantCulture, $"CREATE UNIQUE INDEX ux_{table.Name}_key ON {table.Name} ({key});\n");
            foreach (var column in table.IndexedColumns)
            {
                indexes.Append(CultureInfo.InvariantCulture, $"CREATE INDEX ix_{table.Name}_{column} ON {table.Name} ({column});\n");
            }
        }
        Execute(indexes.ToString());
        Execute("ANALYZE;");
        return PopulationTables.All.Select((table, i) => (table.Name, _counts[i])).ToDictionary(x => x.Name, x => x.Item2, StringComparer.Ordinal);
    }

    public void Dispose()
    {
        foreach (var insert in _inserts)
        {
            insert.Dispose();
        }
        _inserts = [];
        _transaction?.Dispose();
        _connection?.Dispose();
    }

    private sqlite3_stmt CreateInsert(TableDefinition table)
    {
        var sql = $"INSERT INTO {table.Name} VALUES ({string.Join(", ", Enumerable.Repeat("?", table.Columns.Count))})";
        if (raw.sqlite3_prepare_v2(_connection!.Handle, sql, out var statement) != raw.SQLITE_OK)
        {
            throw new InvalidOperationException($"Preparing '{sql}' failed: {raw.sqlite3_errmsg(_connection.Handle).utf8_to_string()}");
        }
        return statement;
    }

    private void Execute(string sql)
    {
        using var command = _connection!.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string SqlType(ColumnType type) => type switch
    {
        ColumnType.WholeNumber => "INTEGER",
        ColumnType.DecimalNumber => "REAL",
        _ => "TEXT",
    };
}
