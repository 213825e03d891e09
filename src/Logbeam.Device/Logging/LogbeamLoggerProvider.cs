using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Logbeam.Device.Logging;

/// <summary>
/// Sends <see cref="ILogger"/> output through a <see cref="LogbeamDeviceClient"/>: the category is the tag, the platform's
/// level decides what is sent. Registered by <c>builder.Logging.AddLogbeam(...)</c>.
/// </summary>
[ProviderAlias("Logbeam")]
public sealed class LogbeamLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly Func<LogbeamDeviceClient> _resolve;
    private readonly ConcurrentDictionary<string, LogbeamLogger> _loggers = new(StringComparer.Ordinal);
    private LogbeamDeviceClient? _client;
    private int _resolving;

    /// <summary>A provider writing to <paramref name="client"/>.</summary>
    /// <param name="client">The device client; the provider does not dispose it.</param>
    public LogbeamLoggerProvider(LogbeamDeviceClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _resolve = () => client;
    }

    /// <summary>A provider that finds its client on first use, so the client itself may depend on the logger factory.</summary>
    internal LogbeamLoggerProvider(Func<LogbeamDeviceClient> resolve) => _resolve = resolve;

    internal IExternalScopeProvider? Scopes { get; private set; }

    /// <inheritdoc/>
    public ILogger CreateLogger(string categoryName) => _loggers.GetOrAdd(categoryName, name => new LogbeamLogger(name, this));

    /// <inheritdoc/>
    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => Scopes = scopeProvider;

    /// <inheritdoc/>
    public void Dispose()
    {
    }

    /// <summary>The client, or <see langword="null"/> while it is being created (its own construction may log).</summary>
    internal LogbeamDeviceClient? Client
    {
        get
        {
            if (_client is not null)
            {
                return _client;
            }

            if (Interlocked.CompareExchange(ref _resolving, 1, 0) != 0)
            {
                return null;
            }

            try
            {
                return _client = _resolve();
            }
            finally
            {
                Volatile.Write(ref _resolving, 0);
            }
        }
    }
}
