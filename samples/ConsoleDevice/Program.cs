using Logbeam.Device;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// A .NET program whose ILogger output goes to Logbeam, at the level the platform sets for this device.
// Configure the device in appsettings.json (or environment variables such as Logbeam__Device__Psk=...).
var builder = Host.CreateApplicationBuilder(args);
builder.Logging.AddLogbeam(builder.Configuration.GetSection("Logbeam:Device"));
using var host = builder.Build();
await host.StartAsync();

var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Thermostat");
var device = host.Services.GetRequiredService<LogbeamDeviceClient>();
var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
for (var reading = 1; !lifetime.ApplicationStopping.IsCancellationRequested; reading++)
{
    var celsius = 19 + (Random.Shared.NextDouble() * 4);
    logger.LogDebug("Sensor sample {Reading}: {Celsius:0.0} °C", reading, celsius);
    if (reading % 5 == 0)
    {
        logger.LogInformation("Reading {Reading} stored; level {Level}, counters {Counters}", reading, device.Level, device.Counters);
    }

    if (celsius > 22.8)
    {
        logger.LogWarning("Too warm: {Celsius:0.0} °C", celsius);
    }

    try
    {
        await Task.Delay(TimeSpan.FromSeconds(1), lifetime.ApplicationStopping);
    }
    catch (OperationCanceledException)
    {
        break;
    }
}

// Stopping the host flushes what is buffered; disposing it sends the rest or keeps it in the spool.
await host.StopAsync();
