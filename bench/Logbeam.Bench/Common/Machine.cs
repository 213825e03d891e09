using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Logbeam.Bench.Common;

/// <summary>What a result row records about where and on what code it ran.</summary>
public static class Machine
{
    public static int Cores => Environment.ProcessorCount;

    public static string MemoryGiB
    {
        get
        {
            var line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            var kib = line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
            return $"{kib / 1024.0 / 1024.0:F0} GiB";
        }
    }

    public static string Os
    {
        get
        {
            var pretty = File.Exists("/etc/os-release")
                ? File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?[12..].Trim('"')
                : null;
            return $"{pretty ?? RuntimeInformation.OSDescription}, .NET {Environment.Version}";
        }
    }

    public static string Commit
    {
        get
        {
            var head = Git("rev-parse --short HEAD");
            var dirty = Git("status --porcelain --untracked-files=no -- src bench/Logbeam.Bench").Length > 0;
            return dirty ? head + "+dirty" : head;
        }
    }

    public static string Summary => $"{Cores} cores, {MemoryGiB}, {Os}";

    private static string Git(string arguments)
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", arguments)
            {
                WorkingDirectory = RepoRoot.Path,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var output = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return output;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }
}
