using Logbeam.Server.Api;
using Logbeam.Server.WebConsole;
using Logbeam.Server.Devices;
using Logbeam.Server.Ingest;
using Logbeam.Server.Mqtt;
using Logbeam.Server.Observability;
using Logbeam.Server.Storage;

namespace Logbeam.Server;

/// <summary>The platform, composed: one call per capability. Tests and the CLI host it the same way.</summary>
public static class LogbeamApp
{
    public static WebApplication Create(string[] args)
    {
        ObservabilityExtensions.ConfigureMetrics();
        // The shipped appsettings.json sits beside the assembly: read it from there, wherever the server is started
        // from. Relative paths in settings (Storage:DataDirectory) still resolve against the working directory.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

        // LOGBEAM__Section__Key environment variables, still overridden by the command line.
        builder.Configuration.AddEnvironmentVariables("LOGBEAM__");
        builder.Configuration.AddCommandLine(args);
        builder.AddLogbeamStorage();
        builder.AddLogbeamDevices();
        builder.AddLogbeamIngest();
        builder.AddLogbeamApi();
        builder.AddLogbeamMqtt();

        var app = builder.Build();

        // Device uploads first, ahead of routing and everything after it.
        app.UseIngestEndpoints();
        app.UseRouting();
        app.MapConsole();
        app.MapManagementApi();
        app.MapMqtt();
        app.MapObservability();
        return app;
    }
}
