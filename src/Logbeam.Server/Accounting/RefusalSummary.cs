namespace Logbeam.Server.Accounting;

/// <summary>A device's uploads refused for one reason over the last 24 hours: how many, the last one, and why it was.</summary>
public sealed record RefusalSummary(long Count, DateTimeOffset Last, string Detail);
