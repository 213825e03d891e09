using System.Text.Json.Serialization;
using Logbeam.Protocol;

namespace Logbeam.Server.Api;

/// <summary>
/// A level as a request body gives it: a JSON number 0–4 or a string the log filters also take (<c>"debug"</c>,
/// <c>"DBG"</c>, <c>"4"</c>, any case), or JSON null where a level can be cleared. A member left out of the body is a
/// null <see cref="LevelInput"/>; an explicit null is an instance whose <see cref="Level"/> is null, so "clear" and
/// "not given" stay apart. Text that names no level is kept (<see cref="IsValid"/> false) for the endpoint to refuse
/// with a problem naming the member, rather than failing inside the reader with a message about JSON.
/// </summary>
[JsonConverter(typeof(LevelInputConverter))]
public sealed class LevelInput
{
    internal static readonly LevelInput Null = new(null, true);

    internal static readonly LevelInput NotALevel = new(null, false);

    internal LevelInput(DeviceLogLevel? level, bool isValid)
    {
        Level = level;
        IsValid = isValid;
    }

    /// <summary>The level named; null when the body gave JSON null (or something that is no level).</summary>
    public DeviceLogLevel? Level { get; }

    /// <summary>Whether the value named a level or was JSON null.</summary>
    public bool IsValid { get; }

    /// <summary>The sentence refusing a value that is no level, naming the member it was given in.</summary>
    internal static string Refusal(string member, bool nullAllowed) =>
        $"{member} must be a level: 0-4 or off, error, warn, info, debug (a JSON number or string){(nullAllowed ? ", or null" : "")}.";
}
