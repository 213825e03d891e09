using System.Globalization;
using System.Text;

namespace Logbeam.Server.Observability;

/// <summary>
/// Makes a value a client chose (an MQTT client id, a topic, a device name from a refused upload) safe to put in a log
/// line: control characters are escaped, so a value cannot start a forged line of its own, and a long value is cut, so
/// a client cannot make every refusal write kilobytes.
/// </summary>
public static class LogValue
{
    /// <summary>The most characters of a value that are logged; the rest is replaced by a count.</summary>
    public const int MaxLength = 128;

    /// <summary>
    /// What a record's printout shows in place of a secret (a PSK, an API key): whether there is one, never the secret,
    /// so that a record logged or shown in an assertion message leaks nothing.
    /// </summary>
    public static string Hidden(string? secret) => secret is null ? "null" : "(hidden)";

    /// <summary>
    /// The value as it may be logged: itself when it is at most <paramref name="maxLength"/> characters and has no
    /// control character, else escaped and cut.
    /// </summary>
    public static string Printable(string? value, int maxLength = MaxLength)
    {
        if (value is null)
        {
            return string.Empty;
        }

        if (value.Length <= maxLength && !HasControl(value))
        {
            return value;
        }

        var shown = Math.Min(value.Length, maxLength);
        var text = new StringBuilder(shown + 32);
        foreach (var c in value.AsSpan(0, shown))
        {
            if (char.IsControl(c) || c is '\u2028' or '\u2029')
            {
                text.Append(c switch
                {
                    '\n' => "\\n",
                    '\r' => "\\r",
                    '\t' => "\\t",
                    _ => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                });
            }
            else
            {
                text.Append(c);
            }
        }

        if (value.Length > maxLength)
        {
            text.Append(CultureInfo.InvariantCulture, $"… ({value.Length} characters)");
        }

        return text.ToString();
    }

    private static bool HasControl(string value)
    {
        foreach (var c in value)
        {
            if (char.IsControl(c) || c is '\u2028' or '\u2029')
            {
                return true;
            }
        }

        return false;
    }
}
