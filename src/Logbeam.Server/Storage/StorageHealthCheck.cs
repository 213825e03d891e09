using System.Globalization;
using Logbeam.Server.Devices;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Logbeam.Server.Storage;

/// <summary>Healthy when the store answers a read and the writer's last commit went through (503 otherwise).</summary>
internal sealed class StorageHealthCheck(IDeviceStore store, CommitHealth commits) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.ListProductsAsync(cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // any failure of the store is what this check reports
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return HealthCheckResult.Unhealthy("The store does not answer.", ex);
        }

        if (commits.LastFailure is { } failure)
        {
            var since = failure.Since.ToString("O", CultureInfo.InvariantCulture);
            return HealthCheckResult.Unhealthy(
                StorageFailures.IsOutOfSpace(failure.Exception)
                    ? $"The store is out of space: uploads are refused since {since}."
                    : $"Commits fail: uploads are refused since {since}.",
                failure.Exception);
        }

        return HealthCheckResult.Healthy();
    }
}
