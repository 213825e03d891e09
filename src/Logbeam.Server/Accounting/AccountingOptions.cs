namespace Logbeam.Server.Accounting;

/// <summary>How device activity (refusals, last contact, clock offset) is kept; bound from the <c>Accounting</c> section.</summary>
public sealed class AccountingOptions
{
    public const string Section = "Accounting";

    /// <summary>
    /// How often what this node saw is written to the store, in one transaction, instead of one write per upload. A crash
    /// loses at most this much of it; other nodes see it this much later. The default value is 5 seconds.
    /// </summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(5);
}
