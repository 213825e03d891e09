using Logbeam.Protocol;

namespace Logbeam.Device;

/// <summary>A snapshot of what the client has done with the lines it was given; read it with <see cref="LogbeamDeviceClient.Counters"/>.</summary>
public sealed record LogbeamDeviceCounters
{
    /// <summary>Lines in memory: in the buffer or in batches waiting to be sent.</summary>
    public long Buffered { get; init; }

    /// <summary>Lines in batches waiting in the spool on disk.</summary>
    public long Spooled { get; init; }

    /// <summary>Lines the platform acknowledged (committed), in total.</summary>
    public long Sent { get; init; }

    /// <summary>
    /// Lines lost, in total: pushed out of a full buffer or spool, refused by the platform as malformed, or still unsent when
    /// the client was disposed without a spool.
    /// </summary>
    public long Dropped { get; init; }

    /// <summary>Uploads the platform acknowledged, in total.</summary>
    public long BatchesSent { get; init; }

    /// <summary>Upload attempts that failed and were (or will be) retried, in total.</summary>
    public long FailedAttempts { get; init; }

    /// <summary>The last upload or connection error, or <see langword="null"/> when there was none.</summary>
    public string? LastError { get; init; }

    /// <summary>When <see cref="LastError"/> happened.</summary>
    public DateTimeOffset? LastErrorAt { get; init; }

    /// <summary>Whether the MQTT connection is up.</summary>
    public bool Connected { get; init; }

    /// <summary>The level lines are reported at now.</summary>
    public DeviceLogLevel Level { get; init; }
}
