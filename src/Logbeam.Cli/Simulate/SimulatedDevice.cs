using System.Globalization;
using Logbeam.Device;
using Logbeam.Protocol;

namespace Logbeam.Cli.Simulate;

/// <summary>One device of the fleet: an SDK client fed lines at a steady rate with a realistic mix of levels.</summary>
internal sealed class SimulatedDevice : IAsyncDisposable
{
    private static readonly (DeviceLogLevel Level, string Tag, string Text)[] Templates =
    [
        (DeviceLogLevel.Debug, "sensor", "sample t={0:0.0}C rh={1:0}%"),
        (DeviceLogLevel.Debug, "mqtt", "keepalive ping #{2}"),
        (DeviceLogLevel.Debug, "gpio", "pin 4 level {2}"),
        (DeviceLogLevel.Info, "app", "reading #{2} stored"),
        (DeviceLogLevel.Info, "ota", "firmware check: up to date"),
        (DeviceLogLevel.Warn, "power", "battery at {1:0}%"),
        (DeviceLogLevel.Error, "sensor", "read timeout after 500 ms (attempt {2})"),
    ];

    // Cumulative weights: about 50 % DEBUG, 30 % INFO, 14 % WARN, 6 % ERROR.
    private static readonly int[] Weights = [25, 40, 50, 70, 80, 94, 100];

    private readonly Random _random;
    private long _generated;
    private long _sent;

    public SimulatedDevice(DeviceCredential credential, SimulationSettings settings, int seed)
    {
        Name = credential.DeviceName;
        _random = new Random(seed);
        var builder = new LogbeamDeviceClientBuilder(credential.ProductId, credential.DeviceName)
            .UsePsk(credential.Psk)
            .UsePlatform(settings.Server, settings.Mqtt)
            .Configure(o =>
            {
                o.InitialLevel = settings.Mqtt is null ? DeviceLogLevel.Debug : DeviceLogLevel.Error;
                o.BatchInterval = TimeSpan.FromMilliseconds(500);
            });
        if (settings.SpoolDirectory is not null)
        {
            builder.UseSpool(Path.Combine(settings.SpoolDirectory, credential.DeviceName));
        }

        Client = builder.Build();
    }

    public string Name { get; }

    public LogbeamDeviceClient Client { get; }

    /// <summary>Lines the device produced.</summary>
    public long Generated => Interlocked.Read(ref _generated);

    /// <summary>Lines at or under the remote level, handed to the SDK to send.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    public async Task RunAsync(double linesPerSecond, CancellationToken cancellationToken)
    {
        var interval = TimeSpan.FromSeconds(1 / linesPerSecond);
        using var timer = new PeriodicTimer(interval);
        try
        {
            // Start at a random point of the first interval, so the fleet does not log in lockstep.
            await Task.Delay(interval * _random.NextDouble(), cancellationToken).ConfigureAwait(false);
            do
            {
                LogOne();
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            // the run is over
        }
    }

    public ValueTask DisposeAsync() => Client.DisposeAsync();

    private void LogOne()
    {
        int roll = _random.Next(100);
        var (level, tag, text) = Templates[Array.FindIndex(Weights, w => roll < w)];
        long n = Interlocked.Increment(ref _generated);
        if (!Client.IsEnabled(level))
        {
            return;
        }

        Client.Log(level, tag, string.Format(CultureInfo.InvariantCulture, text, 18 + (_random.NextDouble() * 10), _random.Next(20, 100), n));
        Interlocked.Increment(ref _sent);
    }
}
