using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Logbeam.Server.Mqtt.Tls;
using Microsoft.Extensions.Options;
using MQTTnet.Adapter;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Formatter;
using MQTTnet.Implementations;
using MQTTnet.Server;

namespace Logbeam.Server.Mqtt.Connections;

/// <summary>
/// The one door of the embedded broker: every device connection, plain TCP, TLS or WebSocket, comes in here and is held
/// to the same limits before MQTTnet reads a packet of it: at most <see cref="MqttOptions.MaxConnections"/> at once, a
/// CONNECT within <see cref="MqttOptions.ConnectTimeout"/> (TLS handshake included), and no packet over its size
/// bound (<see cref="MqttFrameGuard"/>).
/// </summary>
public sealed class DeviceListener(
    IOptions<MqttOptions> options, DeviceAuthenticator authenticator, MqttMetrics metrics, ILogger<DeviceListener> logger)
    : IMqttServerAdapter
{
    // Connections the kernel queues while the accept loop catches up, as when a fleet reconnects at once after a
    // restart; the kernel caps it further (net.core.somaxconn).
    private const int AcceptBacklog = 1024;

    private readonly MqttOptions _options = options.Value;
    private readonly List<Socket> _sockets = [];
    private readonly ConcurrentDictionary<IMqttChannelAdapter, DeviceConnection> _connections = new();
    private CancellationTokenSource? _stopping;
    private MqttServerOptions? _serverOptions;
    private IMqttNetLogger? _mqttLogger;
    private X509Certificate2? _certificate;
    private TlsFront? _tls;
    private int _open;

    public Func<IMqttChannelAdapter, Task>? ClientHandler { get; set; }

    /// <summary>The plain TCP port, once started (the one picked when 0 was configured); null when off.</summary>
    public int? TcpPort { get; private set; }

    /// <summary>The TLS port (TLS-PSK, and certificate TLS when a certificate is configured), once started; null when off.</summary>
    public int? TlsPort { get; private set; }

    /// <summary>Connections open now, on every transport.</summary>
    public int OpenConnections => Volatile.Read(ref _open);

    public Task StartAsync(MqttServerOptions serverOptions, IMqttNetLogger logger)
    {
        if (!IPAddress.TryParse(_options.BindAddress, out var address))
        {
            throw new InvalidOperationException($"Mqtt:BindAddress '{_options.BindAddress}' is not an IP address; use for example 127.0.0.1 or 0.0.0.0.");
        }

        _serverOptions = serverOptions;
        _mqttLogger = logger;
        _stopping = new CancellationTokenSource();
        if (_options.Port >= 0)
        {
            TcpPort = Listen(address, _options.Port, ConnectionTransport.Tcp);
        }

        if (_options.TlsPort >= 0)
        {
            _certificate = _options.Tls.CertificatePath is null ? null : BrokerCertificate.Load(_options.Tls);
            _tls = new TlsFront(_certificate, authenticator.TlsPskOf, authenticator.TlsPskFailed);
            TlsPort = Listen(address, _options.TlsPort, ConnectionTransport.Tls);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync()
    {
        lock (_sockets)
        {
            _stopping?.Cancel();
            _stopping?.Dispose();
            _stopping = null;
            foreach (var socket in _sockets)
            {
                socket.Dispose();
            }

            _sockets.Clear();
        }

        return Task.CompletedTask;
    }

    public void Dispose()
    {
        StopAsync();
        _certificate?.Dispose();
        _certificate = null;
    }

    /// <summary>What the transport of <paramref name="adapter"/>'s connection established; null once it has ended.</summary>
    public DeviceConnection? ConnectionOf(IMqttChannelAdapter adapter) => _connections.GetValueOrDefault(adapter);

    /// <summary>Runs an MQTT connection that came in as a WebSocket on the HTTP port, until it ends.</summary>
    public Task RunWebSocketAsync(WebSocket webSocket, HttpContext context)
    {
        var connection = context.Connection;
        var remote = connection.RemoteIpAddress is { } ip ? new IPEndPoint(ip, connection.RemotePort) : null;
        var local = connection.LocalIpAddress is { } localIp ? new IPEndPoint(localIp, connection.LocalPort) : null;
        return RunAsync(ConnectionTransport.WebSocket, WebSocketStream.Create(webSocket, WebSocketMessageType.Binary, ownsWebSocket: false),
            local, remote, context.Abort);
    }

    private int Listen(IPAddress address, int port, ConnectionTransport transport)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.Bind(new IPEndPoint(address, port));
        socket.Listen(AcceptBacklog);
        _sockets.Add(socket);
        _ = AcceptAsync(socket, transport, _stopping!.Token);
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    private async Task AcceptAsync(Socket listener, ConnectionTransport transport, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(stopping).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                // A client that reset before it was accepted, or a process out of descriptors: keep accepting.
                MqttLog.AcceptFailed(logger, e.SocketErrorCode.ToString());
                continue;
            }

            client.NoDelay = true;
            _ = Task.Run(() => RunAsync(transport, new NetworkStream(client, ownsSocket: true), client.LocalEndPoint, client.RemoteEndPoint, client.Dispose),
                CancellationToken.None);
        }
    }

    private async Task RunAsync(ConnectionTransport transport, Stream stream, EndPoint? local, EndPoint? remote, Action abort)
    {
        var handler = ClientHandler;
        if (Interlocked.Increment(ref _open) > _options.MaxConnections || handler is null)
        {
            Interlocked.Decrement(ref _open);
            metrics.ConnectionClosed(handler is null ? "stopping" : "max_connections");
            abort();
            await stream.DisposeAsync().ConfigureAwait(false);
            return;
        }

        metrics.SetOpenConnections(OpenConnections);
        var guard = new MqttFrameGuard(_options.MaxConnectBytes, _options.MaxPacketBytes);
        using var deadline = new CancellationTokenSource(_options.ConnectTimeout);
        await using var onDeadline = deadline.Token.Register(() =>
        {
            if (!guard.ConnectReceived)
            {
                abort();
            }
        }).ConfigureAwait(false);

        // Read from the token, not from a flag its callback sets: a TLS handshake waiting on the token is cancelled by
        // a callback that runs before that one, and unwinds to here first.
        bool TimedOut() => deadline.IsCancellationRequested && !guard.ConnectReceived;
        GuardedStream? guarded = null;
        MqttChannelAdapter? adapter = null;
        try
        {
            var connection = new DeviceConnection(transport, null, null);
            if (transport == ConnectionTransport.Tls)
            {
                var session = await _tls!.AcceptAsync(stream, deadline.Token).ConfigureAwait(false);
                stream = session.Stream;
                connection = new DeviceConnection(
                    session.Psk is null ? ConnectionTransport.Tls : ConnectionTransport.TlsPsk, session.ClientCertificate, session.Psk);
            }

            guarded = new GuardedStream(stream, guard);
            var channel = new MqttTcpChannel(guarded, local, remote, connection.ClientCertificate);
            var writer = new MqttBufferWriter(_serverOptions!.WriterBufferSize, _serverOptions.WriterBufferSizeMax);
            adapter = new MqttChannelAdapter(channel, new MqttPacketFormatterAdapter(writer), _mqttLogger);
            _connections[adapter] = connection;
            await handler(adapter).ConfigureAwait(false);
        }
        catch (TlsRefusedException e)
        {
            // A handshake cut short by the deadline is counted as what it is, below.
            if (!TimedOut())
            {
                metrics.ConnectionClosed(e.Reason);
                MqttLog.TlsRefused(logger, Describe(remote), e.Reason);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or AuthenticationException
            or OperationCanceledException or WebSocketException)
        {
            // The client went away, or broke a limit: counted below.
        }
        finally
        {
            if (adapter is not null)
            {
                _connections.TryRemove(adapter, out _);
                adapter.Dispose();
            }

            Interlocked.Decrement(ref _open);
            metrics.SetOpenConnections(OpenConnections);
            if (guarded?.Violation is { } violation && violation != FrameViolation.None)
            {
                metrics.ConnectionClosed(violation.ToString());
                MqttLog.ConnectionViolation(logger, Describe(remote), violation);
            }
            else if (guarded?.ReadFailure is RenegotiationException)
            {
                metrics.ConnectionClosed("renegotiation");
            }
            else if (TimedOut())
            {
                metrics.ConnectionClosed("connect_timeout");
                MqttLog.ConnectTimedOut(logger, Describe(remote));
            }

            await stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static string Describe(EndPoint? endPoint) => endPoint?.ToString() ?? "unknown";
}
