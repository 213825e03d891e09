using System.Globalization;
using Logbeam.Protocol;
using Logbeam.Server.Accounting;
using Logbeam.Server.Devices;
using Logbeam.Server.Observability;
using Logbeam.Server.Storage;
using Microsoft.Extensions.ObjectPool;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Logbeam.Server.Ingest;

/// <summary>
/// <c>POST /device/reportlog</c>: verify at the edge, parse, commit, answer. Every answer is HTTP 200 with the
/// <c>{"Response":…}</c> envelope, because the Java SDK loses lines on a non-2xx status and kills its
/// uploader on an answer without <c>Response</c> (protocol.md §4.5).
/// </summary>
internal sealed class ReportLogEndpoint(
    ObjectPool<List<LogLine>> lineLists,
    DeviceRegistry registry,
    IOptions<IngestOptions> options,
    INonceCache nonces,
    UploadCommitter committer,
    IngestMetrics metrics,
    DeviceActivity activity,
    TimeProvider time,
    ILogger<ReportLogEndpoint> logger)
{
    private const string Endpoint = "reportlog";

    public async Task HandleAsync(HttpContext context)
    {
        var requestId = RequestIds.Next();
        UploadResult result;
        int lines = 0, truncated = 0;
        try
        {
            (result, lines, truncated) = await ProcessAsync(context, requestId).ConfigureAwait(false);
        }
        catch (Exception ex) when (IncompleteBody.Describe(ex, context) is { } reason)
        {
            IngestLog.UploadBodyIncomplete(logger, requestId, reason);
            result = UploadResult.Refused(ReportLogErrorCodes.InvalidParameter, $"The request body did not arrive whole: {reason}.");
        }
        catch (Exception ex)
        {
            // Never a 500: the SDKs only understand the envelope.
            IngestLog.UploadFailed(logger, ex, requestId);
            result = UploadResult.Refused(ReportLogErrorCodes.InternalError, "The upload could not be processed; retry later.");
        }

        if (result.Accepted)
        {
            metrics.Accepted(Endpoint, lines, truncated);
        }
        else
        {
            metrics.Rejected(Endpoint, result.ErrorCode!, lines);
        }

        var answer = result.Accepted
            ? ReportLogResponse.Success(requestId)
            : ReportLogResponse.Error(result.ErrorCode!, result.Message!, requestId);
        if (result.ErrorCode == ReportLogErrorCodes.ServiceBusy)
        {
            context.Response.Headers.RetryAfter = "1";
        }

        if (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = answer.Length;
        await context.Response.Body.WriteAsync(answer, context.RequestAborted).ConfigureAwait(false);
    }

    private async Task<(UploadResult Result, int Lines, int Truncated)> ProcessAsync(HttpContext context, string requestId)
    {
        var request = context.Request;
        var settings = options.Value;
        if (!IsJson(request.ContentType))
        {
            return (Invalid("Content-Type must be application/json."), 0, 0);
        }

        if (!TryReadHeaders(request.Headers, out var signed, out var headerError))
        {
            return (Invalid(headerError), 0, 0);
        }

        using var body = await RequestBody.ReadAsync(request, settings.MaxBodyBytes, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            return (UploadResult.Refused(ReportLogErrorCodes.BodyTooLarge, $"The body is larger than the limit of {settings.MaxBodyBytes} bytes."), 0, 0);
        }

        // Back to the pool only when the writer is done with the lines: after the commit, or when never queued.
        var lines = lineLists.Get();
        try
        {
            return await ParsedAsync(body, lines, signed, request.Host.Host, requestId, context.RequestAborted).ConfigureAwait(false);
        }
        finally
        {
            lineLists.Return(lines);
        }
    }

    private async Task<(UploadResult Result, int Lines, int Truncated)> ParsedAsync(
        RequestBody body, List<LogLine> lines, SignedHeaders signed, string requestHost, string requestId,
        CancellationToken cancellationToken)
    {
        if (!ReportLogBody.TryParse(body.Span, options.Value.MaxLineLength, lines, out var parsed, out var bodyError))
        {
            return (Invalid(bodyError ?? "The body is not a valid reportlog request."), 0, 0);
        }

        var lineCount = parsed!.Lines.Count;
        var check = Authenticate(parsed, signed, body.Span, requestHost, out var device);
        if (check.Accepted)
        {
            check = await CheckReplayAsync(device!, signed, cancellationToken).ConfigureAwait(false);
        }

        if (!check.Accepted)
        {
            IngestLog.UploadRefused(logger, LogValue.Printable(parsed.ProductId), LogValue.Printable(parsed.DeviceName), check.ErrorCode!);
            if (device is not null)
            {
                RecordRefusal(device, check, signed);
            }

            return (check, lineCount, 0);
        }

        var result = await committer.CommitAsync(device!, parsed.Lines, parsed.BatchId, requestId, parsed.Origin).ConfigureAwait(false);
        if (!result.Accepted)
        {
            // Not stored: let the device retry the very same request.
            await nonces.RemoveAsync(device!.Device.Id, signed.Timestamp, signed.Nonce, CancellationToken.None).ConfigureAwait(false);
            RecordRefusal(device, result, signed);
        }
        else
        {
            activity.Uploaded(device!.Device.Id, ClockOffset(signed));
            if (parsed.IgnoredMembers > 0)
            {
                metrics.MembersIgnored(parsed.IgnoredMembers);
            }
        }

        return (result, lineCount, parsed.TruncatedLines);
    }

    private UploadResult Authenticate(ReportLogBody body, SignedHeaders signed, ReadOnlySpan<byte> raw, string requestHost, out RegisteredDevice? device)
    {
        var settings = options.Value;
        if (!registry.TryGetDevice(body.ProductId, body.DeviceName, out var found))
        {
            device = null;
            return UploadResult.Refused(ReportLogErrorCodes.DeviceNotExist, $"Device '{body.ProductId}/{body.DeviceName}' does not exist.");
        }

        device = found;
        if (!found.Device.Enabled)
        {
            return UploadResult.Refused(ReportLogErrorCodes.DeviceDisabled, $"Device '{body.ProductId}/{body.DeviceName}' is disabled.");
        }

        var hosts = CandidateHosts(settings.CanonicalHost, requestHost);
        var verdict = SignatureVerifier.Verify(
            signed.Algorithm, signed.Timestamp, signed.Nonce, signed.Signature, raw, ReportLogHeaders.CanonicalUri, hosts, found.Secret);

        // Only a device in a key rotation's overlap gets a second check, and only when the current key did not match.
        if (verdict == SignatureVerdict.Invalid && found.Previous is { } previous && previous.IsValidAt(time.GetUtcNow()))
        {
            verdict = SignatureVerifier.Verify(
                signed.Algorithm, signed.Timestamp, signed.Nonce, signed.Signature, raw, ReportLogHeaders.CanonicalUri, hosts, previous.Secret);
            if (verdict == SignatureVerdict.Valid)
            {
                previous.MarkUsed(time.GetUtcNow());
            }
        }

        switch (verdict)
        {
            case SignatureVerdict.Valid when found.Secret.IsCertificate && IsHmac(signed.Algorithm)
                && registry.FindProduct(body.ProductId) is not { AllowCertificateKeyHmac: true }:
                // The key comes from the certificate, which is public: such a signature proves nothing unless the
                // product's owner chose to accept it for SDKs that cannot sign otherwise.
                metrics.CertificateKeyHmacRefused(Endpoint);
                return UploadResult.Refused(ReportLogErrorCodes.SignatureFailure,
                    "This product does not accept HMAC signatures keyed with a device certificate, which anyone holding the " +
                    "certificate can make: sign with rsa-sha256, or allow certificate-key HMAC for the product.");
            case SignatureVerdict.Valid:
                break;
            case SignatureVerdict.UnsupportedAlgorithm:
                return UploadResult.Refused(ReportLogErrorCodes.InvalidParameter,
                    "X-TC-Algorithm must be one this device can use: hmacsha256 or hmacsha1 for key devices, also rsa-sha256 for cert devices.");
            default:
                return UploadResult.Refused(ReportLogErrorCodes.SignatureFailure,
                    "The signature does not match the body and headers for this device's credentials.");
        }

        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var window = settings.TimestampWindowSeconds;
        if (settings.CheckTimestamp && Math.Abs(now - signed.Timestamp) > window)
        {
            return UploadResult.Refused(ReportLogErrorCodes.SignatureExpire,
                $"X-TC-Timestamp is more than {window} s away from the platform's clock ({now}); sync the device clock.");
        }

        return UploadResult.Ok;
    }

    /// <summary>
    /// Counts the refusal on the device. The clock offset is kept only when the signature was good (a timestamp refusal):
    /// then the timestamp is the device's own.
    /// </summary>
    private void RecordRefusal(RegisteredDevice device, UploadResult result, SignedHeaders signed)
    {
        if (result.ErrorCode == ReportLogErrorCodes.SignatureExpire)
        {
            var offset = ClockOffset(signed);
            activity.Refused(device.Device.Id, result.ErrorCode,
                $"X-TC-Timestamp {ClockOffsetText.Describe(offset)} the platform's clock: the device clock is wrong.", offset);
        }
        else
        {
            activity.Refused(device.Device.Id, result.ErrorCode!, result.Message!);
        }
    }

    /// <summary>The device clock minus the platform's, as the request's signed timestamp shows.</summary>
    private double ClockOffset(SignedHeaders signed) => signed.Timestamp - time.GetUtcNow().ToUnixTimeSeconds();

    /// <summary>Records the nonce of a request that passed every other check; refuses one seen before (by any node).</summary>
    private async Task<UploadResult> CheckReplayAsync(RegisteredDevice device, SignedHeaders signed, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var memory = settings.CheckTimestamp
            ? ReplayMemory(signed.Timestamp, settings.TimestampWindowSeconds, time.GetUtcNow().ToUnixTimeSeconds())
            : TimeSpan.FromSeconds(settings.NonceMemorySeconds);
        if (!await nonces.TryAddAsync(device.Device.Id, signed.Timestamp, signed.Nonce, memory, cancellationToken).ConfigureAwait(false))
        {
            return UploadResult.Refused(ReportLogErrorCodes.ReplayedNonce,
                "This request (timestamp and nonce) was received before; sign each request with a new nonce.");
        }

        return UploadResult.Ok;
    }

    /// <summary>
    /// With the timestamp checked, a replay is refused by the window once the request's own timestamp has left it, so
    /// its nonce needs remembering only until then (a minute more for the clocks' rounding): about the window for a
    /// device whose clock is right, twice the window at most.
    /// </summary>
    internal static TimeSpan ReplayMemory(long timestamp, int windowSeconds, long nowSeconds) =>
        TimeSpan.FromSeconds(Math.Clamp(
            timestamp + windowSeconds + ClockRoundingSeconds - nowSeconds, ClockRoundingSeconds, (2L * windowSeconds) + ClockRoundingSeconds));

    // The minute added to a nonce's memory for the clocks' rounding (see ReplayMemory).
    private const int ClockRoundingSeconds = 60;

    private static bool IsHmac(string algorithmHeader) =>
        SignatureAlgorithms.TryParse(algorithmHeader, out var algorithm) && algorithm != SignatureAlgorithm.RsaSha256;

    private static string[] CandidateHosts(string configured, string requestHost)
    {
        var host = requestHost.ToLowerInvariant();
        if (host == configured || host.Length == 0)
        {
            return configured == ReportLogHeaders.DefaultCanonicalHost ? [configured] : [configured, ReportLogHeaders.DefaultCanonicalHost];
        }

        return configured == ReportLogHeaders.DefaultCanonicalHost || host == ReportLogHeaders.DefaultCanonicalHost
            ? [configured, host]
            : [configured, host, ReportLogHeaders.DefaultCanonicalHost];
    }

    private static bool TryReadHeaders(IHeaderDictionary headers, out SignedHeaders signed, out string error)
    {
        signed = default;
        string algorithm = headers[ReportLogHeaders.Algorithm].ToString();
        string timestamp = headers[ReportLogHeaders.Timestamp].ToString();
        string nonce = headers[ReportLogHeaders.Nonce].ToString();
        string signature = headers[ReportLogHeaders.Signature].ToString();
        error = MissingHeader(ReportLogHeaders.Algorithm, algorithm)
            ?? MissingHeader(ReportLogHeaders.Timestamp, timestamp)
            ?? MissingHeader(ReportLogHeaders.Nonce, nonce)
            ?? MissingHeader(ReportLogHeaders.Signature, signature)
            ?? string.Empty;
        if (error.Length > 0)
        {
            return false;
        }

        if (!SignatureAlgorithms.TryParse(algorithm, out _))
        {
            error = "X-TC-Algorithm must be hmacsha256, hmacsha1 or rsa-sha256.";
            return false;
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var ts))
        {
            error = "X-TC-Timestamp must be a decimal number of seconds.";
            return false;
        }

        if (!long.TryParse(nonce, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            error = "X-TC-Nonce must be a decimal number.";
            return false;
        }

        signed = new SignedHeaders(algorithm, ts, n, signature);
        return true;
    }

    private static string? MissingHeader(string name, string value) =>
        string.IsNullOrWhiteSpace(value) ? $"The {name} header is missing." : null;

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media) &&
        media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase);

    private static UploadResult Invalid(string message) => UploadResult.Refused(ReportLogErrorCodes.InvalidParameter, message);

    private readonly record struct SignedHeaders(string Algorithm, long Timestamp, long Nonce, string Signature);
}
