using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Logbeam.Server.Storage;

/// <summary>Healthy when the store answers a read.</summary>
internal sealed class StorageHealthCheck(IDeviceStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.ListProductsAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy();
        }
#pragma warning disable CA1031 // any failure of the store is what this check reports
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return HealthCheckResult.Unhealthy("The store does not answer.", ex);
        }
    }
}
