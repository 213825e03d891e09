using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Logbeam.Bench.Common;
using Logbeam.Bench.Ingest;
using Logbeam.Protocol;

namespace Logbeam.Bench.Mqtt;

/// <summary>
/// <c>mqtt</c>: N devices connected with device credentials; a product-wide level push reaching all of them;
/// <c>get_log_level</c> round trips. Reference in the same run: Mosquitto with a minimal responder client.
/// </summary>
internal static class MqttScenario
{
    private const string ProductId = "BENCHMQTT1";
    private const string AdminKey = "bench-admin-key-0123456789abcdef";

    public static async Task<int> RunAsync(BenchArgs args)
    {
        var settings = new MqttRunSettings(
            Devices: args.Int("devices", 10_000),
            RoundTripClients: args.Int("rtt-clients", 100),
            Warmup: TimeSpan.FromSeconds(args.Int("warmup", 3)),
            Duration: TimeSpan.FromSeconds(args.Int("duration", 10)),
            ConnectParallelism: args.Int("connect-parallel", 200));
        var fleet = Enumerable.Range(0, settings.Devices)
            .Select(i => (Name: $"dev{i:00000}", Psk: Convert.ToBase64String(RandomNumberGenerator.GetBytes(16))))
            .ToArray();
        // The bench measures the Release build, whatever the bench itself was built as.
        var serverDll = BuildOutput.Dll("Logbeam.Server", "Release");

        Console.WriteLine($"mqtt: {settings.Devices} devices, {settings.RoundTripClients} round-trip clients, {settings.Warmup.TotalSeconds:0} s + {settings.Duration.TotalSeconds:0} s");
        var logbeam = await RunLogbeamAsync(serverDll, fleet, settings).ConfigureAwait(false);
        var mosquitto = await RunMosquittoAsync(fleet, settings).ConfigureAwait(false);

        Console.WriteLine();
        Console.WriteLine("                      Logbeam      Mosquitto+responder");
        Print("connected", logbeam.Connected, mosquitto.Connected, "0");
        Print("connect all, s", logbeam.ConnectSeconds, mosquitto.ConnectSeconds, "0.00");
        Print("broker RSS, MiB", logbeam.RssMiB, mosquitto.RssMiB, "0");
        Print("RSS per conn, KiB", logbeam.RssPerConnectionKiB, mosquitto.RssPerConnectionKiB, "0.0");
        Print("push to all, ms", logbeam.PushAllMs, mosquitto.PushAllMs, "0");
        Print("push p50, ms", logbeam.PushP50Ms, mosquitto.PushP50Ms, "0");
        Print("round trips/s", logbeam.RoundTripsPerSecond, mosquitto.RoundTripsPerSecond, "0");
        Print("round trip p50, ms", logbeam.RoundTripP50Ms, mosquitto.RoundTripP50Ms, "0.00");
        Print("round trip p99, ms", logbeam.RoundTripP99Ms, mosquitto.RoundTripP99Ms, "0.00");
        Print("broker CPU, s", logbeam.BrokerCpuSeconds, mosquitto.BrokerCpuSeconds, "0.0");
        Print("load gen CPU, s", logbeam.LoadGeneratorCpuSeconds, mosquitto.LoadGeneratorCpuSeconds, "0.0");
        var ratio = logbeam.RoundTripsPerSecond / mosquitto.RoundTripsPerSecond;
        Console.WriteLine($"round trips ÷ Mosquitto: {ratio:P0}");

        var path = ResultsFile.Append(
            "mqtt",
            "mqtt — device connections, level pushes and get_log_level round trips (bench/README.md)",
            ["date", "commit", "machine", "devices", "connected", "connect s", "RSS MiB", "RSS/conn KiB", "push all ms", "push p50 ms",
             "rt/s", "rt p50 ms", "rt p99 ms", "server CPU s", "loadgen CPU s",
             "mosquitto RSS/conn KiB", "mosquitto push all ms", "mosquitto rt/s", "mosquitto rt p99 ms", "mosquitto CPU s",
             "rt/s ÷ mosquitto"],
            [[ResultsFile.Now, Machine.Commit, Machine.Summary, F(settings.Devices, "N0"), F(logbeam.Connected, "N0"),
              F(logbeam.ConnectSeconds, "0.0"), F(logbeam.RssMiB, "0"), F(logbeam.RssPerConnectionKiB, "0.0"),
              F(logbeam.PushAllMs, "0"), F(logbeam.PushP50Ms, "0"), F(logbeam.RoundTripsPerSecond, "N0"),
              F(logbeam.RoundTripP50Ms, "0.00"), F(logbeam.RoundTripP99Ms, "0.00"), F(logbeam.BrokerCpuSeconds, "0.0"),
              F(logbeam.LoadGeneratorCpuSeconds, "0.0"), F(mosquitto.RssPerConnectionKiB, "0.0"), F(mosquitto.PushAllMs, "0"),
              F(mosquitto.RoundTripsPerSecond, "N0"), F(mosquitto.RoundTripP99Ms, "0.00"), F(mosquitto.BrokerCpuSeconds, "0.0"),
              F(ratio, "P0")]]);
        Console.WriteLine($"appended to {path}");
        return 0;
    }

    private static async Task<MqttRunResult> RunLogbeamAsync(string serverDll, (string Name, string Psk)[] fleet, MqttRunSettings settings)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("logbeam-bench-mqtt").FullName;
        var mqttPort = FreePort.Next();
        try
        {
            await using var server = await ServerProcess.StartProgramAsync(serverDll, [
                "--Storage:DataDirectory", dataDirectory, "--Api:AdminKey", AdminKey, "--Mqtt:Port", mqttPort.ToString(CultureInfo.InvariantCulture), "--Mqtt:TlsPort", "-1",
                "--Logging:LogLevel:Default", "Warning"]).ConfigureAwait(false);
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.Port}") };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
            await RegisterAsync(http, ProductId, fleet).ConfigureAwait(false);
            Console.WriteLine($"Logbeam: {fleet.Length} devices registered");

            return await MeasureAsync("Logbeam", server.ProcessId, mqttPort, fleet, settings, withCredentials: true, async devices =>
            {
                using var push = await http.PutAsJsonAsync(new Uri($"/api/v1/products/{ProductId}/log-level", UriKind.Relative), new { defaultLogLevel = 3 })
                    .ConfigureAwait(false);
                push.EnsureSuccessStatusCode();
            }).ConfigureAwait(false);
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private static async Task<MqttRunResult> RunMosquittoAsync((string Name, string Psk)[] fleet, MqttRunSettings settings)
    {
        await using var mosquitto = await MosquittoReference.StartAsync(FreePort.Next()).ConfigureAwait(false);
        return await MeasureAsync("Mosquitto", mosquitto.Pid, mosquitto.Port, fleet, settings, withCredentials: false,
            devices => mosquitto.PushAsync(devices, DeviceLogLevel.Info)).ConfigureAwait(false);
    }

    private static async Task<MqttRunResult> MeasureAsync(
        string name, int brokerPid, int port, (string Name, string Psk)[] fleet, MqttRunSettings settings, bool withCredentials,
        Func<IReadOnlyList<BenchDevice>, Task> push)
    {
        using var stop = new CancellationTokenSource();
        var devices = fleet.Select(f => new BenchDevice(ProductId, f.Name, f.Psk)).ToArray();
        var self = Process.GetCurrentProcess();
        var loadCpuStart = self.TotalProcessorTime;
        var brokerCpuStart = ProcStat.CpuSeconds(brokerPid);
        var rssBefore = RssMiB(brokerPid);
        try
        {
            var connectStarted = Stopwatch.GetTimestamp();
            var connected = 0;
            await Parallel.ForEachAsync(devices, new ParallelOptions { MaxDegreeOfParallelism = settings.ConnectParallelism }, async (device, ct) =>
            {
                if (await ConnectAsync(device, port, withCredentials, stop.Token).ConfigureAwait(false))
                {
                    Interlocked.Increment(ref connected);
                }
            }).ConfigureAwait(false);
            var connectSeconds = Stopwatch.GetElapsedTime(connectStarted).TotalSeconds;
            await Task.Delay(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
            var rss = RssMiB(brokerPid);
            Console.WriteLine($"{name}: {connected} connected in {connectSeconds:0.0} s, RSS {rssBefore:0} -> {rss:0} MiB");

            var arrivals = devices.Select(d => d.ExpectMessage()).ToArray();
            var pushStarted = Stopwatch.GetTimestamp();
            await push(devices).ConfigureAwait(false);
            var all = Task.WhenAll(arrivals);
            await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(60))).ConfigureAwait(false);
            var pushTimes = arrivals.Where(a => a.IsCompletedSuccessfully)
                .Select(a => Stopwatch.GetElapsedTime(pushStarted, a.Result).TotalMilliseconds).Order().ToArray();
            Console.WriteLine($"{name}: push reached {pushTimes.Length} of {devices.Length} devices, the last after {(pushTimes.Length > 0 ? pushTimes[^1] : double.NaN):0} ms");

            var (roundTrips, latencies) = await RoundTripsAsync(devices.Take(settings.RoundTripClients).ToArray(), settings).ConfigureAwait(false);
            return new MqttRunResult(
                connected, connectSeconds, rss, (rss - rssBefore) * 1024 / Math.Max(connected, 1),
                pushTimes.Length == devices.Length ? pushTimes[^1] : double.NaN,
                pushTimes.Length > 0 ? Percentiles.Of(pushTimes, 50) : double.NaN,
                roundTrips / settings.Duration.TotalSeconds,
                latencies.Length > 0 ? Percentiles.Of(latencies, 50) : double.NaN,
                latencies.Length > 0 ? Percentiles.Of(latencies, 99) : double.NaN,
                ProcStat.CpuSeconds(brokerPid) - brokerCpuStart,
                (self.TotalProcessorTime - loadCpuStart).TotalSeconds);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(devices.Select(d => d.Client.DisposeAsync().AsTask())).ConfigureAwait(false);
        }
    }

    private static async Task<(long Count, double[] Latencies)> RoundTripsAsync(BenchDevice[] clients, MqttRunSettings settings)
    {
        var measureFrom = Stopwatch.GetTimestamp() + (long)(settings.Warmup.TotalSeconds * Stopwatch.Frequency);
        var measureUntil = measureFrom + (long)(settings.Duration.TotalSeconds * Stopwatch.Frequency);
        var latencies = new ConcurrentBag<double[]>();
        long count = 0;
        await Task.WhenAll(clients.Select(device => Task.Run(async () =>
        {
            var mine = new List<double>();
            var topic = Topics.LogOperation(device.ProductId, device.DeviceName);
            for (var n = 0; Stopwatch.GetTimestamp() < measureUntil; n++)
            {
                var reply = device.ExpectMessage();
                var sent = Stopwatch.GetTimestamp();
                await device.Client.PublishAsync(topic, LogLevelMessages.FormatRequest($"{device.ProductId}{device.DeviceName}-{n}"), CancellationToken.None)
                    .ConfigureAwait(false);
                var arrived = await reply.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
                if (sent >= measureFrom && arrived <= measureUntil)
                {
                    mine.Add(Stopwatch.GetElapsedTime(sent, arrived).TotalMilliseconds);
                }
            }

            latencies.Add([.. mine]);
            Interlocked.Add(ref count, mine.Count);
        }))).ConfigureAwait(false);
        return (count, [.. latencies.SelectMany(l => l).Order()]);
    }

    private static async Task<bool> ConnectAsync(BenchDevice device, int port, bool withCredentials, CancellationToken cancellationToken)
    {
        var clientId = MqttCredentials.ClientId(device.ProductId, device.DeviceName);
        string? username = null, password = null;
        if (withCredentials)
        {
            // The Java SDK's form: sdkappid 12010126, a 5-character connection id, expiry int.MaxValue, HMAC-SHA256.
            username = MqttCredentials.CreateUsername(device.ProductId, device.DeviceName, "12010126", "bench", 2147483647);
            password = MqttCredentials.CreatePassword(username, device.Psk, MqttPasswordMethod.HmacSha256);
        }

        if (await device.Client.ConnectAsync(port, clientId, username, password, cancellationToken).ConfigureAwait(false) != 0 ||
            !await device.Client.SubscribeAsync(Topics.LogOperationResult(device.ProductId, device.DeviceName), cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        device.Client.State = device;
        device.Client.Received = static (client, _, _) => ((BenchDevice)client.State!).OnMessage();
        device.Client.StartReading(cancellationToken);
        return true;
    }

    internal static async Task RegisterAsync(HttpClient http, string productId, (string Name, string Psk)[] fleet)
    {
        using (var product = await http.PostAsJsonAsync(new Uri("/api/v1/products", UriKind.Relative),
            new { productId, name = "mqtt bench", defaultLogLevel = 1 }).ConfigureAwait(false))
        {
            product.EnsureSuccessStatusCode();
        }

        await Parallel.ForEachAsync(fleet, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (device, ct) =>
        {
            using var created = await http.PostAsJsonAsync(new Uri($"/api/v1/products/{productId}/devices", UriKind.Relative),
                new { deviceName = device.Name, psk = device.Psk }, ct).ConfigureAwait(false);
            created.EnsureSuccessStatusCode();
        }).ConfigureAwait(false);
    }

    internal static double RssMiB(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    private static void Print(string label, double logbeam, double mosquitto, string format) =>
        Console.WriteLine($"{label,-22}{logbeam.ToString(format, CultureInfo.InvariantCulture),10}   {mosquitto.ToString(format, CultureInfo.InvariantCulture),10}");

    private static string F(double value, string format) => double.IsNaN(value) ? "n/a" : value.ToString(format, CultureInfo.InvariantCulture);
}
