using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Logbeam.Bench.Mqtt;

/// <summary>
/// One device of the reconnect storm: a TCP connection, a TLS-PSK handshake through BouncyCastle's engine in its
/// non-blocking mode (fed from async socket reads, as the server's <c>PskTlsStream</c> does), then optionally an MQTT
/// CONNECT without password and its CONNACK. Ten thousand of these hold a socket and an engine each, no thread.
/// </summary>
internal sealed class PskStormConnection : IDisposable
{
    private static readonly BcTlsCrypto Crypto = new(new SecureRandom());
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
    private readonly TlsClientProtocol _tls = new();

    /// <summary>When the handshake finished (a <see cref="Stopwatch"/> timestamp), 0 if it did not.</summary>
    public long HandshakeDone { get; private set; }

    /// <summary>When CONNACK 0 arrived (a <see cref="Stopwatch"/> timestamp), 0 if it did not.</summary>
    public long ConnAcked { get; private set; }

    /// <summary>
    /// Runs the handshake and, when <paramref name="mqttConnect"/> is given, sends it and waits for CONNACK 0; the
    /// connection then stays open. Without it the connection is closed (close_notify) right after the handshake.
    /// Returns null on success, otherwise the reason for the failure.
    /// </summary>
    public async Task<string?> RunAsync(IPEndPoint server, string identity, byte[] psk, byte[]? mqttConnect, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        var stage = "tcp";
        try
        {
            await _socket.ConnectAsync(server, cancellationToken).ConfigureAwait(false);
            stage = "handshake";
            _tls.Connect(new BenchPskClient(Crypto, identity, psk));
            while (_tls.IsHandshaking)
            {
                await SendPendingAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (!await ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false))
                {
                    return "closed during handshake";
                }
            }

            await SendPendingAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (!_tls.IsConnected)
            {
                return "handshake incomplete";
            }

            HandshakeDone = Stopwatch.GetTimestamp();
            if (mqttConnect is null)
            {
                _tls.Close();
                await SendPendingAsync(buffer, cancellationToken).ConfigureAwait(false);
                _socket.Dispose();
                return null;
            }

            stage = "connack";
            _tls.WriteApplicationData(mqttConnect, 0, mqttConnect.Length);
            await SendPendingAsync(buffer, cancellationToken).ConfigureAwait(false);
            while (_tls.GetAvailableInputBytes() < 4)
            {
                if (!await ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false))
                {
                    return "closed before CONNACK";
                }
            }

            var connAck = new byte[4];
            _tls.ReadInput(connAck, 0, 4);
            if (connAck[0] != 0x20 || connAck[1] != 2 || connAck[3] != 0)
            {
                return $"CONNACK {connAck[3]}";
            }

            ConnAcked = Stopwatch.GetTimestamp();
            return null;
        }
        catch (OperationCanceledException)
        {
            return $"timeout ({stage})";
        }
        catch (SocketException e)
        {
            return $"{stage}: {e.SocketErrorCode}";
        }
        catch (TlsFatalAlertReceived e)
        {
            return $"{stage}: alert {AlertDescription.GetText(e.AlertDescription)}";
        }
        catch (TlsException e)
        {
            return $"{stage}: {e.GetType().Name}";
        }
        catch (IOException e)
        {
            return $"{stage}: {e.GetType().Name}";
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>An MQTT 3.1.1 CONNECT as the C SDK sends it over TLS-PSK: a username, no password flag, keep-alive off.</summary>
    public static byte[] MqttConnect(string clientId, string username)
    {
        // Keep-alive 0: the bench holds the connections for seconds, pings would only add noise.
        var body = new List<byte>();
        AddString(body, "MQTT");
        body.AddRange([4, 0x82, 0, 0]); // 3.1.1; clean session + username; keep-alive 0
        AddString(body, clientId);
        AddString(body, username);
        return RawMqttClient.Packet(0x10, body);
    }

    public void Dispose() => _socket.Dispose();

    private async Task SendPendingAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        int available;
        while ((available = _tls.GetAvailableOutputBytes()) > 0)
        {
            var count = _tls.ReadOutput(buffer, 0, Math.Min(available, buffer.Length));
            await _socket.SendAsync(buffer.AsMemory(0, count), SocketFlags.None, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<bool> ReceiveAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        var read = await _socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            return false;
        }

        _tls.OfferInput(buffer, 0, read);
        return true;
    }

    private static void AddString(List<byte> body, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        body.Add((byte)(bytes.Length >> 8));
        body.Add((byte)bytes.Length);
        body.AddRange(bytes);
    }
}
