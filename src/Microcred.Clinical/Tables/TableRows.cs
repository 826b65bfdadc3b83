using System.Globalization;
using Microcred.Clinical.Population;

namespace Microcred.Clinical.Tables;

/// <summary>Rows of one patient, grouped by table, kept in order of appearance.</summary>
internal sealed class TableRows : IRowTarget
{
    public List<object?[]>[] ByTable { get; } = CreateLists();

    public void Add(int table, object?[] values) => ByTable[table].Add(values);

    public static TableRows Of(PatientRecord record)
    {
        var rows = new TableRows();
        PopulationTables.PatientRows(record, rows);
        return rows;
    }

    public static TableRows Of(ReferenceData reference)
    {
        var rows = new TableRows();
        PopulationTables.ReferenceRows(reference, rows);
        return rows;
    }

    /// <summary>The text form of a value, identical in CSV and SQLite text columns.</summary>
    public static string? Text(object? value) => value switch
    {
        null => null,
        string s => s,
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
        bool b => b ? "1" : "0",
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    private static List<object?[]>[] CreateLists()
    {
        var lists = new List<object?[]>[PopulationTables.All.Count];
        for (var i = 0; i < lists.Length; i++)
        {
            lists[i] = [];
        }
        return lists;
    }
}
