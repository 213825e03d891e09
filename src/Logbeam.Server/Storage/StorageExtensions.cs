using Logbeam.Server.Storage.Sqlite;

namespace Logbeam.Server.Storage;

/// <summary>Registers the store chosen by <c>Storage:Provider</c>.</summary>
public static class StorageExtensions
{
    public static IHostApplicationBuilder AddLogbeamStorage(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section);
        var provider = builder.Configuration[$"{StorageOptions.Section}:{nameof(StorageOptions.Provider)}"] ?? "Sqlite";
        if (!provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Storage:Provider '{provider}' is not known; use Sqlite.");
        }

        builder.Services.AddSingleton<CommitSignal>();
        builder.Services.AddSingleton<SqliteDatabase>();
        builder.Services.AddSingleton<SqliteLogStore>();
        builder.Services.AddSingleton<ILogStore>(services => services.GetRequiredService<SqliteLogStore>());
        builder.Services.AddSingleton<IDeviceStore, SqliteDeviceStore>();
        builder.Services.AddHealthChecks().AddCheck<StorageHealthCheck>("storage");
        return builder;
    }
}
