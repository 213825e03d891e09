using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Logbeam.Device;

/// <summary>Registers a <see cref="LogbeamDeviceClient"/> in a service collection.</summary>
public static class LogbeamDeviceServiceCollectionExtensions
{
    /// <summary>
    /// Registers one <see cref="LogbeamDeviceClient"/> (a singleton using the container's <see cref="ILoggerFactory"/> and
    /// <see cref="TimeProvider"/>), started with the host and flushed when it stops.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options; may be <see langword="null"/> when they are configured elsewhere.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddLogbeamDevice(this IServiceCollection services, Action<LogbeamDeviceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<LogbeamDeviceOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(provider => new LogbeamDeviceClient(
            provider.GetRequiredService<IOptions<LogbeamDeviceOptions>>().Value,
            provider.GetService<ILoggerFactory>(),
            handler: null,
            provider.GetService<TimeProvider>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, LogbeamDeviceHostedService>());
        return services;
    }

    /// <summary>Registers one <see cref="LogbeamDeviceClient"/> with options bound from a configuration section (for example <c>Logbeam:Device</c>).</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The section holding <see cref="LogbeamDeviceOptions"/>' properties.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddLogbeamDevice(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<LogbeamDeviceOptions>().Bind(configuration);
        return services.AddLogbeamDevice((Action<LogbeamDeviceOptions>?)null);
    }
}
