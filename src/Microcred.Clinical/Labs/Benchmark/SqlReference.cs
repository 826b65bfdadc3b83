namespace Microcred.Clinical.Labs.Benchmark;

/// <summary>How one scenario CSV file becomes an SQLite table: its columns are TEXT unless named here
/// (INTEGER or REAL); empty cells are NULL.</summary>
internal sealed record SqlTable(string File, string Table, IReadOnlyDictionary<string, string> ColumnTypes);

/// <summary>A lab whose grader's core aggregate can also be computed by a plain SQL query over its scenario
/// files loaded into SQLite: the reference the benchmark times the grader against, and a cross-check the
/// tests run.</summary>
internal interface ILabSqlReference
{
    /// <summary>The scenario files to load, with their column types.</summary>
    IReadOnlyList<SqlTable> SqlTables { get; }

    /// <summary>One SELECT returning a single row whose columns are the figures of <see cref="CoreFigures"/>.</summary>
    string ReferenceSql { get; }

    /// <summary>What the reference computes, in a few words (for the benchmark table).</summary>
    string ReferenceDescription { get; }

    /// <summary>The same figures as the grader computes them for a request, keyed by the SQL column names.</summary>
    IReadOnlyDictionary<string, double> CoreFigures(LabScenarioRequest request);
}
