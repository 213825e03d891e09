using Microsoft.Extensions.FileProviders;

namespace Logbeam.Server.WebConsole;

/// <summary>
/// Serves the web console at <c>/</c>. Its files are embedded in this assembly, so every host of the platform
/// (the server, <c>logbeam serve</c>, the tests) serves the same console without a web root on disk.
/// </summary>
public static class ConsoleExtensions
{
    // The console loads nothing from elsewhere and is never framed.
    private const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; " +
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static WebApplication MapLogbeamConsole(this WebApplication app)
    {
        var files = new EmbeddedFileProvider(typeof(ConsoleExtensions).Assembly, "Logbeam.Server.wwwroot");
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                // Embedded files carry the assembly's time: revalidate so an upgrade is picked up at once.
                headers.CacheControl = "no-cache";
                headers.XContentTypeOptions = "nosniff";
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers["Referrer-Policy"] = "no-referrer";
            },
        });
        return app;
    }
}
