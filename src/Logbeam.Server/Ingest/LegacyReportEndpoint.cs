using System.Text.Json;
using Logbeam.Protocol;
using Logbeam.Server.Devices;
using Logbeam.Server.Observability;
using Microsoft.Extensions.Options;

namespace Logbeam.Server.Ingest;

/// <summary>
/// <c>POST /cgi-bin/report-log</c>: the C SDK's signed text frame (protocol.md §5). Success is
/// <c>{"Retcode":0}</c>, the only thing the SDK checks; failures carry a non-zero <c>Retcode</c> and a message.
/// Legacy timestamps are not checked: devices without time sync send zeros (§8.6).
/// </summary>
internal sealed class LegacyReportEndpoint(
    DeviceRegistry registry,
    IOptions<IngestOptions> options,
    UploadCommitter committer,
    IngestMetrics metrics,
    TimeProvider time,
    ILogger<LegacyReportEndpoint> logger)
{
    private const string Endpoint = "legacy";

    public async Task HandleAsync(HttpContext context)
    {
        var (retcode, message, lines, truncated) = await ProcessAsync(context).ConfigureAwait(false);
        if (retcode == LegacyRetcode.Ok)
        {
            metrics.Accepted(Endpoint, lines, truncated);
        }
        else
        {
            metrics.Rejected(Endpoint, retcode.ToString(), lines);
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(Answer(retcode, message), context.RequestAborted).ConfigureAwait(false);
    }

    private async Task<(LegacyRetcode Code, string? Message, int Lines, int Truncated)> ProcessAsync(HttpContext context)
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

            if (!device.Device.Enabled)
            {
                return (LegacyRetcode.DeviceDisabled, $"Device '{frame.ProductId}/{frame.DeviceName}' is disabled.", 0, 0);
            }

            var expectedType = device.Secret.IsCertificate ? 'C' : 'P';
            if (frame.AuthType != expectedType || !VerifySignature(in frame, device))
            {
                return (LegacyRetcode.BadSignature, "The frame's signature does not match this device's key.", 0, 0);
            }

            var lines = new List<LogLine>();
            var truncated = 0;
            frame.ParseLines(lines, settings.MaxLineLength, ref truncated);
            if (lines.Count == 0)
            {
                return (LegacyRetcode.BadFrame, "The frame holds no log lines.", 0, 0);
            }

            var result = await committer.CommitAsync(device, lines, batchId: null, RequestIds.Next()).ConfigureAwait(false);
            return result.Accepted
                ? (LegacyRetcode.Ok, null, lines.Count, truncated)
                : (LegacyRetcode.Busy, result.Message, lines.Count, 0);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            ServerLog.UploadFailed(logger, ex, "legacy");
            return (LegacyRetcode.Internal, "The frame could not be processed; retry later.", 0, 0);
        }
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
