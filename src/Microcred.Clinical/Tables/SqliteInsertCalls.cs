using System.Runtime.InteropServices;

namespace Microcred.Clinical.Tables;

/// <summary>
/// The handful of SQLite calls made per inserted value, bound straight to the e_sqlite3 library that
/// SQLitePCLRaw ships and loads. Through SQLitePCL each call also takes and releases the statement's SafeHandle
/// and, for text, has SQLite copy the bytes into memory of its own; here text is bound <c>SQLITE_STATIC</c> from
/// a buffer the caller keeps pinned until the row is stepped. Only for the single writing thread of
/// <see cref="SqliteSink"/>.
/// </summary>
internal static class SqliteInsertCalls
{
    private const string Library = "e_sqlite3";

    /// <summary>SQLite's <c>SQLITE_STATIC</c> destructor: the bytes stay valid and unchanged until the next step or rebinding.</summary>
    public static readonly IntPtr Static = IntPtr.Zero;

    [DllImport(Library, EntryPoint = "sqlite3_bind_null")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int BindNull(IntPtr statement, int index);

    [DllImport(Library, EntryPoint = "sqlite3_bind_int64")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int BindInt64(IntPtr statement, int index, long value);

    [DllImport(Library, EntryPoint = "sqlite3_bind_double")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int BindDouble(IntPtr statement, int index, double value);

    [DllImport(Library, EntryPoint = "sqlite3_bind_text")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int BindText(IntPtr statement, int index, IntPtr utf8, int length, IntPtr destructor);

    [DllImport(Library, EntryPoint = "sqlite3_step")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int Step(IntPtr statement);

    // sqlite3_reset repeats the error of the step before it, which the caller has already checked, and
    // sqlite3_clear_bindings always succeeds, so neither result is read.
    [DllImport(Library, EntryPoint = "sqlite3_reset")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern void Reset(IntPtr statement);

    [DllImport(Library, EntryPoint = "sqlite3_clear_bindings")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern void ClearBindings(IntPtr statement);
}
