using Microsoft.Extensions.Logging;

namespace Logbeam.Device;

/// <summary>
/// Builds a <see cref="LogbeamDeviceClient"/> for use without dependency injection (the shape of Npgsql's data source
/// builder). With a host, use <c>services.AddLogbeamDevice(...)</c> or <c>builder.Logging.AddLogbeam(...)</c> instead.
/// </summary>
/// <example>
/// <code>
/// await using var client = new LogbeamDeviceClientBuilder("PRODUCT01", "sensor-7")
///     .UsePsk(psk)
///     .UsePlatform(new Uri("http://logbeam.local:5080"), new Uri("mqtt://logbeam.local:1883"))
///     .Build();
/// client.Log(DeviceLogLevel.Info, "boot", "started");
/// </code>
/// </example>
public sealed class LogbeamDeviceClientBuilder
{
    private ILoggerFactory? _loggerFactory;
    private HttpMessageHandler? _handler;
    private TimeProvider? _time;

    /// <summary>Starts a builder for one device.</summary>
    /// <param name="productId">The product id.</param>
    /// <param name="deviceName">The device name.</param>
    public LogbeamDeviceClientBuilder(string productId, string deviceName) =>
        Options = new LogbeamDeviceOptions { ProductId = productId, DeviceName = deviceName };

    /// <summary>Starts a builder from options already filled in (for example bound from configuration).</summary>
    /// <param name="options">The options; the builder changes this instance.</param>
    public LogbeamDeviceClientBuilder(LogbeamDeviceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
    }

    /// <summary>The options being built; every setting not covered by a <c>Use…</c> method is set here.</summary>
    public LogbeamDeviceOptions Options { get; }

    /// <summary>Authenticates as a key device.</summary>
    /// <param name="psk">The device PSK as issued (Base64).</param>
    /// <returns>This builder.</returns>
    public LogbeamDeviceClientBuilder UsePsk(string psk)
    {
        Options.Psk = psk;
        Options.CertificatePem = Options.PrivateKeyPem = null;
        return this;
    }

    /// <summary>Authenticates as a certificate device: uploads are signed <c>rsa-sha256</c>, MQTT over TLS presents the certificate.</summary>
    /// <param name="certificatePem">The device certificate (PEM).</param>
    /// <param name="privateKeyPem">Its private key (PEM).</param>
    /// <returns>This builder.</returns>
    public LogbeamDeviceClientBuilder UseCertificate(string certificatePem, string privateKeyPem)
    {
        Options.CertificatePem = certificatePem;
        Options.PrivateKeyPem = privateKeyPem;
        Options.Psk = null;
        return this;
    }

    /// <summary>Says where the platform is.</summary>
    /// <param name="uploadUri">The HTTP address (<c>/device/reportlog</c> is added when the path is empty).</param>
    /// <param name="brokerUri">The MQTT broker, or <see langword="null"/> to report at <see cref="LogbeamDeviceOptions.InitialLevel"/> without level control.</param>
    /// <returns>This builder.</returns>
    public LogbeamDeviceClientBuilder UsePlatform(Uri uploadUri, Uri? brokerUri = null)
    {
        Options.UploadUri = uploadUri;
        Options.BrokerUri = brokerUri;
        return this;
    }

    /// <summary>Keeps unsent batches on disk while offline and across restarts.</summary>
    /// <param name="directory">A directory only this device uses.</param>
    /// <param name="maxBytes">The most bytes to keep, or <see langword="null"/> for the default (64 MiB).</param>
    /// <returns>This builder.</returns>
    public LogbeamDeviceClientBuilder UseSpool(string directory, long? maxBytes = null)
    {
        Options.SpoolDirectory = directory;
        if (maxBytes is { } max)
        {
            Options.SpoolMaxBytes = max;
        }

        return this;
    }

    /// <summary>Applies any other settings.</summary>
    /// <param name="configure">Changes the options.</param>
    /// <returns>This builder.</returns>
    public LogbeamDeviceClientBuilder Configure(Action<LogbeamDeviceOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        configure(Options);
        return this;
    }

    /// <summary>Where the SDK's own diagnostics go (category <c>Logbeam.Device</c>). The default is nowhere.</summary>
    /// <param name="loggerFactory">The logger factory.</param>
    /// <returns>This builder.</returns>
    public LogbeamDeviceClientBuilder UseLoggerFactory(ILoggerFactory? loggerFactory)
    {
        _loggerFactory = loggerFactory;
        return this;
    }

    /// <summary>The HTTP handler uploads go through (a proxy, custom TLS, or a test's fault injector). The client does not dispose it.</summary>
    /// <param name="handler">The handler.</param>
    /// <returns>This builder.</returns>
    public LogbeamDeviceClientBuilder UseHttpMessageHandler(HttpMessageHandler? handler)
    {
        _handler = handler;
        return this;
    }

    /// <summary>The clock, before time sync corrects it. The default is <see cref="TimeProvider.System"/>.</summary>
    /// <param name="timeProvider">The clock.</param>
    /// <returns>This builder.</returns>
    public LogbeamDeviceClientBuilder UseTimeProvider(TimeProvider? timeProvider)
    {
        _time = timeProvider;
        return this;
    }

    /// <summary>Creates the client and starts it: it connects and uploads in the background from now on.</summary>
    /// <returns>The client; dispose it to send what is left.</returns>
    /// <exception cref="InvalidOperationException">A required setting is missing, or the spool directory is in use.</exception>
    public LogbeamDeviceClient Build() => new(Options, _loggerFactory, _handler, _time);
}
