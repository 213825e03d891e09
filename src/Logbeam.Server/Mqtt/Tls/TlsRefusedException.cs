namespace Logbeam.Server.Mqtt.Tls;

/// <summary>A TLS connection the front refused; <see cref="Reason"/> is the <c>reason</c> label in <c>/metrics</c>.</summary>
public sealed class TlsRefusedException(string reason, Exception? inner = null)
    : IOException($"TLS connection refused: {reason}.", inner)
{
    public string Reason { get; } = reason;
}
