using System.Globalization;

namespace Logbeam.Bench.Common;

/// <summary>CPU time and peak resident memory of a process, from <c>/proc</c>.</summary>
public static class ProcStat
{
    // USER_HZ is 100 on every Linux the bench runs on.
    private const double TicksPerSecond = 100.0;

    /// <summary>User plus system CPU seconds the process has used.</summary>
    public static double CpuSeconds(int pid) => CpuSeconds(pid, includeReapedChildren: false);

    /// <summary>
    /// User plus system CPU seconds the process has used; with <paramref name="includeReapedChildren"/>, plus those of
    /// its children that have exited and been waited for. 0 if the process is gone.
    /// </summary>
    public static double CpuSeconds(int pid, bool includeReapedChildren)
    {
        var fields = Fields(pid);
        if (fields is null)
        {
            return 0;
        }

        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        if (includeReapedChildren)
        {
            ticks += long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
        }

        return ticks / TicksPerSecond;
    }

    /// <summary>The parent's process id, or -1 if the process is gone.</summary>
    public static int ParentOf(int pid) => Fields(pid) is { } fields ? int.Parse(fields[1], CultureInfo.InvariantCulture) : -1;

    /// <summary>Peak resident set size (VmHWM) in MiB.</summary>
    public static double PeakRssMiB(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    // The fields after the command name, which may hold spaces: [0] is the state (field 3 of proc(5)), [1] ppid, [11] utime, ...
    private static string[]? Fields(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }

        return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    }
}
