namespace Logbeam.Server.Storage;

/// <summary>
/// The precision every store keeps times to: the millisecond, truncated. SQLite keeps Unix milliseconds; PostgreSQL
/// could keep microseconds, but then a line could fall on either side of a window's edge depending on the store.
/// </summary>
internal static class StoredTime
{
    /// <summary><paramref name="time"/> truncated to its millisecond, in UTC.</summary>
    public static DateTimeOffset Millisecond(DateTimeOffset time) => DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds());

    /// <summary><paramref name="time"/> truncated to its millisecond, of the same kind.</summary>
    public static DateTime Millisecond(DateTime time) => new(time.Ticks - (time.Ticks % TimeSpan.TicksPerMillisecond), time.Kind);
}
