using System.Globalization;
using System.Text;
using Microcred.Clinical.Export;
using Microcred.Clinical.Population;
using Microsoft.Data.Sqlite;

namespace Microcred.Clinical.Tables;

/// <summary>
/// The flat tables in one SQLite file, written with one prepared INSERT per table inside large
/// transactions; indexes are built once at the end, which is faster than maintaining them row by row.
/// </summary>
internal sealed class SqliteSink(string path) : IPopulationSink
{
    public const string FileName = "population.db";
    private const int PatientsPerTransaction = 5000;

    private readonly long[] _counts = new long[PopulationTables.All.Count];
    private SqliteConnection? _connection;
    private SqliteTransaction? _transaction;
    private SqliteCommand[] _inserts = [];
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
        Commit(TableRows.Of(reference));
    }

    public object Prepare(PatientRecord record) => TableRows.Of(record);

    public void Commit(object prepared)
    {
        var rows = (TableRows)prepared;
        for (var t = 0; t < rows.ByTable.Length; t++)
        {
            var insert = _inserts[t];
            var parameters = insert.Parameters;
            foreach (var row in rows.ByTable[t])
            {
                for (var c = 0; c < row.Length; c++)
                {
                    parameters[c].Value = DatabaseValue(row[c]);
                }
                insert.ExecuteNonQuery();
            }
            _counts[t] += rows.ByTable[t].Count;
        }
        if (++_patientsInTransaction >= PatientsPerTransaction)
        {
            _transaction!.Commit();
            _transaction.Dispose();
            _transaction = _connection!.BeginTransaction();
            foreach (var insert in _inserts)
            {
                insert.Transaction = _transaction;
            }
            _patientsInTransaction = 0;
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
        _transaction?.Dispose();
        _connection?.Dispose();
    }

    private SqliteCommand CreateInsert(TableDefinition table)
    {
        var command = _connection!.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = $"INSERT INTO {table.Name} VALUES ({string.Join(", ", table.Columns.Select((_, i) => "$p" + i.ToString(CultureInfo.InvariantCulture)))})";
        for (var i = 0; i < table.Columns.Count; i++)
        {
            command.Parameters.Add(new SqliteParameter("$p" + i.ToString(CultureInfo.InvariantCulture), DBNull.Value));
        }
        command.Prepare();
        return command;
    }

    private void Execute(string sql)
    {
        using var command = _connection!.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object DatabaseValue(object? value) => value switch
    {
        null => DBNull.Value,
        string s => s,
        int i => (long)i,
        long l => l,
        bool b => b ? 1L : 0L,
        decimal m => (double)m,
        _ => TableRows.Text(value)!,
    };

    private static string SqlType(ColumnType type) => type switch
    {
        ColumnType.WholeNumber => "INTEGER",
        ColumnType.DecimalNumber => "REAL",
        _ => "TEXT",
    };
}
