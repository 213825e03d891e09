using System.Globalization;
using System.Text;

namespace Logbeam.Server.Observability.Prometheus;

/// <summary>The pieces of Prometheus's text exposition format (version 0.0.4).</summary>
internal static class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static void Header(StringBuilder text, string name, string? help, string type)
    {
        if (!string.IsNullOrEmpty(help))
        {
            text.Append("# HELP ").Append(name).Append(' ');
            foreach (var c in help)
            {
                _ = c switch
                {
                    '\\' => text.Append(@"\\"),
                    '\n' => text.Append(@"\n"),
                    _ => text.Append(c),
                };
            }

            text.Append('\n');
        }

        text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
    }

    /// <summary>One sample line; <paramref name="le"/> is a histogram bucket's upper bound, written as the last label.</summary>
    public static void Sample(StringBuilder text, string name, string? suffix, string[] labelNames, string[] labelValues, string? le, double value)
    {
        text.Append(name).Append(suffix);
        if (labelNames.Length > 0 || le is not null)
        {
            text.Append('{');
            for (var i = 0; i < labelNames.Length; i++)
            {
                Label(text, labelNames[i], labelValues[i]);
                text.Append(',');
            }

            if (le is not null)
            {
                Label(text, "le", le);
                text.Append(',');
            }

            text.Length--;
            text.Append('}');
        }

        text.Append(' ').Append(Number(value)).Append('\n');
    }

    /// <summary>The shortest text that reads back as the same double, as Prometheus's own clients write numbers.</summary>
    public static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>A metric or label name with every character Prometheus does not allow replaced by '_'.</summary>
    public static string Name(string name)
    {
        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var c = chars[i];
            var allowed = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_' or ':' || (i > 0 && c is >= '0' and <= '9');
            if (!allowed)
            {
                chars[i] = '_';
            }
        }

        return new string(chars);
    }

    private static void Label(StringBuilder text, string name, string value)
    {
        text.Append(name).Append("=\"");
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => text.Append(@"\\"),
                '"' => text.Append("\\\""),
                '\n' => text.Append(@"\n"),
                _ => text.Append(c),
            };
        }

        text.Append('"');
    }
}
