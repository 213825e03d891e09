using System.Globalization;
using Logbeam.Server.Tests.Infrastructure;

namespace Logbeam.Server.Tests.Mqtt;

/// <summary>
/// A real Mosquitto on a free loopback port, started from a generated config as a child process and killed at the
/// end. It lets anyone in: in these tests it is the external broker, and device authentication is not its job here.
/// </summary>
public sealed class MosquittoBroker : IDisposable
{
    private readonly string _directory = TempDirectory.Create("logbeam-mosquitto");
    private readonly string _config;
    private RunningProgram? _process;

    public MosquittoBroker()
    {
        Port = FreePort.Next();
        _config = Path.Combine(_directory, "mosquitto.conf");
        File.WriteAllText(_config, string.Join('\n',
            $"listener {Port.ToString(CultureInfo.InvariantCulture)} 127.0.0.1",
            "allow_anonymous true",
            "persistence false",
            // stderr, because Mosquitto's stdout into a pipe is block-buffered: its lines would come only at exit.
            "log_dest stderr",
            // Debug lines include "Sending SUBACK to <client>", which tells when a subscription is in place.
            "log_type all",
            string.Empty));
    }

    public int Port { get; }

    public string Output => _process?.Output ?? string.Empty;

    public async Task StartAsync()
    {
        // Started as root, Debian's mosquitto drops to its own user; the config is world-readable and nothing is written.
        _process = ExternalProgram.Start(ExternalProgram.Require("mosquitto", "mosquitto"), "-c", _config);
        await FreePort.WaitUntilListeningAsync(Port, TimeSpan.FromSeconds(10), () => $"mosquitto did not start: {Output}");
    }

    /// <summary>
    /// Waits until this Mosquitto has acknowledged a SUBSCRIBE from <paramref name="clientId"/> that no earlier call saw:
    /// from then on it routes matching messages to that client.
    /// </summary>
    public Task WaitForSubscriptionAsync(string clientId, TimeSpan timeout) =>
        (_process ?? throw new InvalidOperationException("Mosquitto is not running."))
            .WaitForLineAsync(line => line.EndsWith($"Sending SUBACK to {clientId}", StringComparison.Ordinal), timeout);

    public void Stop()
    {
        _process?.Dispose();
        _process = null;
    }

    public void Dispose()
    {
        Stop();
        TempDirectory.Delete(_directory);
    }
}
