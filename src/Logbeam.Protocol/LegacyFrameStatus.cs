namespace Logbeam.Protocol;

/// <summary>The outcome of <see cref="LegacyFrame.TryParse"/>: which header field, if any, is malformed (§5.2).</summary>
public enum LegacyFrameStatus
{
    /// <summary>The header is well formed.</summary>
    Ok,

    /// <summary>The frame is shorter than the 112-byte header.</summary>
    TooShort,

    /// <summary>Bytes 0–39 are not 40 hex characters.</summary>
    BadSignatureField,

    /// <summary>Byte 40 is neither <c>P</c> nor <c>C</c>.</summary>
    BadAuthType,

    /// <summary>Bytes 41–43 are not <c>###</c>.</summary>
    BadReserved,

    /// <summary>Bytes 44–53 do not hold a printable ProductId padded with <c>#</c> or NUL.</summary>
    BadProductId,

    /// <summary>Bytes 54–101 do not hold a printable DeviceName padded with <c>#</c> or NUL.</summary>
    BadDeviceName,

    /// <summary>Bytes 102–111 are not ten ASCII digits.</summary>
    BadTimestamp,
}
