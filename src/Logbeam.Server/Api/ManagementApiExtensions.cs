using Microsoft.AspNetCore.Http.Json;

namespace Logbeam.Server.Api;

/// <summary>Registers and maps the management REST API under <c>/api/v1</c>, behind the admin key.</summary>
public static class ManagementApiExtensions
{
    /// <summary>The path every management endpoint is under.</summary>
    public const string Prefix = "/api/v1";

    public static IHostApplicationBuilder AddLogbeamApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section);
        builder.Services.AddSingleton<AdminKey>();
        builder.Services.AddSingleton<DeviceEndpoints>();
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi(ApiDocument.Configure);
        builder.Services.Configure<JsonOptions>(options =>
        {
            options.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default);
            // The context's strict reading applies to the bodies minimal APIs bind (they use these options, not its own).
            options.SerializerOptions.UnmappedMemberHandling = ApiJsonContext.Default.Options.UnmappedMemberHandling;
            options.SerializerOptions.RespectRequiredConstructorParameters = ApiJsonContext.Default.Options.RespectRequiredConstructorParameters;
        });

        // A body or parameter the binder cannot read is thrown to ApiExceptionHandler, which answers a problem naming
        // it, instead of an empty 400.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddExceptionHandler<ApiExceptionHandler>();
        return builder;
    }

    public static WebApplication MapLogbeamApi(this WebApplication app)
    {
        // Made (and printed, when generated) at start, not on the first API call.
        _ = app.Services.GetRequiredService<AdminKey>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapOpenApi();
        var api = app.MapGroup(Prefix).AddEndpointFilter<AdminKeyFilter>();
        api.MapProductsApi();
        api.MapDevicesApi();
        api.MapDeviceKeysApi();
        api.MapLineEventsApi();
        api.MapLogsApi();
        api.MapLogStreamApi();
        api.MapLogExportApi();
        api.MapStatsApi();
        return app;
    }
}
