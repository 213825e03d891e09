namespace Logbeam.Server.Api;

/// <summary>Lines received in the minute starting at <c>Minute</c> (UTC), by level.</summary>
public sealed record MinuteCounts(DateTimeOffset Minute, LevelCounts Counts);
