using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace Logbeam.Server.Tests.Infrastructure;

/// <summary>
/// The platform as its own process (<c>dotnet Logbeam.Server.dll</c>), for what cannot happen in-process:
/// being killed with SIGKILL and started again on the same data directory.
/// </summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output;

    private ServerProcess(Process process, Uri baseAddress, System.Collections.Concurrent.ConcurrentQueue<string> output)
    {
        _process = process;
        _output = output;
        BaseAddress = baseAddress;
        Admin = new HttpClient { BaseAddress = baseAddress };
        Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", LogbeamServer.AdminKey);
    }

    public Uri BaseAddress { get; }

    /// <summary>The server's process id, to read its memory from <c>/proc</c>.</summary>
    public int ProcessId => _process.Id;

    public HttpClient Admin { get; }

    /// <summary>What the process printed so far, stdout and stderr.</summary>
    public string Output => string.Join('\n', _output);

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    public static string ServerDll
    {
        get
        {
            var dll = Path.Combine(RepoRoot.Path, "src", "Logbeam.Server", "bin", Configuration, "net10.0", "Logbeam.Server.dll");
            return File.Exists(dll)
                ? dll
                : throw new InvalidOperationException($"{dll} is missing: build the solution ('dotnet build Logbeam.slnx -c {Configuration}') first.");
        }
    }

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
            ["run", "--project", project, "--no-build", "-c", Configuration, "--", .. ServerArgs(null, extraArgs)]);
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

    private static async Task<ServerProcess> LaunchAsync(
        string program, string workingDirectory, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
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

        var process = Process.Start(start)!;
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            output.Enqueue(e.Data);
            if (ListeningLine().Match(e.Data) is { Success: true } match)
            {
                listening.TrySetResult(new Uri(match.Groups[1].Value));
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                output.Enqueue(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var started = await Task.WhenAny(listening.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(60)));
        if (started != listening.Task)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException("The server did not start:\n" + string.Join('\n', output));
        }

        return new ServerProcess(process, await listening.Task, output);
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
