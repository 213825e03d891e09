using System.Text;
using Logbeam.Protocol;
using Microsoft.Extensions.Logging;

namespace Logbeam.Device.Logging;

/// <summary>One category's logger: maps the level, keeps scopes and the exception in the text.</summary>
internal sealed class LogbeamLogger(string category, LogbeamLoggerProvider provider) : ILogger
{
    // The SDK's own diagnostics are never uploaded: an upload failure must not produce more uploads.
    private readonly bool _ignored = category == DeviceLog.Category;

    public static DeviceLogLevel Map(LogLevel level) => level switch
    {
        LogLevel.Critical or LogLevel.Error => DeviceLogLevel.Error,
        LogLevel.Warning => DeviceLogLevel.Warn,
        LogLevel.Information => DeviceLogLevel.Info,
        LogLevel.Debug or LogLevel.Trace => DeviceLogLevel.Debug,
        _ => DeviceLogLevel.Off,
    };

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => provider.Scopes?.Push(state);

    public bool IsEnabled(LogLevel logLevel) => !_ignored && provider.Client?.IsEnabled(Map(logLevel)) == true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (_ignored || provider.Client is not { } client || !client.IsEnabled(Map(logLevel)))
        {
            return;
        }

        var text = new StringBuilder();
        provider.Scopes?.ForEachScope(static (scope, text) => text.Append(scope).Append(" => "), text);
        text.Append(formatter(state, exception));
        if (exception is not null)
        {
            text.Append('\n').Append(exception);
        }

        client.Log(Map(logLevel), category, text.ToString());
    }
}
