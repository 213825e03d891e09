using System.Security.Cryptography.X509Certificates;

namespace Logbeam.Device.Mqtt;

/// <summary>Trusts a broker certificate that chains to the one CA the options name (a self-hosted platform's own CA).</summary>
internal static class BrokerCertificateTrust
{
    public static bool IsTrusted(X509Certificate? presented, string caPem)
    {
        if (presented is null)
        {
            return false;
        }

        using var ca = X509Certificate2.CreateFromPem(caPem);
        using var certificate = new X509Certificate2(presented);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }
}
