namespace Logbeam.Protocol;

/// <summary>Header names and fixed values of a signed <c>POST /device/reportlog</c> request (§4.1, §4.2).</summary>
public static class ReportLogHeaders
{
    /// <summary>The header carrying the signature algorithm.</summary>
    public const string Algorithm = "X-TC-Algorithm";

    /// <summary>The header carrying the device-clock timestamp in decimal seconds.</summary>
    public const string Timestamp = "X-TC-Timestamp";

    /// <summary>The header carrying the decimal nonce.</summary>
    public const string Nonce = "X-TC-Nonce";

    /// <summary>The header carrying the Base64 signature.</summary>
    public const string Signature = "X-TC-Signature";

    /// <summary>The CanonicalURI of the log upload, as [J] hard-codes it.</summary>
    public const string CanonicalUri = "/device/reportlog";

    /// <summary>The CanonicalHost [J] always signs with, whatever URL it posts to.</summary>
    public const string DefaultCanonicalHost = "ap-guangzhou.gateway.tencentdevices.com";
}
