using Logbeam.Server.Accounting;
using Logbeam.Server.Api;
using Logbeam.Server.WebConsole;
using Logbeam.Server.Devices;
using Logbeam.Server.Ingest;
using Logbeam.Server.Mqtt;
using Logbeam.Server.Observability;
using Logbeam.Server.Storage;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace Logbeam.Server;

/// <summary>The platform, composed: one call per capability. Tests and the CLI host it the same way.</summary>
public static class LogbeamApp
{
    public static WebApplication Create(string[] args)
    {
        // The shipped appsettings.json sits beside the assembly: read it from there, wherever the server is started
        // from. Relative paths in settings (Storage:DataDirectory) still resolve against the working directory.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        AddWorkingDirectorySettings(builder.Configuration);

        // LOGBEAM__Section__Key environment variables, still overridden by the command line.
        builder.Configuration.AddEnvironmentVariables("LOGBEAM__");
        builder.Configuration.AddCommandLine(args);
        builder.AddLogbeamObservability();
        builder.AddLogbeamStorage();
        builder.AddLogbeamDevices();
        builder.AddLogbeamAccounting();
        builder.AddLogbeamIngest();
        builder.AddLogbeamApi();
        builder.AddLogbeamMqtt();

        var app = builder.Build();

        // Device uploads first, ahead of routing and everything after it.
        app.MapLogbeamIngest();
        app.UseRouting();
        app.MapLogbeamConsole();
        app.MapLogbeamApi();
        app.MapLogbeamMqtt();
        app.MapLogbeamObservability();
        return app;
    }

    /// <summary>
    /// An <c>appsettings.json</c> in the working directory, when there is one, still applies as it did when the working
    /// directory was the content root: over the shipped file, under environment variables and the command line.
    /// </summary>
    private static void AddWorkingDirectorySettings(IConfigurationBuilder configuration)
    {
        var workingDirectory = Directory.GetCurrentDirectory();
        if (Path.GetFullPath(workingDirectory).TrimEnd(Path.DirectorySeparatorChar) ==
            Path.GetFullPath(AppContext.BaseDirectory).TrimEnd(Path.DirectorySeparatorChar))
        {
            return;
        }

        var sources = configuration.Sources;
        var afterShipped = 0;
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is JsonConfigurationSource { Path: { } path } && path.StartsWith("appsettings", StringComparison.Ordinal))
            {
                afterShipped = i + 1;
            }
        }

        sources.Insert(afterShipped, new JsonConfigurationSource
        {
            Path = "appsettings.json",
            Optional = true,
            FileProvider = new PhysicalFileProvider(workingDirectory),
        });
    }
}
