namespace Logbeam.Server.Ingest;

/// <summary>The <c>Retcode</c> of a legacy upload answer; the C SDK treats anything but 0 as "keep the lines, retry".</summary>
internal enum LegacyRetcode
{
    Ok = 0,
    BadFrame = 1,
    BadSignature = 2,
    UnknownDevice = 3,
    DeviceDisabled = 4,
    Busy = 5,
    TooLarge = 6,
    Internal = 7,

    /// <summary>The product does not take legacy uploads (<c>legacyUploads</c> off).</summary>
    LegacyOff = 8,

    /// <summary>The frame's timestamp is not 0 and lies outside the window around the platform's clock.</summary>
    Expired = 9,

    /// <summary>The same frame was received before.</summary>
    Replayed = 10,
}
