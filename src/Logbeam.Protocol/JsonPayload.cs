using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Logbeam.Protocol;

/// <summary>Reading and writing the small flat JSON objects of the MQTT exchanges (§2, §3).</summary>
internal static class JsonPayload
{
    // Tokens are echoed back: keep non-ASCII as UTF-8 and leave '+', '<' and the like unescaped,
    // which also keeps the log-level reply short (§8 rule 13). Nothing here is embedded in HTML.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Moves to the opening brace; false when the payload is not a JSON object.</summary>
    internal static bool TryStartObject(ref Utf8JsonReader reader) =>
        reader.Read() && reader.TokenType == JsonTokenType.StartObject;

    /// <summary>Moves to the next property name of the object; false at its end.</summary>
    internal static bool NextProperty(ref Utf8JsonReader reader) =>
        reader.Read() && reader.TokenType == JsonTokenType.PropertyName;

    /// <summary>Reads the current property's value as a string; null (and the value skipped) when it is not one.</summary>
    internal static string? ReadString(ref Utf8JsonReader reader)
    {
        reader.Read();
        string? value = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        reader.Skip();
        return value;
    }

    /// <summary>Whether the current property's value is the string <paramref name="expected"/>.</summary>
    internal static bool ReadStringEquals(ref Utf8JsonReader reader, ReadOnlySpan<byte> expected)
    {
        reader.Read();
        bool equal = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals(expected);
        reader.Skip();
        return equal;
    }

    /// <summary>Reads the current property's value as a 64-bit integer.</summary>
    internal static bool TryReadInt64(ref Utf8JsonReader reader, out long value)
    {
        reader.Read();
        value = 0;
        bool read = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out value);
        reader.Skip();
        return read;
    }

    /// <summary>Writes one JSON object with <paramref name="writeProperties"/> and returns its UTF-8 bytes.</summary>
    internal static byte[] WriteObject<TState>(TState state, Action<Utf8JsonWriter, TState> writeProperties)
    {
        var output = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(output, WriterOptions))
        {
            writer.WriteStartObject();
            writeProperties(writer, state);
            writer.WriteEndObject();
        }

        return output.WrittenSpan.ToArray();
    }
}
