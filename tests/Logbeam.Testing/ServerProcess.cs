using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace Logbeam.Testing;

/// <summary>
/// The platform as its own process (<c>dotnet Logbeam.Server.dll</c>), for what cannot happen in-process: being killed
/// with SIGKILL and started again on the same data directory, running as an operator runs it, being measured alone.
/// </summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    // Enough for any test's or bench run's diagnosis; a long bench run must not keep every line it ever printed.
    private const int KeptLines = 10_000;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output;

    private ServerProcess(Process process, Uri baseAddress, ConcurrentQueue<string> output, string? adminKey)
    {
        _process = process;
        _output = output;
        BaseAddress = baseAddress;
        Admin = new HttpClient { BaseAddress = baseAddress };
        if (adminKey is not null)
        {
            Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
        }
    }

    public Uri BaseAddress { get; }

    /// <summary>The HTTP port, which <see cref="BaseAddress"/> also names.</summary>
    public int Port => BaseAddress.Port;

    /// <summary>The server's process id, to read its memory and CPU time from <c>/proc</c>.</summary>
    public int ProcessId => _process.Id;

    /// <summary>A client with the tests' admin key (<see cref="LogbeamServer.AdminKey"/>); without one for <see cref="StartProgramAsync"/>.</summary>
    public HttpClient Admin { get; }

    /// <summary>What the process printed so far, stdout and stderr.</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>The last 20 lines the process printed, for an error message.</summary>
    public string RecentOutput => string.Join('\n', _output.TakeLast(20));

    public static string ServerDll => BuildOutput.Dll("Logbeam.Server");

    public static Task<ServerProcess> StartAsync(string dataDirectory, params string[] extraArgs) =>
        StartAsync(dataDirectory, LogbeamServer.AdminKey, extraArgs);

    /// <summary>Starts the server; with a null <paramref name="adminKey"/> it makes its own.</summary>
    public static Task<ServerProcess> StartAsync(string dataDirectory, string? adminKey, params string[] extraArgs) =>
        LaunchAsync("dotnet", Path.GetDirectoryName(ServerDll)!, [ServerDll, .. ServerArgs(adminKey, ["--Storage:DataDirectory", dataDirectory, .. extraArgs])]);

    /// <summary>
    /// Starts the built server from <paramref name="workingDirectory"/> with its default data directory (<c>./data</c>),
    /// as an operator would start it from a folder of their own.
    /// </summary>
    public static Task<ServerProcess> StartInAsync(string workingDirectory, string? adminKey, params string[] extraArgs) =>
        LaunchAsync("dotnet", workingDirectory, [ServerDll, .. ServerArgs(adminKey, extraArgs)]);

    /// <summary>
    /// Starts the server the way the README says, <c>dotnet run --project src/Logbeam.Server</c>, from
    /// <paramref name="workingDirectory"/> (without building again: the test run built it).
    /// </summary>
    public static Task<ServerProcess> DotnetRunAsync(string workingDirectory, params string[] extraArgs)
    {
        _ = ServerDll;
        var project = Path.Combine(RepoRoot.Path, "src", "Logbeam.Server");
        return LaunchAsync("dotnet", workingDirectory,
            ["run", "--project", project, "--no-build", "-c", BuildOutput.Configuration, "--", .. ServerArgs(null, extraArgs)]);
    }

    /// <summary>
    /// Starts a published server executable (scripts/publish.sh) from <paramref name="workingDirectory"/>, with its
    /// own admin key, and <paramref name="environment"/> added to the inherited environment.
    /// </summary>
    public static Task<ServerProcess> StartExecutableAsync(
        string executable, string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] extraArgs) =>
        LaunchAsync(executable, workingDirectory, ServerArgs(null, extraArgs), environment);

    private static string[] ServerArgs(string? adminKey, string[] extraArgs) =>
    [
        "--urls", "http://127.0.0.1:0",
        "--Logging:LogLevel:Default", "Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime", "Information",
        "--Mqtt:Port", "0", "--Mqtt:TlsPort", "0",
        .. adminKey is null ? [] : new[] { "--Api:AdminKey", adminKey },
        .. extraArgs,
    ];

    /// <summary>
    /// Starts any built program, <c>dotnet &lt;dll&gt; &lt;arguments&gt; --urls http://127.0.0.1:&lt;free port&gt;</c>, from the
    /// dll's folder (so it reads its own appsettings.json, as deployed), and waits until its <c>/healthz</c> answers.
    /// </summary>
    public static async Task<ServerProcess> StartProgramAsync(string dll, IEnumerable<string> arguments)
    {
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"{dll} is missing; build it first: dotnet build Logbeam.slnx -c Release", dll);
        }

        var url = "http://127.0.0.1:" + FreePort.Next().ToString(CultureInfo.InvariantCulture);
        var output = new ConcurrentQueue<string>();
        var process = Launch("dotnet", Path.GetDirectoryName(Path.GetFullPath(dll))!, [dll, .. arguments, "--urls", url], null, output, _ => { });
        var server = new ServerProcess(process, new Uri(url), output, adminKey: null);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < StartTimeout)
        {
            if (process.HasExited)
            {
                await server.DisposeAsync();
                throw new InvalidOperationException($"{Path.GetFileName(dll)} exited at start:\n{server.RecentOutput}");
            }

            try
            {
                using var health = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
                if (health.IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        await server.DisposeAsync();
        throw new TimeoutException($"{Path.GetFileName(dll)} did not answer /healthz within {StartTimeout.TotalSeconds} s.");
    }

    /// <summary>Starts the server on port 0 and learns its address from the line it prints when it listens.</summary>
    private static async Task<ServerProcess> LaunchAsync(
        string program, string workingDirectory, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new ConcurrentQueue<string>();
        var process = Launch(program, workingDirectory, args, environment, output, line =>
        {
            if (ListeningLine().Match(line) is { Success: true } match)
            {
                listening.TrySetResult(new Uri(match.Groups[1].Value));
            }
        });

        var started = await Task.WhenAny(listening.Task, process.WaitForExitAsync(), Task.Delay(StartTimeout));
        if (started != listening.Task)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException("The server did not start:\n" + string.Join('\n', output));
        }

        return new ServerProcess(process, await listening.Task, output, LogbeamServer.AdminKey);
    }

    private static Process Launch(
        string program, string workingDirectory, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment,
        ConcurrentQueue<string> output, Action<string> onStdout)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Keep(output, e.Data);
                onStdout(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Keep(output, e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Keep(ConcurrentQueue<string> output, string line)
    {
        output.Enqueue(line);
        while (output.Count > KeptLines && output.TryDequeue(out _))
        {
        }
    }

    /// <summary>SIGKILL: no shutdown, no flush, nothing the process could do about it.</summary>
    public void KillHard()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();
}
