using System.Text.Json;

namespace Logbeam.Protocol;

/// <summary>The time-sync request and reply on <c>$sys/operation</c> (§3).</summary>
public static class TimeMessages
{
    /// <summary>
    /// Whether the payload is a time request: a JSON object with <c>"type":"get"</c> and a <c>resource</c> array holding
    /// <c>"time"</c>, in any key order or spacing ([C]/[P] put <c>type</c> first, [J] <c>resource</c>).
    /// </summary>
    /// <param name="payload">The MQTT payload.</param>
    /// <returns><see langword="true"/> for a time request.</returns>
    public static bool IsTimeRequest(ReadOnlySpan<byte> payload)
    {
        bool isGet = false;
        bool wantsTime = false;
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
                    isGet = JsonPayload.ReadStringEquals(ref reader, "get"u8);
                }
                else if (reader.ValueTextEquals("resource"u8))
                {
                    wantsTime = ReadResourceHasTime(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            return false;
        }

        return isGet && wantsTime;
    }

    /// <summary>
    /// The reply: <c>{"type":"get","time":…,"ntptime1":…,"ntptime2":…}</c>. [P] needs all four keys.
    /// </summary>
    /// <param name="timeSeconds">The server time in Unix seconds.</param>
    /// <param name="ntpTime1Ms">When the server received the request, in Unix milliseconds.</param>
    /// <param name="ntpTime2Ms">When the server sends the reply, in Unix milliseconds.</param>
    /// <returns>The UTF-8 payload.</returns>
    public static byte[] FormatReply(long timeSeconds, long ntpTime1Ms, long ntpTime2Ms) =>
        JsonPayload.WriteObject((timeSeconds, ntpTime1Ms, ntpTime2Ms), static (writer, state) =>
        {
            writer.WriteString("type"u8, "get"u8);
            writer.WriteNumber("time"u8, state.timeSeconds);
            writer.WriteNumber("ntptime1"u8, state.ntpTime1Ms);
            writer.WriteNumber("ntptime2"u8, state.ntpTime2Ms);
        });

    /// <summary>The device request, byte for byte as the C and Python SDKs send it: <c>{"type": "get", "resource": ["time"]}</c>.</summary>
    /// <returns>A new copy of the UTF-8 payload.</returns>
    public static byte[] FormatRequest() => """{"type": "get", "resource": ["time"]}"""u8.ToArray();

    /// <summary>Reads a reply on the device side; like [P] it needs <c>"type":"get"</c> and all three times.</summary>
    /// <param name="payload">The MQTT payload.</param>
    /// <param name="timeSeconds">The <c>time</c> value in seconds.</param>
    /// <param name="ntpTime1Ms">The <c>ntptime1</c> value in milliseconds.</param>
    /// <param name="ntpTime2Ms">The <c>ntptime2</c> value in milliseconds.</param>
    /// <returns><see langword="true"/> when every field is present and numeric.</returns>
    public static bool TryParseReply(ReadOnlySpan<byte> payload, out long timeSeconds, out long ntpTime1Ms, out long ntpTime2Ms)
    {
        timeSeconds = ntpTime1Ms = ntpTime2Ms = 0;
        bool isGet = false, hasTime = false, hasNtp1 = false, hasNtp2 = false;
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
                    isGet = JsonPayload.ReadStringEquals(ref reader, "get"u8);
                }
                else if (reader.ValueTextEquals("time"u8))
                {
                    hasTime = JsonPayload.TryReadInt64(ref reader, out timeSeconds);
                }
                else if (reader.ValueTextEquals("ntptime1"u8))
                {
                    hasNtp1 = JsonPayload.TryReadInt64(ref reader, out ntpTime1Ms);
                }
                else if (reader.ValueTextEquals("ntptime2"u8))
                {
                    hasNtp2 = JsonPayload.TryReadInt64(ref reader, out ntpTime2Ms);
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            timeSeconds = ntpTime1Ms = ntpTime2Ms = 0;
            return false;
        }

        return isGet && hasTime && hasNtp1 && hasNtp2;
    }

    private static bool ReadResourceHasTime(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return false;
        }

        bool hasTime = false;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            hasTime |= reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("time"u8);
            reader.Skip();
        }

        return hasTime;
    }
}
