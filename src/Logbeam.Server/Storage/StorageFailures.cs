using Microsoft.Data.Sqlite;
using Npgsql;

namespace Logbeam.Server.Storage;

/// <summary>Recognises the store failures that are the machine's state rather than a fault: the disk is full.</summary>
public static class StorageFailures
{
    private const int SqliteFull = 13;
    private const string PostgresDiskFull = "53100";
    private const int UnixNoSpace = 28;
    private const int WindowsDiskFull = unchecked((int)0x80070070);
    private const int WindowsHandleDiskFull = unchecked((int)0x80070027);

    /// <summary>
    /// True when <paramref name="exception"/>, or one it wraps, says the store ran out of space: SQLite's
    /// <c>SQLITE_FULL</c>, PostgreSQL's <c>disk_full</c>, or a file write that found no space left on the device.
    /// </summary>
    public static bool IsOutOfSpace(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case SqliteException sqlite when sqlite.SqliteErrorCode == SqliteFull:
                case PostgresException postgres when postgres.SqlState == PostgresDiskFull:
                case IOException io when io.HResult is UnixNoSpace or WindowsDiskFull or WindowsHandleDiskFull:
                    return true;
                case AggregateException aggregate when aggregate.InnerExceptions.Any(IsOutOfSpace):
                    return true;
            }
        }

        return false;
    }
}
