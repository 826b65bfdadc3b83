using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Microcred.Clinical.Export;
using Microcred.Clinical.Population;
using SQLitePCL;

namespace Microcred.Clinical.Tables;

/// <summary>
/// The flat tables in one SQLite file, written with one prepared INSERT per table inside large
/// transactions; indexes are built once at the end, which is faster than maintaining them row by row.
/// Rows are bound by position straight through SQLitePCL on the connection's handle: binding by parameter
/// name on every row was the largest cost of the whole export. The parallel side encodes each patient's rows
/// into one pooled buffer (text already UTF-8), so the single writing thread only binds and steps.
/// </summary>
internal sealed class SqliteSink(string path) : IPopulationSink
{
    public const string FileName = "population.db";
    private const int PatientsPerTransaction = 5000;

    private readonly long[] _counts = new long[PopulationTables.All.Count];
    private readonly BufferPool _buffers = new(16 * 1024);
    private sqlite3? _database;
    private sqlite3_stmt[] _inserts = [];
    private IntPtr[] _insertHandles = [];
    private int _patientsInTransaction;

    public void Begin(ReferenceData reference, PopulationOptions options)
    {
        if (File.Exists(path))
        {
            File.Delete(path);
        }
        Batteries_V2.Init();
        // Only the writing thread uses the connection (never two threads at once), so it is opened without its
        // mutex: SQLite otherwise locks and unlocks it around every bind, step and reset, a tenth of the insert cost.
        var opened = raw.sqlite3_open_v2(path, out var database, raw.SQLITE_OPEN_READWRITE | raw.SQLITE_OPEN_CREATE | raw.SQLITE_OPEN_NOMUTEX, null);
        _database = database;
        if (opened != raw.SQLITE_OK)
        {
            throw new InvalidOperationException($"Opening '{path}' failed: {raw.sqlite3_errmsg(database).utf8_to_string()}");
        }
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

        Execute("BEGIN;");
        _inserts = PopulationTables.All.Select(CreateInsert).ToArray();
        _insertHandles = _inserts.Select(i => i.DangerousGetHandle()).ToArray();
        var rows = new EncodedRows(_buffers.Rent());
        PopulationTables.ReferenceRows(reference, rows);
        Commit(rows);
    }

    public object Prepare(PatientRecord record)
    {
        var rows = new EncodedRows(_buffers.Rent());
        PopulationTables.PatientRows(record, rows);
        return rows;
    }

    public void Commit(object prepared)
    {
        using var rows = (EncodedRows)prepared;
        var bytes = rows.Buffer.WrittenSpan;
        // Text is bound SQLITE_STATIC straight from the buffer, which stays pinned until every row is stepped.
        var pinned = GCHandle.Alloc(rows.Buffer.Array, GCHandleType.Pinned);
        try
        {
            var origin = pinned.AddrOfPinnedObject();
            // Rows arrive in the order the mapping emits them (a claim's diagnoses and lines after each claim) and
            // are inserted table by table, the order the file's pages have always been laid out in.
            for (var t = 0; t < _inserts.Length; t++)
            {
                var insert = _insertHandles[t];
                var columns = PopulationTables.All[t].Columns.Count;
                var inserted = 0;
                foreach (var (table, start) in rows.Starts)
                {
                    if (table != t)
                    {
                        continue;
                    }
                    var position = start;
                    for (var c = 1; c <= columns; c++)
                    {
                        position = Bind(insert, c, bytes, origin, position);
                    }
                    if (SqliteInsertCalls.Step(insert) != raw.SQLITE_DONE)
                    {
                        throw new InvalidOperationException($"Inserting into {PopulationTables.All[t].Name} failed: {raw.sqlite3_errmsg(_database).utf8_to_string()}");
                    }
                    SqliteInsertCalls.Reset(insert);
                    inserted++;
                }
                if (inserted > 0)
                {
                    // No statement keeps pointers into a buffer that is about to be reused.
                    SqliteInsertCalls.ClearBindings(insert);
                }
                _counts[t] += inserted;
            }
        }
        finally
        {
            pinned.Free();
        }
        if (++_patientsInTransaction >= PatientsPerTransaction)
        {
            Execute("COMMIT; BEGIN;");
            _patientsInTransaction = 0;
        }
    }

    private static int Bind(IntPtr statement, int index, ReadOnlySpan<byte> bytes, IntPtr origin, int position)
    {
        int result;
        switch ((EncodedRows.Kind)bytes[position++])
        {
            case EncodedRows.Kind.Null:
                result = SqliteInsertCalls.BindNull(statement, index);
                break;
            case EncodedRows.Kind.Integer:
                result = SqliteInsertCalls.BindInt64(statement, index, BinaryPrimitives.ReadInt64LittleEndian(bytes[position..]));
                position += 8;
                break;
            case EncodedRows.Kind.Real:
                result = SqliteInsertCalls.BindDouble(statement, index, BinaryPrimitives.ReadDoubleLittleEndian(bytes[position..]));
                position += 8;
                break;
            default:
                var length = BinaryPrimitives.ReadInt32LittleEndian(bytes[position..]);
                position += 4;
                result = SqliteInsertCalls.BindText(statement, index, origin + position, length, SqliteInsertCalls.Static);
                position += length;
                break;
        }
        if (result != raw.SQLITE_OK)
        {
            throw new InvalidOperationException($"Binding column {index} failed with SQLite code {result}.");
        }
        return position;
    }

    public IReadOnlyDictionary<string, long> Complete()
    {
        Execute("COMMIT;");
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
        _insertHandles = [];
        // Closing a connection inside a transaction (an export that failed or was cancelled) rolls it back.
        _database?.Dispose();
        _database = null;
    }

    private sqlite3_stmt CreateInsert(TableDefinition table)
    {
        var sql = $"INSERT INTO {table.Name} VALUES ({string.Join(", ", Enumerable.Repeat("?", table.Columns.Count))})";
        if (raw.sqlite3_prepare_v2(_database, sql, out var statement) != raw.SQLITE_OK)
        {
            throw new InvalidOperationException($"Preparing '{sql}' failed: {raw.sqlite3_errmsg(_database).utf8_to_string()}");
        }
        return statement;
    }

    private void Execute(string sql)
    {
        if (raw.sqlite3_exec(_database, sql, null, null, out var error) != raw.SQLITE_OK)
        {
            throw new InvalidOperationException($"SQLite refused '{sql[..Math.Min(sql.Length, 80)]}': {error}");
        }
    }

    private static string SqlType(ColumnType type) => type switch
    {
        ColumnType.WholeNumber => "INTEGER",
        ColumnType.DecimalNumber => "REAL",
        _ => "TEXT",
    };
}
