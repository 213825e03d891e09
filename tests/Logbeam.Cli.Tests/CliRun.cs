using System.Collections.Concurrent;
using System.Diagnostics;

namespace Logbeam.Cli.Tests;

/// <summary>What one run of the tool did.</summary>
public sealed record CliResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}

/// <summary>
/// Runs the real tool as a process (<c>dotnet Logbeam.Cli.dll …</c>) with its own environment: no inherited
/// <c>LOGBEAM_*</c> variables, and a config directory of its own so no test reads the machine's login.
/// </summary>
public sealed class CliRun
{
    // Every run's config directory lives under one folder, removed when the test process exits.
    private static readonly Lazy<string> ConfigRoot = new(() =>
    {
        var root = TempDirectory.Create("logbeam-cli-config");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TempDirectory.Delete(root);
        return root;
    });

    public CliRun(Uri? server = null, string? apiKey = null)
    {
        ConfigHome = Directory.CreateDirectory(Path.Combine(ConfigRoot.Value, Guid.NewGuid().ToString("N"))).FullName;
        if (server is not null)
        {
            Environment["LOGBEAM_SERVER"] = server.ToString();
        }

        if (apiKey is not null)
        {
            Environment["LOGBEAM_API_KEY"] = apiKey;
        }
    }

    public string ConfigHome { get; }

    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    public static string CliDll => BuildOutput.Dll("Logbeam.Cli");

    public async Task<CliResult> RunAsync(params string[] args)
    {
        using var process = Start(args);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"logbeam {string.Join(' ', args)} did not finish in 60 s:\n{await output}\n{await error}");
        }

        return new CliResult(process.ExitCode, await output, await error);
    }

    /// <summary>Starts a long-running command (tail, serve) whose lines the test reads as they come.</summary>
    public RunningCli StartLong(params string[] args) => new(Start(args));

    private Process Start(string[] args)
    {
        // Started as a terminal starts it: with SIGINT at its default. A test run launched in the background (`cmd &`
        // from a script, as a CI runner may) inherits SIGINT ignored, and .NET leaves an ignored SIGINT ignored, so
        // Ctrl-C would never reach the tool.
        var start = new ProcessStartInfo("env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = ConfigHome,
        };
        start.ArgumentList.Add("--default-signal=INT");
        start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(CliDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("LOGBEAM", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["XDG_CONFIG_HOME"] = ConfigHome;
        start.Environment["NO_COLOR"] = "1";
        foreach (var (name, value) in Environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;
        process.StandardInput.Close(); // not a terminal: the tool must never wait for an answer
        return process;
    }
}

/// <summary>A command left running; its output collected line by line.</summary>
public sealed class RunningCli : IAsyncDisposable
{
    private readonly Process _process;
    private readonly BlockingCollection<string> _output = [];
    private readonly ConcurrentQueue<string> _all = new();

    public RunningCli(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _all.Enqueue(e.Data);
                _output.Add(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _all.Enqueue("[stderr] " + e.Data);
                _output.Add("[stderr] " + e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Everything => string.Join('\n', _all);

    public bool HasExited => _process.HasExited;

    /// <summary>Waits for a line (stdout, or stderr prefixed "[stderr] ") that contains <paramref name="text"/>.</summary>
    public string WaitFor(string text, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (DateTime.UtcNow < deadline)
        {
            if (_output.TryTake(out var line, TimeSpan.FromMilliseconds(100)) && line.Contains(text, StringComparison.Ordinal))
            {
                return line;
            }
        }

        throw new TimeoutException($"No line with '{text}' came. Everything so far:\n{Everything}");
    }

    /// <summary>Sends SIGINT, as Ctrl-C does, and returns the exit code.</summary>
    public async Task<int> InterruptAsync()
    {
        using (var kill = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _output.Dispose();
    }
}
