using Logbeam.Protocol;

namespace Logbeam.Cli.Output;

/// <summary>How levels read and look on a terminal.</summary>
public static class Levels
{
    public static string Name(int level) => level switch
    {
        0 => "OFF",
        1 => "ERROR",
        2 => "WARN",
        3 => "INFO",
        4 => "DEBUG",
        _ => level.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static string Colour(int level) => level switch
    {
        1 => "red",
        2 => "yellow",
        3 => "green",
        4 => "grey",
        _ => "default",
    };

    /// <summary>Reads a level as people type it: 0–4, off, error, warn, info, debug (and the three-letter forms).</summary>
    public static bool TryParse(string? text, out int level)
    {
        var ok = DeviceLogLevels.TryParseName(text, out var parsed);
        level = (int)parsed;
        return ok;
    }
}
