using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Logbeam.Server.Storage.Sqlite;

/// <summary>
/// Numbered schema steps for one SQLite file, recorded in the file's <c>PRAGMA user_version</c>: step <c>n</c> (from 1)
/// runs once, when the version is below <c>n</c>, and every pending step runs in one transaction with the version
/// moved to the last, so a crash leaves the file at the version it had or at the new one, never between.
/// </summary>
internal static class SqliteMigrations
{
    /// <summary>Applies the steps past the file's version, up to <paramref name="upTo"/> (tests make files of earlier versions).</summary>
    /// <returns>How many steps ran.</returns>
    public static int Apply(SqliteConnection connection, IReadOnlyList<string> steps, int upTo = int.MaxValue)
    {
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var current = Version(command);
        var applied = 0;
        for (var step = current; step < Math.Min(steps.Count, upTo); step++)
        {
            command.CommandText = steps[step] + $"\nPRAGMA user_version={step + 1};";
            command.ExecuteNonQuery();
            applied++;
        }

        transaction.Commit();
        return applied;
    }

    /// <summary>The file's schema version: the number of steps applied to it.</summary>
    public static int Version(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        return Version(command);
    }

    private static int Version(SqliteCommand command)
    {
        command.CommandText = "PRAGMA user_version;";
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
