using System.Text.Json;
using System.Text.Json.Serialization;
using Logbeam.Protocol;

namespace Logbeam.Server.Api;

/// <summary>Reads a <see cref="LevelInput"/> from a JSON number, string or null; writes the level's number.</summary>
internal sealed class LevelInputConverter : JsonConverter<LevelInput>
{
    // JSON null must reach Read: it means "clear the level", which a member left out does not.
    public override bool HandleNull => true;

    public override LevelInput Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return LevelInput.Null;
            case JsonTokenType.Number:
                return reader.TryGetInt32(out var code) && DeviceLogLevels.IsValid(code)
                    ? new LevelInput((DeviceLogLevel)code, true)
                    : Invalid(ref reader);
            case JsonTokenType.String:
                var text = reader.GetString();
                return DeviceLogLevels.TryParseName(text, out var level) ? new LevelInput(level, true) : Invalid(ref reader);
            default:
                return Invalid(ref reader);
        }
    }

    public override void Write(Utf8JsonWriter writer, LevelInput value, JsonSerializerOptions options)
    {
        // Null too: with HandleNull set, the schema generator writes a member's default (null) through here.
        if (value?.Level is { } level)
        {
            writer.WriteNumberValue((int)level);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    private static LevelInput Invalid(ref Utf8JsonReader reader)
    {
        // An object or array is read past whole; the converter is handed the complete value, so this cannot run short.
        reader.Skip();
        return LevelInput.NotALevel;
    }
}
