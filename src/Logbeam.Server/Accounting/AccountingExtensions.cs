namespace Logbeam.Server.Accounting;

/// <summary>Registers device activity accounting; the store registers its <see cref="IDeviceActivityStore"/>.</summary>
public static class AccountingExtensions
{
    public static IHostApplicationBuilder AddLogbeamAccounting(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AccountingOptions>().BindConfiguration(AccountingOptions.Section)
            .Validate(o => o.FlushInterval > TimeSpan.Zero, "Accounting:FlushInterval must be positive.")
            .ValidateOnStart();
        services.AddSingleton<DeviceActivity>();
        services.AddHostedService<ActivityFlusher>();
        return builder;
    }
}
