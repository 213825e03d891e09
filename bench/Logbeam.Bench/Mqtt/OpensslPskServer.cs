using System.Diagnostics;
using System.Globalization;

namespace Logbeam.Bench.Mqtt;

/// <summary>
/// The reference of the TLS storm: <c>openssl s_server</c> with one pre-shared key, TLS 1.2 and
/// <c>PSK-AES128-CBC-SHA</c> only, on a loopback port. It serves one connection at a time, so its clients close right
/// after the handshake. Killed when disposed.
/// </summary>
internal sealed class OpensslPskServer : IDisposable
{
    private readonly Process _process;

    private OpensslPskServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public int Pid => _process.Id;

    public static async Task<OpensslPskServer> StartAsync(int port, string identity, byte[] psk, int accepts)
    {
        var start = new ProcessStartInfo("openssl")
        {
            RedirectStandardInput = true, // kept open: s_server must not see the end of its input
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[
            "s_server", "-accept", $"127.0.0.1:{port}", "-naccept", accepts.ToString(CultureInfo.InvariantCulture), "-quiet",
            "-nocert", "-tls1_2", "-cipher", "PSK-AES128-CBC-SHA:@SECLEVEL=0", "-no_ticket",
            "-psk_identity", identity, "-psk", Convert.ToHexStringLower(psk)])
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start openssl s_server.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new OpensslPskServer(process, port);

        // Waits for the listening socket in /proc rather than probing it: a probe would be one of its accepts.
        var waited = Stopwatch.StartNew();
        while (!Listening(port))
        {
            if (process.HasExited || waited.Elapsed > TimeSpan.FromSeconds(10))
            {
                server.Dispose();
                throw new InvalidOperationException($"openssl s_server did not listen on 127.0.0.1:{port}.");
            }

            await Task.Delay(20).ConfigureAwait(false);
        }

        return server;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5_000);
        }

        _process.Dispose();
    }

    private static bool Listening(int port)
    {
        var local = $":{port:X4} ";
        // /proc/net/tcp: "sl local_address rem_address st ..."; st 0A is LISTEN.
        return File.ReadLines("/proc/net/tcp").Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Any(fields => (fields[1] + " ").EndsWith(local, StringComparison.Ordinal) && fields[3] == "0A");
    }
}
