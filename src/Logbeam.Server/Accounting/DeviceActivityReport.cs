namespace Logbeam.Server.Accounting;

/// <summary>What is known of one device's activity: its uploads refused over the last 24 hours by reason, and its last contacts.</summary>
public sealed record DeviceActivityReport(IReadOnlyDictionary<string, RefusalSummary> Refusals, DeviceContact? Contact)
{
    public static readonly DeviceActivityReport None = new(new Dictionary<string, RefusalSummary>(), null);

    /// <summary>Uploads refused over the last 24 hours, whatever the reason.</summary>
    public long RefusedCount => Refusals.Values.Sum(r => r.Count);
}
