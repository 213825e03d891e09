using Logbeam.Protocol;

namespace Logbeam.Server.Api;

/// <summary>Line counts by level; <c>Total</c> also counts lines marked <c>DIS</c> (level 0).</summary>
public sealed record LevelCounts(long Error, long Warn, long Info, long Debug, long Total)
{
    public static readonly LevelCounts Zero = new(0, 0, 0, 0, 0);

    public LevelCounts Add(DeviceLogLevel level, long count) => level switch
    {
        DeviceLogLevel.Error => this with { Error = Error + count, Total = Total + count },
        DeviceLogLevel.Warn => this with { Warn = Warn + count, Total = Total + count },
        DeviceLogLevel.Info => this with { Info = Info + count, Total = Total + count },
        DeviceLogLevel.Debug => this with { Debug = Debug + count, Total = Total + count },
        _ => this with { Total = Total + count },
    };
}
