namespace Logbeam.Server.Devices;

/// <summary>Registers the device registry, loaded from the store before the server takes requests.</summary>
public static class DeviceExtensions
{
    public static IHostApplicationBuilder AddLogbeamDevices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<DeviceRegistry>();
        builder.Services.AddSingleton<DevicePresence>();
        builder.Services.AddHostedService<DeviceRegistryLoader>();
        builder.Services.AddHostedService<PreviousKeyUpkeep>();
        return builder;
    }
}
