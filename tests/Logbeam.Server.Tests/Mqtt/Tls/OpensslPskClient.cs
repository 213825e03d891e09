using System.Diagnostics;
using System.Globalization;
using Logbeam.Server.Tests.Infrastructure;

namespace Logbeam.Server.Tests.Mqtt.Tls;

/// <summary>
/// <c>openssl s_client</c> as an independent TLS-PSK client (the C SDK's handshake, mbedTLS aside), carrying raw MQTT
/// packets: what is written goes to the broker inside TLS, and what the broker sends comes back on standard output.
/// </summary>
internal sealed class OpensslPskClient : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly System.Text.StringBuilder _errors = new();

    private OpensslPskClient(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_errors)
            {
                _errors.AppendLine(e.Data);
            }
        };
        _process.BeginErrorReadLine();
    }

    /// <summary>What openssl wrote to standard error so far.</summary>
    public string Errors
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString();
            }
        }
    }

    /// <summary>Starts a TLS 1.2 PSK handshake with <paramref name="identity"/> and the key <paramref name="pskHex"/>.</summary>
    public static OpensslPskClient Start(int port, string identity, string pskHex, string cipher = "PSK-AES128-CBC-SHA", bool quiet = true)
    {
        var openssl = ExternalProgram.Require("openssl", "openssl");
        var start = new ProcessStartInfo(openssl)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
                 {
                     "s_client", "-connect", "127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture), "-tls1_2",
                     "-psk", pskHex, "-psk_identity", identity, "-cipher", cipher + ":@SECLEVEL=0",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        if (quiet)
        {
            start.ArgumentList.Add("-quiet");
            start.ArgumentList.Add("-nocommands");
        }

        return new OpensslPskClient(Process.Start(start)!);
    }

    /// <summary>The PSK of a device as TLS-PSK takes it: the secret Base64-decoded, in hex.</summary>
    public static string Hex(string psk) => Convert.ToHexString(Convert.FromBase64String(psk));

    public async Task SendAsync(byte[] packet)
    {
        await _process.StandardInput.BaseStream.WriteAsync(packet);
        await _process.StandardInput.BaseStream.FlushAsync();
    }

    /// <summary>Sends a line of text (an s_client command when not quiet).</summary>
    public async Task SendLineAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>The next MQTT packet from the broker; null when the connection ended first.</summary>
    public async Task<(byte Type, byte[] Body)?> ReceiveAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        return await MqttWire.ReadPacketAsync(_process.StandardOutput.BaseStream, timeout.Token);
    }

    /// <summary>The CONNACK's return code for an MQTT 3.1.1 CONNECT without a password; null when the connection ended first.</summary>
    public async Task<int?> ConnectAsync(string clientId, string? username)
    {
        await SendAsync(MqttWire.Connect(clientId, username, password: null));
        var connAck = await ReceiveAsync();
        if (connAck is null)
        {
            return null;
        }

        Assert.Equal(0x20, connAck.Value.Type);
        return connAck.Value.Body[1];
    }

    /// <summary>Whether openssl ends within <paramref name="timeout"/> (the server closed the connection).</summary>
    public async Task<bool> EndsWithinAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
