namespace Logbeam.Server.Accounting;

/// <summary>What a <see cref="LineEvent"/> is.</summary>
public enum LineEventKind
{
    /// <summary>Lines the device numbered that never arrived.</summary>
    Gap,

    /// <summary>Lines the device reported dropping before they were sent.</summary>
    Dropped,

    /// <summary>The device's client started again: a new boot id.</summary>
    Restart,
}
