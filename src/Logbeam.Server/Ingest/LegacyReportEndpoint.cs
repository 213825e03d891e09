using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;
using Logbeam.Protocol;
using Logbeam.Server.Accounting;
using Logbeam.Server.Devices;
using Logbeam.Server.Observability;
using Logbeam.Server.Storage;
using Microsoft.Extensions.Options;

namespace Logbeam.Server.Ingest;

/// <summary>
/// <c>POST /cgi-bin/report-log</c>: the C SDK's signed text frame (protocol.md §5). Success is
/// <c>{"Retcode":0}</c>, the only thing the SDK checks; failures carry a non-zero <c>Retcode</c> and a message.
/// A frame has no nonce, so a replay is recognised by its signature, which covers the whole frame: remembered until
/// the frame's timestamp leaves the window (a timestamp outside it is refused), or, for devices without time sync
/// that send zeros (§8.6), for <see cref="IngestOptions.NonceMemorySeconds"/>.
/// </summary>
internal sealed class LegacyReportEndpoint(
    DeviceRegistry registry,
    IOptions<IngestOptions> options,
    INonceCache nonces,
    UploadCommitter committer,
    IngestMetrics metrics,
    DeviceActivity activity,
    TimeProvider time,
    ILogger<LegacyReportEndpoint> logger)
{
    private const string Endpoint = "legacy";

    public async Task HandleAsync(HttpContext context)
    {
        var learned = new FrameFacts();
        var (retcode, message, lines, truncated) = await ProcessAsync(context, learned).ConfigureAwait(false);
        if (retcode == LegacyRetcode.Ok)
        {
            metrics.Accepted(Endpoint, lines, truncated);
            activity.Uploaded(learned.Device!.Device.Id, learned.ClockOffset);
        }
        else
        {
            metrics.Rejected(Endpoint, retcode.ToString(), lines);
            if (learned.Device is { } device)
            {
                activity.Refused(device.Device.Id, ErrorCodeOf(retcode), "Legacy frame: " + message, learned.ClockOffset);
            }
        }

        if (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(Answer(retcode, message), context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Checks and stores the frame, noting in <paramref name="learned"/> what it learned on the way.</summary>
    private async Task<(LegacyRetcode Code, string? Message, int Lines, int Truncated)> ProcessAsync(HttpContext context, FrameFacts learned)
    {
        var settings = options.Value;
        try
        {
            using var body = await RequestBody.ReadAsync(context.Request, settings.MaxBodyBytes, context.RequestAborted).ConfigureAwait(false);
            if (body is null)
            {
                return (LegacyRetcode.TooLarge, $"The frame is larger than the limit of {settings.MaxBodyBytes} bytes.", 0, 0);
            }

            var status = LegacyFrame.TryParse(body.Memory, out var frame);
            if (status != LegacyFrameStatus.Ok)
            {
                return (LegacyRetcode.BadFrame, Describe(status), 0, 0);
            }

            if (!registry.TryGetDevice(frame.ProductId, frame.DeviceName, out var device))
            {
                return (LegacyRetcode.UnknownDevice, $"Device '{frame.ProductId}/{frame.DeviceName}' does not exist.", 0, 0);
            }

            learned.Device = device;

            var product = registry.FindProduct(device.Device.ProductId);
            if (product is { LegacyUploads: false })
            {
                return (LegacyRetcode.LegacyOff,
                    $"Product '{frame.ProductId}' does not take legacy uploads; upload with POST {ReportLogHeaders.CanonicalUri}.", 0, 0);
            }

            if (!device.Device.Enabled)
            {
                return (LegacyRetcode.DeviceDisabled, $"Device '{frame.ProductId}/{frame.DeviceName}' is disabled.", 0, 0);
            }

            var expectedType = device.Secret.IsCertificate ? 'C' : 'P';
            if (frame.AuthType != expectedType || !VerifySignature(in frame, device))
            {
                return (LegacyRetcode.BadSignature, "The frame's signature does not match this device's key.", 0, 0);
            }

            if (device.Secret.IsCertificate && product is not { AllowCertificateKeyHmac: true })
            {
                // A certificate device's legacy key is cut from its public certificate (§8.19).
                metrics.CertificateKeyHmacRefused(Endpoint);
                return (LegacyRetcode.BadSignature,
                    "This product does not accept frames signed with the key of a device certificate, which anyone holding the " +
                    "certificate can make; allow certificate-key HMAC for the product to take them.", 0, 0);
            }

            var now = time.GetUtcNow().ToUnixTimeSeconds();
            if (frame.Timestamp != 0)
            {
                // Zero: a device without time sync (§8.6), whose clock says nothing.
                learned.ClockOffset = frame.Timestamp - now;
            }

            var windowed = settings.CheckTimestamp && frame.Timestamp != 0;
            if (windowed && Math.Abs(now - frame.Timestamp) > settings.TimestampWindowSeconds)
            {
                return (LegacyRetcode.Expired,
                    $"The frame's timestamp is more than {settings.TimestampWindowSeconds} s away from the platform's clock ({now}); sync the device clock.",
                    0, 0);
            }

            var lines = new List<LogLine>();
            var truncated = 0;
            frame.ParseLines(lines, settings.MaxLineLength, ref truncated);
            if (lines.Count == 0)
            {
                return (LegacyRetcode.BadFrame, "The frame holds no log lines.", 0, 0);
            }

            var replayKey = ReplayKey(frame);
            var memory = windowed
                ? ReportLogEndpoint.ReplayMemory(frame.Timestamp, settings.TimestampWindowSeconds, now)
                : TimeSpan.FromSeconds(settings.NonceMemorySeconds);
            if (!await nonces.TryAddAsync(device.Device.Id, frame.Timestamp, replayKey, memory, context.RequestAborted).ConfigureAwait(false))
            {
                return (LegacyRetcode.Replayed, "This frame was received before; a frame is stored once.", lines.Count, 0);
            }

            var result = await committer.CommitAsync(device, lines, batchId: null, RequestIds.Next()).ConfigureAwait(false);
            if (!result.Accepted)
            {
                // Not stored: let the device send the very same frame again.
                await nonces.RemoveAsync(device.Device.Id, frame.Timestamp, replayKey, CancellationToken.None).ConfigureAwait(false);
            }

            return result.Accepted
                ? (LegacyRetcode.Ok, null, lines.Count, truncated)
                : (LegacyRetcode.Busy, result.Message, lines.Count, 0);
        }
        catch (Exception ex) when (IncompleteBody.Describe(ex, context) is { } reason)
        {
            IngestLog.UploadBodyIncomplete(logger, "legacy", reason);
            return (LegacyRetcode.BadFrame, $"The frame did not arrive whole: {reason}.", 0, 0);
        }
        catch (Exception ex)
        {
            IngestLog.UploadFailed(logger, ex, "legacy");
            return (LegacyRetcode.Internal, "The frame could not be processed; retry later.", 0, 0);
        }
    }

    /// <summary>
    /// The frame's entry in the replay cache, beside its timestamp: 63 bits of its signature, with the sign bit set, so it
    /// never meets a <c>/device/reportlog</c> nonce (those are parsed as non-negative numbers).
    /// </summary>
    private static long ReplayKey(LegacyFrame frame)
    {
        Span<byte> signature = stackalloc byte[HMACSHA1.HashSizeInBytes];
        frame.CopySignatureTo(signature);
        return BinaryPrimitives.ReadInt64BigEndian(signature) | long.MinValue;
    }

    /// <summary>Checks the frame with the device's key, then, during a key rotation's overlap, with its previous key.</summary>
    private bool VerifySignature(in LegacyFrame frame, RegisteredDevice device)
    {
        if (frame.VerifySignature(device.Secret.LegacySignKey))
        {
            return true;
        }

        if (device.Previous is not { } previous || !previous.IsValidAt(time.GetUtcNow())
            || !frame.VerifySignature(previous.Secret.LegacySignKey))
        {
            return false;
        }

        previous.MarkUsed(time.GetUtcNow());
        return true;
    }

    private static string Answer(LegacyRetcode code, string? message)
    {
        if (code == LegacyRetcode.Ok)
        {
            return """{"Retcode":0}""";
        }

        return $$"""{"Retcode":{{(int)code}},"Message":{{JsonSerializer.Serialize(message, IngestJsonContext.Default.String)}}}""";
    }

    /// <summary>
    /// What checking a frame learned before it was accepted or refused: the device, once the frame named a registered
    /// one, and the device clock's offset, once the signature proved the frame's timestamp is the device's.
    /// </summary>
    private sealed class FrameFacts
    {
        public RegisteredDevice? Device { get; set; }

        public double? ClockOffset { get; set; }
    }

    /// <summary>The upload envelope's error code for a refused frame, so a device's refusals read alike whichever way it uploads.</summary>
    private static string ErrorCodeOf(LegacyRetcode code) => code switch
    {
        LegacyRetcode.BadSignature => ReportLogErrorCodes.SignatureFailure,
        LegacyRetcode.DeviceDisabled => ReportLogErrorCodes.DeviceDisabled,
        LegacyRetcode.Busy => ReportLogErrorCodes.ServiceBusy,
        LegacyRetcode.TooLarge => ReportLogErrorCodes.BodyTooLarge,
        LegacyRetcode.Internal => ReportLogErrorCodes.InternalError,
        LegacyRetcode.LegacyOff => LegacyUploadsOff,
        LegacyRetcode.Expired => ReportLogErrorCodes.SignatureExpire,
        LegacyRetcode.Replayed => ReportLogErrorCodes.ReplayedNonce,
        _ => ReportLogErrorCodes.InvalidParameter,
    };

    /// <summary>A frame of a product whose legacy uploads are off: the one refusal the upload envelope has no code for.</summary>
    public const string LegacyUploadsOff = "FailedOperation.LegacyUploadsOff";

    private static string Describe(LegacyFrameStatus status) => status switch
    {
        LegacyFrameStatus.TooShort => "The frame is shorter than its 112-byte header.",
        LegacyFrameStatus.BadSignatureField => "The frame's signature field is not 40 hex characters.",
        LegacyFrameStatus.BadAuthType => "The frame's auth type must be 'P' or 'C'.",
        LegacyFrameStatus.BadReserved => "The frame's reserved field must be '###'.",
        LegacyFrameStatus.BadProductId => "The frame's product id field is empty or badly padded.",
        LegacyFrameStatus.BadDeviceName => "The frame's device name field is empty or badly padded.",
        LegacyFrameStatus.BadTimestamp => "The frame's timestamp field must be 10 decimal digits.",
        _ => "The frame is malformed.",
    };
}
