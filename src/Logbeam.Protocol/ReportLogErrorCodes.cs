namespace Logbeam.Protocol;

/// <summary>The <c>Response.Error.Code</c> values Logbeam returns from <c>/device/reportlog</c> (§4.5).</summary>
public static class ReportLogErrorCodes
{
    /// <summary>The signature does not match.</summary>
    public const string SignatureFailure = "AuthFailure.SignatureFailure";

    /// <summary>The timestamp is outside the accepted window.</summary>
    public const string SignatureExpire = "AuthFailure.SignatureExpire";

    /// <summary>A header or the body is malformed.</summary>
    public const string InvalidParameter = "InvalidParameter";

    /// <summary>No device with that ProductId and DeviceName is registered.</summary>
    public const string DeviceNotExist = "ResourceNotFound.DeviceNotExist";

    /// <summary>The device is registered but disabled.</summary>
    public const string DeviceDisabled = "FailedOperation.DeviceDisabled";

    /// <summary>The body is larger than the configured limit.</summary>
    public const string BodyTooLarge = "LimitExceeded.BodyTooLarge";

    /// <summary>The same timestamp and nonce were already used by this device.</summary>
    public const string ReplayedNonce = "AuthFailure.ReplayedNonce";

    /// <summary>The server is shedding load; the device should retry later.</summary>
    public const string ServiceBusy = "RequestLimitExceeded";

    /// <summary>An unexpected server fault.</summary>
    public const string InternalError = "InternalError";
}
