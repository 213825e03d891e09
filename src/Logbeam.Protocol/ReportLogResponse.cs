using System.Text.Json;

namespace Logbeam.Protocol;

/// <summary>
/// The Cloud-API 3.0 style response body of <c>/device/reportlog</c> (§4.5). Always sent with HTTP 200: the Java SDK
/// loses lines on other statuses and its uploader thread dies when <c>Response</c> is missing.
/// </summary>
public static class ReportLogResponse
{
    /// <summary>The success body.</summary>
    /// <param name="requestId">The request id to report.</param>
    /// <returns>UTF-8 <c>{"Response":{"RequestId":"…"}}</c>.</returns>
    public static byte[] Success(string requestId)
    {
        ArgumentNullException.ThrowIfNull(requestId);
        return JsonSerializer.SerializeToUtf8Bytes(
            new ReportLogEnvelope(new ReportLogResult(null, requestId)), ReportLogJsonContext.Default.ReportLogEnvelope);
    }

    /// <summary>The failure body.</summary>
    /// <param name="code">The error code, one of <see cref="ReportLogErrorCodes"/>.</param>
    /// <param name="message">A one-sentence description for the device owner.</param>
    /// <param name="requestId">The request id to report.</param>
    /// <returns>UTF-8 <c>{"Response":{"Error":{"Code":"…","Message":"…"},"RequestId":"…"}}</c>.</returns>
    public static byte[] Error(string code, string message, string requestId)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(requestId);
        return JsonSerializer.SerializeToUtf8Bytes(
            new ReportLogEnvelope(new ReportLogResult(new ReportLogError(code, message), requestId)),
            ReportLogJsonContext.Default.ReportLogEnvelope);
    }
}
