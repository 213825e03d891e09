using Logbeam.Protocol;

namespace Logbeam.Server.Storage;

/// <summary>
/// A filter over stored lines, newest first. Levels are wire codes (1 ERROR … 4 DEBUG), so
/// <c>MinLevel = 1, MaxLevel = 2</c> means errors and warnings. <see cref="BeforeId"/> is the cursor.
/// </summary>
public sealed record LogQuery
{
    // The most records a store makes room for before it reads: a limit is what a caller may ask for, not what a query
    // usually finds, and a large one must not allocate a large empty list up front.
    private const int MaxPreallocatedRecords = 1000;

    public string? ProductId { get; init; }

    public string? DeviceName { get; init; }

    public DeviceLogLevel? MinLevel { get; init; }

    public DeviceLogLevel? MaxLevel { get; init; }

    public DateTimeOffset? Since { get; init; }

    public DateTimeOffset? Until { get; init; }

    /// <summary>Full-text terms; every term must occur.</summary>
    public string? Text { get; init; }

    public int Limit { get; init; } = 100;

    /// <summary>Only lines older than this id (exclusive).</summary>
    public long? BeforeId { get; init; }

    /// <summary>Only lines newer than this id (exclusive), oldest first; used by live tail.</summary>
    public long? AfterId { get; init; }

    /// <summary>The capacity to start a result list with for <paramref name="limit"/> records.</summary>
    internal static int PreallocatedRecords(int limit) => Math.Min(limit, MaxPreallocatedRecords);
}
