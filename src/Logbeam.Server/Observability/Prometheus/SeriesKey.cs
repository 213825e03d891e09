using System.Globalization;

namespace Logbeam.Server.Observability.Prometheus;

/// <summary>
/// Finds a series by its label values without allocating: up to three values sit in the key itself, which is how
/// every platform instrument is tagged; more are joined into one string, which allocates.
/// An instrument is expected to be recorded with the same tag names in the same order every time.
/// </summary>
internal readonly record struct SeriesKey(string? First, string? Second, string? Third, string? Rest)
{
    private const char Separator = '\u001f';

    public static SeriesKey From(ReadOnlySpan<KeyValuePair<string, object?>> tags) => tags.Length switch
    {
        0 => default,
        1 => new(Value(tags[0]), null, null, null),
        2 => new(Value(tags[0]), Value(tags[1]), null, null),
        3 => new(Value(tags[0]), Value(tags[1]), Value(tags[2]), null),
        _ => new(Value(tags[0]), Value(tags[1]), Value(tags[2]), JoinRest(tags[3..])),
    };

    /// <summary>A tag's value as a label value; strings, as the platform tags with, are taken as they are.</summary>
    public static string Value(KeyValuePair<string, object?> tag) =>
        tag.Value as string ?? Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? string.Empty;

    private static string JoinRest(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var values = new string[tags.Length];
        for (var i = 0; i < tags.Length; i++)
        {
            values[i] = Value(tags[i]);
        }

        return string.Join(Separator, values);
    }
}
