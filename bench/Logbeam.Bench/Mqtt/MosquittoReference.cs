using System.Diagnostics;
using Logbeam.Protocol;

namespace Logbeam.Bench.Mqtt;

/// <summary>
/// The reference of bench.md: Mosquitto on loopback, and one minimal responder client that answers
/// <c>get_log_level</c> on the same topics with the same reply bytes Logbeam would send.
/// </summary>
internal sealed class MosquittoReference : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;
    private readonly RawMqttClient _responder = new();
    private readonly CancellationTokenSource _stop = new();

    private MosquittoReference(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public int Pid => _process.Id;

    public static async Task<MosquittoReference> StartAsync(int port)
    {
        var binary = File.Exists("/usr/sbin/mosquitto") ? "/usr/sbin/mosquitto" : "mosquitto";
        var directory = Directory.CreateTempSubdirectory("logbeam-bench-mosquitto").FullName;
        var config = Path.Combine(directory, "mosquitto.conf");
        await File.WriteAllTextAsync(config, $"""
            listener {port} 127.0.0.1
            allow_anonymous true
            max_connections -1
            set_tcp_nodelay true
            persistence false
            log_dest none
            """).ConfigureAwait(false);
        Process process;
        try
        {
            process = Process.Start(new ProcessStartInfo(binary, ["-c", config]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("mosquitto is missing: apt-get install mosquitto (scripts/install-test-deps.sh does it).", ex);
        }

        var reference = new MosquittoReference(process, directory, port);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await reference.StartResponderAsync().ConfigureAwait(false);
                return reference;
            }
            catch (System.Net.Sockets.SocketException) when (attempt < 50 && !process.HasExited)
            {
                await Task.Delay(100).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The responder publishes one push to each device, as Logbeam does for a product-wide change.</summary>
    public async Task PushAsync(IEnumerable<BenchDevice> devices, DeviceLogLevel level)
    {
        var payload = LogLevelMessages.FormatReply(level, "logbeam-push", DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        foreach (var device in devices)
        {
            await _responder.PublishAsync(Topics.LogOperationResult(device.ProductId, device.DeviceName), payload, _stop.Token).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _responder.DisposeAsync().ConfigureAwait(false);
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        _process.Dispose();
        _stop.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task StartResponderAsync()
    {
        if (await _responder.ConnectAsync(Port, "logbeam-bench-responder", null, null, _stop.Token).ConfigureAwait(false) != 0 ||
            !await _responder.SubscribeAsync(Topics.LogOperationFilter, _stop.Token).ConfigureAwait(false))
        {
            throw new InvalidOperationException("Mosquitto refused the responder.");
        }

        _responder.Received = (client, topic, payload) =>
        {
            if (!Topics.TryParseOperation(topic, out var kind, out var productId, out var deviceName) || kind != OperationKind.Log ||
                !LogLevelMessages.TryParseRequest(payload.Span, out var token))
            {
                return;
            }

            var reply = LogLevelMessages.FormatReply(DeviceLogLevel.Error, token, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            _ = client.PublishAsync(Topics.LogOperationResult(productId, deviceName), reply, _stop.Token);
        };
        _responder.StartReading(_stop.Token);
    }
}
