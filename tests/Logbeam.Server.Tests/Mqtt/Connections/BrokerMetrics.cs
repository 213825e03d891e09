using System.Globalization;
using System.Text.RegularExpressions;

namespace Logbeam.Server.Tests.Mqtt.Connections;

/// <summary>Reads one figure of the server's <c>/metrics</c>.</summary>
internal static class BrokerMetrics
{
    /// <summary>How many connections the broker closed for <paramref name="reason"/> so far (0 before the first).</summary>
    public static async Task<double> ClosedAsync(HttpClient client, string reason)
    {
        var text = await client.GetStringAsync("/metrics");
        var match = Regex.Match(text, $"^logbeam_mqtt_connections_closed_total\\{{reason=\"{Regex.Escape(reason)}\"\\}} (\\S+)$", RegexOptions.Multiline);
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    /// <summary>
    /// Waits until the count for <paramref name="reason"/> reaches <paramref name="expected"/> (the broker counts a
    /// connection after closing it, so a client may see the close first), and returns the count then.
    /// </summary>
    public static async Task<double> ClosedAtLeastAsync(HttpClient client, string reason, double expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        double count;
        while ((count = await ClosedAsync(client, reason)) < expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        return count;
    }
}
