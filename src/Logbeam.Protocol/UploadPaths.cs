namespace Logbeam.Protocol;

/// <summary>The HTTP paths devices upload log lines to, as the Tencent SDKs post them.</summary>
public static class UploadPaths
{
    /// <summary>The signed JSON upload (§4). It is also the CanonicalURI the Java SDK signs, whatever URL it posts to.</summary>
    public const string ReportLog = ReportLogHeaders.CanonicalUri;

    /// <summary>The C SDK's legacy text-frame upload (§5).</summary>
    public const string Legacy = "/cgi-bin/report-log";
}
