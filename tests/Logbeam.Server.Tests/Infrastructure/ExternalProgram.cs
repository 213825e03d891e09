using System.Diagnostics;

namespace Logbeam.Server.Tests.Infrastructure;

/// <summary>
/// Finds and starts the real programs the MQTT tests talk to. A missing program fails the test with the way to get
/// it: a machine without them must not pass by skipping.
/// </summary>
internal static class ExternalProgram
{
    public const string InstallHint = "run scripts/install-test-deps.sh as root";

    /// <summary>The full path of <paramref name="name"/> on PATH (or in /usr/sbin, where Debian puts mosquitto).</summary>
    public static string Require(string name, string debianPackage)
    {
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/usr/local/sbin", "/usr/bin"]);
        foreach (var directory in directories)
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            $"'{name}' is not installed: {InstallHint}, or 'apt-get install {debianPackage}'.");
    }

    /// <summary>A Python 3 that can import paho.mqtt: the one on PATH, else the system one (pyenv and venvs lack Debian's packages).</summary>
    public static string RequirePythonWithPaho()
    {
        foreach (var python in new[] { "python3", "/usr/bin/python3" })
        {
            try
            {
                using var probe = Process.Start(new ProcessStartInfo(python, ["-c", "import paho.mqtt"])
                {
                    RedirectStandardError = true,
                    RedirectStandardOutput = true,
                })!;
                probe.WaitForExit(10_000);
                if (probe.HasExited && probe.ExitCode == 0)
                {
                    return python;
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // Not there; try the next.
            }
        }

        throw new InvalidOperationException(
            $"No python3 with paho-mqtt: {InstallHint}, or 'apt-get install python3-paho-mqtt'.");
    }

    public static RunningProgram Start(string path, params string[] arguments) => new(path, arguments);

    /// <summary>Runs to the end and returns exit code and output; a program still running after <paramref name="timeout"/> is killed.</summary>
    public static Task<(int ExitCode, string Output)> RunAsync(TimeSpan timeout, string path, params string[] arguments) =>
        RunAsync(timeout, new Dictionary<string, string>(), path, arguments);

    /// <summary>As <see cref="RunAsync(TimeSpan, string, string[])"/>, with <paramref name="environment"/> added to the inherited one.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(
        TimeSpan timeout, IReadOnlyDictionary<string, string> environment, string path, params string[] arguments)
    {
        using var program = new RunningProgram(path, arguments, environment);
        var exitCode = await program.WaitForExitAsync(timeout);
        return (exitCode, program.Output);
    }
}
