using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Microcred.Web.Data;

/// Work a node does on start, after migrations and before serving (seeding, checks of stored
/// keys). Tasks run in registration order, one node at a time, on the one AppDbContext of a
/// shared scope, so on SQLite they share the lock's transaction.
internal interface IStartupTask
{
    Task RunAsync(CancellationToken cancellationToken);
}

/// A database-wide lock that lets only one node at a time run its start-up tasks, so two nodes
/// starting together on one database never seed the same rows twice. The provider differences
/// live here and nowhere else.
internal static class StartupLock
{
    /// The PostgreSQL advisory-lock key: a fixed number ("MCRDSEED" in ASCII) that nothing else
    /// on the server uses.
    public const long PostgresKey = 0x4D43_5244_5345_4544;

    /// How long a node waits for another node's start-up to finish before giving up.
    public static readonly TimeSpan Wait = TimeSpan.FromMinutes(5);

    public static async Task RunExclusiveAsync(AppDbContext db, Func<CancellationToken, Task> work, ILogger logger, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            await RunUnderAdvisoryLockAsync(db, work, logger, cancellationToken);
        }
        else if (db.Database.IsSqlite())
        {
            await RunInImmediateTransactionAsync(db, work, cancellationToken);
        }
        else
        {
            throw new NotSupportedException($"No start-up lock for the database provider {db.Database.ProviderName}.");
        }
    }

    /// A session-level advisory lock held on one connection for the whole run; the tasks use the
    /// same connection. The server also drops the lock if the connection dies.
    private static async Task RunUnderAdvisoryLockAsync(AppDbContext db, Func<CancellationToken, Task> work, ILogger logger, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var timeout = db.Database.GetCommandTimeout();
            db.Database.SetCommandTimeout(Wait);
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({PostgresKey})", cancellationToken);
            db.Database.SetCommandTimeout(timeout);
            try
            {
                await work(cancellationToken);
            }
            finally
            {
                try
                {
                    await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({PostgresKey})", CancellationToken.None);
                }
                catch (DbException ex)
                {
                    // Only a broken connection gets here, and the server releases a broken session's locks.
                    logger.LogWarning(ex, "Could not release the start-up lock; the server releases it when the connection closes");
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// SQLite has one writer at a time: BEGIN IMMEDIATE takes the write lock at once, so a second
    /// process waits here (retrying while the file is busy) instead of failing on its first insert.
    /// The tasks run inside this transaction, on its connection.
    private static async Task RunInImmediateTransactionAsync(AppDbContext db, Func<CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            connection.DefaultTimeout = (int)Wait.TotalSeconds;
            await using var transaction = connection.BeginTransaction(deferred: false);
            await db.Database.UseTransactionAsync(transaction, cancellationToken);
            try
            {
                await work(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            finally
            {
                await db.Database.UseTransactionAsync(null, CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
