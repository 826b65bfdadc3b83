namespace Microcred.Web.Data;

internal static class StoredTime
{
    /// The current UTC time at the precision both databases keep (PostgreSQL stores microseconds),
    /// so a value read back equals the one that was written.
    public static DateTime GetStoredUtcNow(this TimeProvider clock)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return new DateTime(now.Ticks - now.Ticks % 10, DateTimeKind.Utc);
    }
}
