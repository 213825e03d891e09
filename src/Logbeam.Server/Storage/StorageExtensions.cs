using Logbeam.Server.Accounting;
using Logbeam.Server.Devices;
using Logbeam.Server.Storage.Postgres;
using Logbeam.Server.Storage.Sqlite;

namespace Logbeam.Server.Storage;

/// <summary>Registers the store chosen by <c>Storage:Provider</c>.</summary>
public static class StorageExtensions
{
    public static IHostApplicationBuilder AddLogbeamStorage(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section);
        var provider = builder.Configuration[$"{StorageOptions.Section}:{nameof(StorageOptions.Provider)}"] ?? "Sqlite";
        var services = builder.Services;
        services.AddSingleton<CommitSignal>();
        services.AddSingleton<CommitHealth>();

        // First of the hosted services: the store is up to date before anything else starts (StorageInitializer).
        services.AddHostedService<StorageInitializer>();
        if (provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            services.AddSingleton<SqliteDatabase>();
            services.AddSingleton<SqliteLogStore>();
            services.AddSingleton<ILogStore>(sp => sp.GetRequiredService<SqliteLogStore>());
            services.AddSingleton<IDeviceStore, SqliteDeviceStore>();
            services.AddSingleton<SqliteActivityStore>();
            services.AddSingleton<IDeviceActivityStore>(sp => sp.GetRequiredService<SqliteActivityStore>());
            services.AddSingleton<ILineRangeStore>(sp => sp.GetRequiredService<SqliteActivityStore>());
            services.AddSingleton<ILogRetention, SqliteRetention>();
            services.AddSingleton<IStoreInitialization>(sp => sp.GetRequiredService<SqliteDatabase>());
            services.AddSingleton<IStoreInitialization>(sp => sp.GetRequiredService<SqliteLogStore>());
        }
        else if (provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase))
        {
            services.AddSingleton<PostgresDatabase>();
            services.AddSingleton<PostgresLogStore>();
            services.AddSingleton<ILogStore>(sp => sp.GetRequiredService<PostgresLogStore>());
            services.AddSingleton<IDeviceStore, PostgresDeviceStore>();
            services.AddSingleton<PostgresActivityStore>();
            services.AddSingleton<IDeviceActivityStore>(sp => sp.GetRequiredService<PostgresActivityStore>());
            services.AddSingleton<ILineRangeStore>(sp => sp.GetRequiredService<PostgresActivityStore>());
            services.AddSingleton<ILogRetention, PostgresRetention>();
            services.AddSingleton<IStoreInitialization>(sp => sp.GetRequiredService<PostgresDatabase>());
            services.AddSingleton<PostgresNonceCache>();
            services.AddSingleton<INonceCache>(sp => sp.GetRequiredService<PostgresNonceCache>());
            services.AddSingleton<IStoreUpkeep, PostgresUpkeep>();
            services.AddSingleton<PostgresNotifications>();
            services.AddHostedService(sp => sp.GetRequiredService<PostgresNotifications>());
        }
        else
        {
            throw new InvalidOperationException($"Storage:Provider '{provider}' is not known; use Sqlite or Postgres.");
        }

        services.AddHostedService<StorageMaintenance>();
        services.AddHealthChecks().AddCheck<StorageHealthCheck>("storage");
        return builder;
    }
}
