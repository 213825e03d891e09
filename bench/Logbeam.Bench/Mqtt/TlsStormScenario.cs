using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Logbeam.Bench.Common;
using Logbeam.Bench.Ingest;

namespace Logbeam.Bench.Mqtt;

/// <summary>
/// <c>mqtt-tls</c>: a reconnect storm. N key devices connect at once over TLS-PSK to a freshly restarted server and
/// send a CONNECT without password (Tencent's C SDK in a TLS build). Reference in the same run: <c>openssl s_server</c>
/// doing the same PSK handshakes for the same client code.
/// </summary>
internal static class TlsStormScenario
{
    private const string ProductId = "BENCHTLS01";
    private const string AdminKey = "bench-admin-key-0123456789abcdef";
    private const string ReferenceIdentity = "bench-reference";

    public static async Task<int> RunAsync(BenchArgs args)
    {
        var devices = args.Int("devices", 10_000);
        var inFlight = args.Int("in-flight", 256);
        var timeout = TimeSpan.FromSeconds(args.Int("timeout", 120));
        // s_server serves one connection at a time; more of them on their own ports use more cores.
        var opensslServers = args.Int("openssl-servers", 1);
        var fleet = Enumerable.Range(0, devices)
            .Select(i => (Name: $"dev{i:00000}", Psk: Convert.ToBase64String(RandomNumberGenerator.GetBytes(16))))
            .ToArray();
        var serverDll = BuildOutput.Dll("Logbeam.Server", "Release");
        var loadBefore = LoadAverage();
        Console.WriteLine($"mqtt-tls: {devices} TLS-PSK devices, {inFlight} handshakes in flight, load average {loadBefore}");

        var dataDirectory = Directory.CreateTempSubdirectory("logbeam-bench-mqtt-tls").FullName;
        try
        {
            string[] serverArguments = [
                "--Storage:DataDirectory", dataDirectory, "--Api:AdminKey", AdminKey, "--Mqtt:Port", "-1",
                "--Mqtt:TlsPort", FreePort.Next().ToString(CultureInfo.InvariantCulture), "--Logging:LogLevel:Default", "Warning"];
            await using (var first = await ServerProcess.StartProgramAsync(serverDll, serverArguments).ConfigureAwait(false))
            {
                using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{first.Port}") };
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
                await MqttScenario.RegisterAsync(http, ProductId, fleet).ConfigureAwait(false);
                Console.WriteLine($"Logbeam: {devices} devices registered; restarting the server");
            }

            var reference = await RunOpensslAsync(devices, opensslServers, inFlight, timeout).ConfigureAwait(false);
            var (logbeam, rssBefore, rss) = await RunLogbeamAsync(serverDll, serverArguments, fleet, inFlight, timeout).ConfigureAwait(false);
            var loadAfter = LoadAverage();
            Report(devices, inFlight, opensslServers, logbeam, rssBefore, rss, reference, loadBefore, loadAfter);
            return 0;
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private static async Task<StormResult> RunOpensslAsync(int devices, int servers, int inFlight, TimeSpan timeout)
    {
        var psk = RandomNumberGenerator.GetBytes(16);
        var warmup = Math.Min(devices, 1000);
        var openssl = new List<OpensslPskServer>();
        try
        {
            for (var i = 0; i < servers; i++)
            {
                // One accept more than the storms make, so it is still running when its CPU time is read.
                openssl.Add(await OpensslPskServer.StartAsync(FreePort.Next(), ReferenceIdentity, psk, (devices + warmup) / servers + 2)
                    .ConfigureAwait(false));
            }

            PskStorm.Target[] Targets(int count) => [.. Enumerable.Range(0, count).Select(i =>
                new PskStorm.Target(new IPEndPoint(IPAddress.Loopback, openssl[i % servers].Port), ReferenceIdentity, psk, null))];
            var pids = openssl.Select(o => o.Pid).ToArray();

            // The client's code is jitted here, so that neither measured storm pays for it.
            await PskStorm.RunAsync(Targets(warmup), inFlight, timeout, pids).ConfigureAwait(false);
            var (result, _) = await PskStorm.RunAsync(Targets(devices), inFlight, timeout, pids).ConfigureAwait(false);
            Console.WriteLine($"openssl s_server ×{servers}: {result.Handshakes} handshakes in {result.SecondsToLastHandshake:0.00} s, {result.FailureCount} failed");
            PrintFailures(result);
            return result;
        }
        finally
        {
            openssl.ForEach(o => o.Dispose());
        }
    }

    private static async Task<(StormResult Result, double RssBefore, double Rss)> RunLogbeamAsync(
        string serverDll, string[] serverArguments, (string Name, string Psk)[] fleet, int inFlight, TimeSpan timeout)
    {
        await using var server = await ServerProcess.StartProgramAsync(serverDll, serverArguments).ConfigureAwait(false);
        var tlsPort = int.Parse(serverArguments[Array.IndexOf(serverArguments, "--Mqtt:TlsPort") + 1], CultureInfo.InvariantCulture);
        var rssBefore = MqttScenario.RssMiB(server.ProcessId);
        var targets = fleet.Select(device =>
        {
            var clientId = ProductId + device.Name;
            return new PskStorm.Target(
                new IPEndPoint(IPAddress.Loopback, tlsPort), clientId, Convert.FromBase64String(device.Psk),
                PskStormConnection.MqttConnect(clientId, $"{clientId};21010406;abcde;9223372036854775807"));
        }).ToArray();

        var (result, open) = await PskStorm.RunAsync(targets, inFlight, timeout, [server.ProcessId])
            .ConfigureAwait(false);
        try
        {
            Console.WriteLine($"Logbeam: {result.Connected} connected in {result.SecondsToLastConnAck:0.00} s, {result.FailureCount} failed");
            PrintFailures(result);
            if (result.FailureCount > 0)
            {
                Console.WriteLine("server output:\n" + server.RecentOutput);
            }

            // Settled: the storm's garbage collected, every connection idle and held.
            await Task.Delay(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
            return (result, rssBefore, MqttScenario.RssMiB(server.ProcessId));
        }
        finally
        {
            foreach (var connection in open)
            {
                connection.Dispose();
            }
        }
    }

    private static void Report(
        int devices, int inFlight, int opensslServers, StormResult logbeam, double rssBefore, double rss, StormResult openssl, string loadBefore, string loadAfter)
    {
        var handshakeRatio = logbeam.HandshakesPerSecond / openssl.HandshakesPerSecond;
        var connectRatio = logbeam.ConnAcksPerSecond / openssl.HandshakesPerSecond;
        Console.WriteLine();
        Console.WriteLine($"{"",-30}{"Logbeam",12}{$"openssl ×{opensslServers}",12}");
        Row("completed", logbeam.Connected, openssl.Handshakes, "N0");
        Row("failed", logbeam.FailureCount, openssl.FailureCount, "N0");
        Row("all handshakes done, s", logbeam.SecondsToLastHandshake, openssl.SecondsToLastHandshake, "0.00");
        Row("all connected (CONNACK 0), s", logbeam.SecondsToLastConnAck, double.NaN, "0.00");
        Row("handshakes/s", logbeam.HandshakesPerSecond, openssl.HandshakesPerSecond, "N0");
        Row("connected/s", logbeam.ConnAcksPerSecond, double.NaN, "N0");
        Row("server CPU, s", logbeam.ServerCpuSeconds, openssl.ServerCpuSeconds, "0.0");
        Row("server CPU per client, ms", logbeam.ServerCpuMsEach, openssl.ServerCpuMsEach, "0.00");
        Row("client CPU, s", logbeam.ClientCpuSeconds, openssl.ClientCpuSeconds, "0.0");
        Row("server RSS before, MiB", rssBefore, double.NaN, "0");
        Row($"server RSS, {logbeam.Connected:N0} held, MiB", rss, double.NaN, "0");
        Row($"server RSS, {logbeam.Connected:N0} held, MB", rss * 1.048576, double.NaN, "0");
        Console.WriteLine($"handshakes/s ÷ openssl: {handshakeRatio:0.00}×   connected/s ÷ openssl handshakes/s: {connectRatio:0.00}×");
        Console.WriteLine("goals (issue 15): all 10,000 connected in under 10 s; at least 0.5× openssl's handshake rate; RSS under 500 MB with 10,000 TLS connections");
        Console.WriteLine($"load average before {loadBefore}, after {loadAfter}");

        var path = ResultsFile.Append(
            "mqtt",
            "mqtt — device connections, level pushes and get_log_level round trips (bench/README.md)",
            ["date", "commit", "machine", "load avg", "devices", "in flight", "connected", "failed", "all connected s", "handshakes/s",
             "connected/s", "server CPU s", "server CPU ms/conn", "client CPU s", "RSS before MiB", "RSS held MiB", "openssl servers", "openssl handshakes/s", "openssl CPU s", "openssl CPU ms/handshake",
             "openssl client CPU s", "handshakes/s ÷ openssl", "connected/s ÷ openssl"],
            [[ResultsFile.Now, Machine.Commit, Machine.Summary, loadBefore.Split(' ')[0], F(devices, "N0"), F(inFlight, "0"),
              F(logbeam.Connected, "N0"), F(logbeam.FailureCount, "N0"), F(logbeam.SecondsToLastConnAck, "0.00"),
              F(logbeam.HandshakesPerSecond, "N0"), F(logbeam.ConnAcksPerSecond, "N0"), F(logbeam.ServerCpuSeconds, "0.0"), F(logbeam.ServerCpuMsEach, "0.00"),
              F(logbeam.ClientCpuSeconds, "0.0"), F(rssBefore, "0"), F(rss, "0"), F(opensslServers, "0"), F(openssl.HandshakesPerSecond, "N0"),
              F(openssl.ServerCpuSeconds, "0.0"), F(openssl.ServerCpuMsEach, "0.00"), F(openssl.ClientCpuSeconds, "0.0"), F(handshakeRatio, "0.00") + "×",
              F(connectRatio, "0.00") + "×"]],
            section: "mqtt-tls — reconnect storm over TLS-PSK");
        Console.WriteLine($"appended to {path}");
    }

    private static void PrintFailures(StormResult result)
    {
        foreach (var (reason, count) in result.Failures.OrderByDescending(f => f.Value))
        {
            Console.WriteLine($"  {count,6} × {reason}");
        }
    }

    private static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    private static void Row(string label, double logbeam, double openssl, string format) =>
        Console.WriteLine($"{label,-30}{F(logbeam, format),12}{F(openssl, format),12}");

    private static string F(double value, string format) => double.IsNaN(value) ? "n/a" : value.ToString(format, CultureInfo.InvariantCulture);
}
