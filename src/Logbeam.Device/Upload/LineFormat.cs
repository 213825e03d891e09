using System.Globalization;
using System.Text;
using Logbeam.Protocol;

namespace Logbeam.Device.Upload;

/// <summary>One log line as the Java SDK writes it (§4.4): <c>LVL|yyyy-MM-dd HH:mm:ss|TAG|CONTENT</c>.</summary>
internal static class LineFormat
{
    /// <summary>Formats a line. The tag loses <c>|</c> and line breaks; the content loses form feeds, so no line can contain the <c>\n\f</c> separator.</summary>
    public static string Format(DeviceLogLevel level, DateTime time, string? tag, string? content)
    {
        var builder = new StringBuilder(32 + (tag?.Length ?? 0) + (content?.Length ?? 0));
        builder.Append(DeviceLogLevels.Prefix(level)).Append('|');
        builder.Append(time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)).Append('|');
        foreach (char c in tag ?? string.Empty)
        {
            builder.Append(c is '|' or '\n' or '\r' or '\f' ? '_' : c);
        }

        builder.Append('|');
        foreach (char c in content ?? string.Empty)
        {
            builder.Append(c == '\f' ? ' ' : c);
        }

        return builder.ToString();
    }
}
