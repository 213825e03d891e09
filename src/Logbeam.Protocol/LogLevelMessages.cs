using System.Text.Json;

namespace Logbeam.Protocol;

/// <summary>The <c>get_log_level</c> request and the platform's reply or push (§2).</summary>
public static class LogLevelMessages
{
    /// <summary>
    /// Reads a device request: a JSON object whose <c>type</c> is <c>get_log_level</c>, with keys in any order and any
    /// spacing, as both [C] (<c>{"type": "get_log_level", "clientToken": "…"}</c>) and [J] send it.
    /// </summary>
    /// <param name="payload">The MQTT payload.</param>
    /// <param name="clientToken">The <c>clientToken</c> string to echo, or <see langword="null"/> when absent or not a string.</param>
    /// <returns><see langword="true"/> when the payload is a <c>get_log_level</c> request.</returns>
    public static bool TryParseRequest(ReadOnlySpan<byte> payload, out string? clientToken)
    {
        clientToken = null;
        bool isRequest = false;
        try
        {
            var reader = new Utf8JsonReader(payload);
            if (!JsonPayload.TryStartObject(ref reader))
            {
                return false;
            }

            while (JsonPayload.NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("type"u8))
                {
                    isRequest = JsonPayload.ReadStringEquals(ref reader, "get_log_level"u8);
                }
                else if (reader.ValueTextEquals("clientToken"u8))
                {
                    clientToken = JsonPayload.ReadString(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            clientToken = null;
            return false;
        }

        if (!isRequest)
        {
            clientToken = null;
        }

        return isRequest;
    }

    /// <summary>
    /// The reply to a request, or an unsolicited push:
    /// <c>{"log_level":4,"type":"get_log_level","clientToken":"…","result":0,"timestamp":1619599073}</c>.
    /// <c>log_level</c> comes first because the C SDK reads only the first 127 bytes (§2.2, §8 rule 13).
    /// </summary>
    /// <param name="level">The level the device should report at.</param>
    /// <param name="clientToken">The token to echo; <see langword="null"/> writes an empty string.</param>
    /// <param name="timestampSeconds">The server time in Unix seconds.</param>
    /// <param name="result">The result code; 0 for success.</param>
    /// <returns>The UTF-8 payload.</returns>
    public static byte[] FormatReply(DeviceLogLevel level, string? clientToken, long timestampSeconds, int result = 0) =>
        JsonPayload.WriteObject((level, clientToken, timestampSeconds, result), static (writer, state) =>
        {
            writer.WriteNumber("log_level"u8, (int)state.level);
            writer.WriteString("type"u8, "get_log_level"u8);
            writer.WriteString("clientToken"u8, state.clientToken ?? string.Empty);
            writer.WriteNumber("result"u8, state.result);
            writer.WriteNumber("timestamp"u8, state.timestampSeconds);
        });

    /// <summary>The device request: <c>{"type":"get_log_level","clientToken":"…"}</c>.</summary>
    /// <param name="clientToken">The token the platform will echo.</param>
    /// <returns>The UTF-8 payload.</returns>
    public static byte[] FormatRequest(string clientToken)
    {
        ArgumentNullException.ThrowIfNull(clientToken);
        return JsonPayload.WriteObject(clientToken, static (writer, token) =>
        {
            writer.WriteString("type"u8, "get_log_level"u8);
            writer.WriteString("clientToken"u8, token);
        });
    }

    /// <summary>
    /// Reads a reply or push on the device side. Like both SDKs it needs only an integer <c>log_level</c>;
    /// <c>type</c> and <c>result</c> are not checked, and the level is not range-checked (see <see cref="DeviceLogLevels.IsValid"/>).
    /// </summary>
    /// <param name="payload">The MQTT payload.</param>
    /// <param name="logLevel">The <c>log_level</c> value.</param>
    /// <param name="clientToken">The echoed <c>clientToken</c>, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when the payload is a JSON object with an integer <c>log_level</c>.</returns>
    public static bool TryParseReply(ReadOnlySpan<byte> payload, out int logLevel, out string? clientToken)
    {
        logLevel = 0;
        clientToken = null;
        bool hasLevel = false;
        try
        {
            var reader = new Utf8JsonReader(payload);
            if (!JsonPayload.TryStartObject(ref reader))
            {
                return false;
            }

            while (JsonPayload.NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("log_level"u8))
                {
                    hasLevel = JsonPayload.TryReadInt64(ref reader, out long level) && level is >= int.MinValue and <= int.MaxValue;
                    logLevel = hasLevel ? (int)level : 0;
                }
                else if (reader.ValueTextEquals("clientToken"u8))
                {
                    clientToken = JsonPayload.ReadString(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            logLevel = 0;
            clientToken = null;
            return false;
        }

        return hasLevel;
    }
}
