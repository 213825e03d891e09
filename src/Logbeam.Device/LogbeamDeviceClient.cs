using Logbeam.Device.Mqtt;
using Logbeam.Device.Upload;
using Logbeam.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Logbeam.Device;

/// <summary>
/// A device's log pipe to the Logbeam platform (or Tencent Cloud IoT device log reporting): the platform sets the level over
/// MQTT, lines at or under it are buffered, batched, signed and uploaded with retry, spooled to disk while offline, and
/// stored exactly once. Logging never blocks and never throws. Create one with <see cref="LogbeamDeviceClientBuilder"/> or
/// <c>services.AddLogbeamDevice(...)</c>; dispose it to send what is left.
/// </summary>
public sealed class LogbeamDeviceClient : IAsyncDisposable, IDisposable
{
    private readonly LogbeamDeviceOptions _options;
    private readonly DeviceClock _clock;
    private readonly DeviceCounters _counters = new();
    private readonly ILogger _logger;
    private readonly HttpClient _http;
    private readonly RequestSigning _signing;
    private readonly UploadPipeline _pipeline;
    private readonly LevelControlSession? _session;
    private readonly TimeZoneInfo _zone;
    private int _level;
    private int _disposed;

    internal LogbeamDeviceClient(LogbeamDeviceOptions options, ILoggerFactory? loggerFactory, HttpMessageHandler? handler, TimeProvider? time)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger(DeviceLog.Category);
        _clock = new DeviceClock(time ?? TimeProvider.System);
        _zone = options.UtcLineTimes ? TimeZoneInfo.Utc : TimeZoneInfo.Local;
        _level = (int)options.InitialLevel;
        _signing = new RequestSigning(options);
        _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        _http.Timeout = Timeout.InfiniteTimeSpan; // each attempt has its own deadline
        var spool = options.SpoolDirectory is null ? null : new Spool(options.SpoolDirectory, options.SpoolMaxBytes);
        var outbox = new Outbox(spool, options.MaxPendingBatches, _counters);
        var sender = new ReportLogSender(_http, options.ResolvedUploadUri, _signing, _clock, options.RequestTimeout);
        _pipeline = new UploadPipeline(options, outbox, sender, _counters, _clock, _logger);
        if (options.BrokerUri is not null)
        {
            _session = new LevelControlSession(options, SetLevel, _clock, _counters, _logger);
        }
    }

    /// <summary>Raised, on an MQTT thread, when the platform sets a new level.</summary>
    public event EventHandler<DeviceLogLevel>? LevelChanged;

    /// <summary>The product id.</summary>
    public string ProductId => _options.ProductId;

    /// <summary>The device name.</summary>
    public string DeviceName => _options.DeviceName;

    /// <summary>The level lines are reported at now: the platform's, or <see cref="LogbeamDeviceOptions.InitialLevel"/> until it answers.</summary>
    public DeviceLogLevel Level => (DeviceLogLevel)Volatile.Read(ref _level);

    /// <summary>Whether the MQTT connection is up.</summary>
    public bool IsConnected => _session?.IsConnected ?? false;

    /// <summary>The platform's time as this device knows it (the device clock corrected by time sync).</summary>
    public DateTimeOffset Now => _clock.Now;

    /// <summary>What happened to the lines so far: buffered, spooled, sent, dropped, and the last error.</summary>
    public LogbeamDeviceCounters Counters => _counters.Snapshot(IsConnected, Level);

    /// <summary>Whether a line at <paramref name="level"/> would be reported now.</summary>
    /// <param name="level">The line's level.</param>
    /// <returns><see langword="true"/> when the line is at or under the current level and the level is not <see cref="DeviceLogLevel.Off"/>.</returns>
    public bool IsEnabled(DeviceLogLevel level)
    {
        int current = Volatile.Read(ref _level);
        return level != DeviceLogLevel.Off && current != 0 && (int)level <= current && Volatile.Read(ref _disposed) == 0;
    }

    /// <summary>
    /// Reports a line when <paramref name="level"/> is enabled: stamped with the platform-corrected time, added to the buffer
    /// without blocking (a full buffer drops its oldest line, counted). Never throws.
    /// </summary>
    /// <param name="level">The line's level, <see cref="DeviceLogLevel.Error"/> to <see cref="DeviceLogLevel.Debug"/>.</param>
    /// <param name="tag">The tag (the Java SDK's TAG field); <c>|</c> and line breaks are replaced.</param>
    /// <param name="message">The text.</param>
    public void Log(DeviceLogLevel level, string? tag, string? message)
    {
        if (!IsEnabled(level))
        {
            return;
        }

        try
        {
            var time = TimeZoneInfo.ConvertTime(_clock.Now, _zone).DateTime;
            _pipeline.TryAdd(LineFormat.Format(level, time, tag, message));
        }
#pragma warning disable CA1031 // logging must never throw on the caller's thread
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    /// <summary>Sends everything logged so far, waiting at most <see cref="LogbeamDeviceOptions.FlushTimeout"/>.</summary>
    /// <param name="cancellationToken">Stops waiting (the lines stay queued).</param>
    /// <returns><see langword="true"/> when every line logged before the call was acknowledged or dropped in time.</returns>
    public Task<bool> FlushAsync(CancellationToken cancellationToken = default) => FlushAsync(_options.FlushTimeout, cancellationToken);

    /// <summary>Sends everything logged so far, waiting at most <paramref name="timeout"/>.</summary>
    /// <param name="timeout">How long to wait for the platform.</param>
    /// <param name="cancellationToken">Stops waiting (the lines stay queued).</param>
    /// <returns><see langword="true"/> when every line logged before the call was acknowledged or dropped in time.</returns>
    public Task<bool> FlushAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        _pipeline.FlushAsync(timeout, cancellationToken);

    /// <summary>
    /// Sends what is buffered within <see cref="LogbeamDeviceOptions.FlushTimeout"/>, keeps the rest in the spool (when there is
    /// one) for the next start, and disconnects.
    /// </summary>
    /// <returns>A task that completes when the client is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _pipeline.DisposeAsync().ConfigureAwait(false);
        if (_session is not null)
        {
            await _session.DisposeAsync().ConfigureAwait(false);
        }

        _http.Dispose();
        _signing.Dispose();
    }

    /// <summary>Blocks on <see cref="DisposeAsync"/>; prefer that.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private void SetLevel(int level)
    {
        int previous = Interlocked.Exchange(ref _level, level);
        if (previous != level)
        {
            DeviceLog.LevelChanged(_logger, (DeviceLogLevel)level);
            LevelChanged?.Invoke(this, (DeviceLogLevel)level);
        }
    }
}
