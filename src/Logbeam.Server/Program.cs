using Logbeam.Server;

await LogbeamApp.Create(args).RunAsync().ConfigureAwait(false);
