using System.Globalization;
using Logbeam.Server.Observability;
using MQTTnet.Diagnostics.Logger;

namespace Logbeam.Server.Mqtt;

/// <summary>
/// Passes MQTTnet's own warnings and errors to the server log. Its verbose and info traces are dropped: they are per
/// packet, and packets carry CONNECT passwords. What it says of one client's connection (a broken connection, a first
/// packet that is no CONNECT) is logged at Debug: any client can cause it, as often as it likes, and the listener counts
/// such closures by reason in <c>/metrics</c>.
/// </summary>
internal sealed class MqttNetLogBridge(ILogger logger) : IMqttNetLogger
{
    // A MQTTnet message is a sentence quoting a few values, so it may be longer than the one value LogValue allows.
    private const int MaxTextLength = 8 * LogValue.MaxLength;

    private static readonly string[] ConnectionSources = ["MqttClientSessionsManager", "MqttConnectedClient", "MqttChannelAdapter"];

    public bool IsEnabled => logger.IsEnabled(LogLevel.Debug) || logger.IsEnabled(LogLevel.Warning);

    public void Publish(MqttNetLogLevel level, string source, string message, object[] parameters, Exception exception)
    {
        if (level < MqttNetLogLevel.Warning)
        {
            return;
        }

        var text = message;
        if (parameters is { Length: > 0 })
        {
            try
            {
                text = string.Format(CultureInfo.InvariantCulture, message, parameters);
            }
            catch (FormatException)
            {
                // Keep the template as it is.
            }
        }

        // MQTTnet's messages quote client ids as the client sent them.
        text = LogValue.Printable(text, MaxTextLength);
        if (ConnectionSources.Contains(source, StringComparer.Ordinal))
        {
            MqttLog.MqttNetConnection(logger, exception?.GetType().Name, source, text);
        }
        else if (level == MqttNetLogLevel.Error)
        {
            MqttLog.MqttNetError(logger, exception, source, text);
        }
        else
        {
            MqttLog.MqttNetWarning(logger, exception, source, text);
        }
    }
}
