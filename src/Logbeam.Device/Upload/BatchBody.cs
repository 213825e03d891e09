using System.Text.Encodings.Web;
using System.Text.Json;

namespace Logbeam.Device.Upload;

/// <summary>
/// The upload body in the Java SDK's layout (§4.4, §7.2) plus Logbeam's optional members, which a Tencent-compatible
/// parser ignores: <c>{"Message":["line\n\fline\n\f"],"ProductId":"…","DeviceName":"…","BatchId":"…","BootId":"…",
/// "FirstLine":1,"Dropped":{"BufferFull":0,"SpoolFull":0,"Shutdown":0}}</c> (<c>Dropped</c> only once a line was dropped).
/// </summary>
internal static class BatchBody
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Create(string productId, string deviceName, string batchId, IReadOnlyList<string> lines, BatchOrigin? origin = null)
    {
        int length = 0;
        foreach (var line in lines)
        {
            length += line.Length + 2;
        }

        string message = string.Create(length, lines, static (span, lines) =>
        {
            foreach (var line in lines)
            {
                line.CopyTo(span);
                span[line.Length] = '\n';
                span[line.Length + 1] = '\f';
                span = span[(line.Length + 2)..];
            }
        });

        using var stream = new MemoryStream(length + 128);
        using (var writer = new Utf8JsonWriter(stream, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("Message"u8);
            writer.WriteStringValue(message);
            writer.WriteEndArray();
            writer.WriteString("ProductId"u8, productId);
            writer.WriteString("DeviceName"u8, deviceName);
            if (batchId.Length > 0)
            {
                writer.WriteString("BatchId"u8, batchId);
            }

            if (origin is { } from)
            {
                writer.WriteString("BootId"u8, from.BootId);
                writer.WriteNumber("FirstLine"u8, from.FirstLine);
                if (!from.Dropped.IsZero)
                {
                    writer.WriteStartObject("Dropped"u8);
                    writer.WriteNumber("BufferFull"u8, from.Dropped.BufferFull);
                    writer.WriteNumber("SpoolFull"u8, from.Dropped.SpoolFull);
                    writer.WriteNumber("Shutdown"u8, from.Dropped.Shutdown);
                    writer.WriteEndObject();
                }
            }

            writer.WriteEndObject();
        }

        return stream.ToArray();
    }
}
