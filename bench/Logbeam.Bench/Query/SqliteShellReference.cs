using System.Diagnostics;
using System.Globalization;
using System.Text;
using Logbeam.Server.Storage;
using Logbeam.Server.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Logbeam.Bench.Query;

/// <summary>
/// The reference: the very SQL the store runs, with its parameters written in as literals, timed by the engine's own
/// shell (<c>sqlite3</c>, <c>.timer on</c>, rows to /dev/null) on the same file. The shell prints wall time only to
/// the millisecond, so the figure used is its user+system CPU time per statement (microseconds); for a query
/// served from the page cache that is the time it takes.
/// </summary>
internal static class SqliteShellReference
{
    public static string Version()
    {
        try
        {
            return Run("-version", input: null).Split(' ')[0];
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "missing";
        }
    }

    /// <summary>Per-statement times in ms, or null when the shell is not installed.</summary>
    public static double[]? Time(string databaseFile, string textIndexFile, IReadOnlyList<LogQuery> queries, int warmup)
    {
        using var connection = new SqliteConnection($"Data Source={databaseFile};Mode=ReadOnly;Pooling=False");
        connection.Open();
        var script = new StringBuilder($"ATTACH '{textIndexFile}' AS fts;\n.timer on\n.output /dev/null\n");
        for (var i = 0; i < queries.Count; i++)
        {
            script.Append(Sql(connection, queries[i])).Append(";\n");
        }

        string output;
        try
        {
            output = Run($"-readonly \"{databaseFile}\"", script.ToString());
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }

        var times = new List<double>();
        foreach (var line in output.Split('\n'))
        {
            // Run Time: real 0.001 user 0.000812 sys 0.000000
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 8 && parts[0] == "Run" && parts[4] == "user")
            {
                times.Add((double.Parse(parts[5], CultureInfo.InvariantCulture) + double.Parse(parts[7], CultureInfo.InvariantCulture)) * 1000.0);
            }
        }

        return [.. times.Skip(warmup)];
    }

    /// <summary>
    /// The store's SQL for <paramref name="query"/> with each parameter replaced by its literal. For a device's lines, the
    /// statement over the device index: the bench's store is indexed to its last line, so the store's second statement,
    /// over the lines past the index's mark, finds none.
    /// </summary>
    public static string Sql(SqliteConnection connection, LogQuery query)
    {
        using var command = new SqliteCommand();
        using (var newest = connection.CreateCommand())
        {
            newest.CommandText = "SELECT coalesce(max(id), 0) FROM lines";
            var indexedUpTo = (long)newest.ExecuteScalar()!;
            SqliteLogQuery.Bind(
                command, query, query.DeviceName is null ? null : SqliteLogQuery.ResolveDevices(connection, query.ProductId!, query.DeviceName),
                DeviceLines.Indexed, indexedUpTo);
        }

        var sql = command.CommandText;
        foreach (var parameter in command.Parameters.Cast<SqliteParameter>().OrderByDescending(p => p.ParameterName.Length))
        {
            var literal = parameter.Value switch
            {
                string text => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'",
                IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
                _ => throw new InvalidOperationException($"No literal form for {parameter.ParameterName}."),
            };
            sql = sql.Replace(parameter.ParameterName, literal, StringComparison.Ordinal);
        }

        return sql;
    }

    private static string Run(string arguments, string? input)
    {
        using var shell = Process.Start(new ProcessStartInfo("sqlite3", arguments)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stdout = shell.StandardOutput.ReadToEndAsync();
        var stderr = shell.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            shell.StandardInput.Write(input);
        }

        shell.StandardInput.Close();
        shell.WaitForExit();
        if (shell.ExitCode != 0)
        {
            throw new InvalidOperationException($"sqlite3 failed: {stderr.Result}");
        }

        return stdout.Result;
    }
}
