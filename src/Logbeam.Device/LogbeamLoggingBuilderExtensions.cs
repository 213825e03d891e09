using Logbeam.Device.Logging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Logbeam.Device;

/// <summary>Adds Logbeam to <see cref="ILoggingBuilder"/>.</summary>
public static class LogbeamLoggingBuilderExtensions
{
    /// <summary>
    /// Sends the application's <see cref="ILogger"/> output to the Logbeam platform through a <see cref="LogbeamDeviceClient"/>
    /// (registered as by <see cref="LogbeamDeviceServiceCollectionExtensions.AddLogbeamDevice(IServiceCollection, Action{LogbeamDeviceOptions}?)"/>).
    /// Critical and Error become ERROR, Warning WARN, Information INFO, Debug and Trace DEBUG; the category is the tag.
    /// Every level reaches the provider, so the platform's remote level decides what is sent; narrow it with
    /// <c>Logging:Logbeam:LogLevel</c> settings if needed.
    /// </summary>
    /// <param name="builder">The logging builder.</param>
    /// <param name="configure">Sets the device options; may be <see langword="null"/> when they are configured elsewhere.</param>
    /// <returns>The logging builder.</returns>
    public static ILoggingBuilder AddLogbeam(this ILoggingBuilder builder, Action<LogbeamDeviceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddLogbeamDevice(configure);
        return AddProvider(builder);
    }

    /// <summary>
    /// Like <see cref="AddLogbeam(ILoggingBuilder, Action{LogbeamDeviceOptions}?)"/>, with the device options bound from a
    /// configuration section, for example <c>builder.Configuration.GetSection("Logbeam:Device")</c>.
    /// </summary>
    /// <param name="builder">The logging builder.</param>
    /// <param name="configuration">The section holding <see cref="LogbeamDeviceOptions"/>' properties.</param>
    /// <returns>The logging builder.</returns>
    public static ILoggingBuilder AddLogbeam(this ILoggingBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddLogbeamDevice(configuration);
        return AddProvider(builder);
    }

    private static ILoggingBuilder AddProvider(ILoggingBuilder builder)
    {
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ILoggerProvider, LogbeamLoggerProvider>(
            provider => new LogbeamLoggerProvider(provider.GetRequiredService<LogbeamDeviceClient>)));
        builder.AddFilter<LogbeamLoggerProvider>(null, LogLevel.Trace);
        return builder;
    }
}
