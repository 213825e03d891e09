using Logbeam.Server.Tests.Infrastructure;

namespace Logbeam.Server.Tests.Mqtt;

/// <summary>A server whose embedded broker also listens for TLS, with a certificate from <see cref="TestCertificates"/>.</summary>
public sealed class TlsServer : LogbeamServer
{
    public TlsServer()
        : this(new TestCertificates())
    {
    }

    private TlsServer(TestCertificates certificates)
        : base(new()
        {
            ["Mqtt:Tls:CertificatePath"] = certificates.ServerCertificatePath,
            ["Mqtt:Tls:KeyPath"] = certificates.ServerKeyPath,
        }) => Certificates = certificates;

    public TestCertificates Certificates { get; }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Certificates.Dispose();
    }
}
