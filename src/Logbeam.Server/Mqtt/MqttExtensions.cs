using Microsoft.AspNetCore.Http.Json;
using Logbeam.Server.Mqtt.Connections;
using Microsoft.Extensions.Options;

namespace Logbeam.Server.Mqtt;

/// <summary>Registers the MQTT side in the mode configured (<c>Mqtt:Mode</c>) and maps its HTTP endpoints.</summary>
public static class MqttExtensions
{
    public static IHostApplicationBuilder AddLogbeamMqtt(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<MqttOptions>().BindConfiguration(MqttOptions.Section);
        var mode = builder.Configuration.GetValue($"{MqttOptions.Section}:{nameof(MqttOptions.Mode)}", MqttMode.Embedded);
        if (mode == MqttMode.Disabled)
        {
            return builder;
        }

        var services = builder.Services;
        services.AddSingleton<MqttMetrics>();
        services.AddSingleton<DeviceAuthenticator>();
        services.Configure<JsonOptions>(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, MqttJsonContext.Default));
        if (mode == MqttMode.External)
        {
            services.AddSingleton<ExternalBroker>();
            services.AddSingleton<IDeviceChannel>(sp => sp.GetRequiredService<ExternalBroker>());
            services.AddHostedService<ExternalBrokerService>();
        }
        else
        {
            services.AddSingleton<DeviceListener>();
            services.AddSingleton<EmbeddedBroker>();
            services.AddSingleton<IDeviceChannel>(sp => sp.GetRequiredService<EmbeddedBroker>());
            services.AddSingleton<DeviceSessions>();
            services.AddHostedService<EmbeddedBrokerService>();
        }

        services.AddSingleton<DeviceOperations>();
        services.AddSingleton<LevelPusher>();
        services.AddHostedService(sp => sp.GetRequiredService<LevelPusher>());
        services.AddHostedService<LevelExpiryWatch>();
        return builder;
    }

    public static WebApplication MapLogbeamMqtt(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<MqttOptions>>().Value;
        if (options.Mode == MqttMode.Embedded && !string.IsNullOrEmpty(options.WebSocketPath))
        {
            app.UseWebSockets();
            app.Map(options.WebSocketPath, MqttWebSocketEndpoint.HandleAsync).ExcludeFromDescription();
        }
        else if (options.Mode == MqttMode.External)
        {
            app.MapBrokerAuthApi();
        }

        return app;
    }
}
