using Logbeam.Protocol;

namespace Logbeam.Device;

/// <summary>
/// Who the device is, where the platform is, and how lines are batched, retried and spooled.
/// Bindable from configuration (for example the <c>Logbeam:Device</c> section).
/// </summary>
public sealed class LogbeamDeviceOptions
{
    /// <summary>The product id. Required.</summary>
    public string ProductId { get; set; } = string.Empty;

    /// <summary>The device name. Required.</summary>
    public string DeviceName { get; set; } = string.Empty;

    /// <summary>The device PSK as issued (Base64), for key devices. Set this or the certificate and key.</summary>
    public string? Psk { get; set; }

    /// <summary>The device certificate (PEM), for certificate devices; used for mutual TLS on an <c>mqtts://</c> broker.</summary>
    public string? CertificatePem { get; set; }

    /// <summary>The certificate's private key (PEM, PKCS#8 or PKCS#1), for certificate devices; uploads are signed <c>rsa-sha256</c>.</summary>
    public string? PrivateKeyPem { get; set; }

    /// <summary>
    /// The MQTT broker, <c>mqtt://host:1883</c> or <c>mqtts://host:8883</c>. Without one the device never learns a remote
    /// level and reports at <see cref="InitialLevel"/>. The default value is <see langword="null"/>.
    /// </summary>
    public Uri? BrokerUri { get; set; }

    /// <summary>
    /// The CA (PEM) that signed an <c>mqtts://</c> broker's certificate, when it is not one the system trusts (a self-hosted
    /// platform's own CA). The default value is <see langword="null"/>: the system's trust store decides.
    /// </summary>
    public string? BrokerCaCertificatePem { get; set; }

    /// <summary>
    /// Where uploads are posted: the platform's address (<c>/device/reportlog</c> is added when the path is empty) or the full
    /// URL. Required.
    /// </summary>
    public Uri? UploadUri { get; set; }

    /// <summary>The host name put in the StringToSign (§4.2). The default value is <c>ap-guangzhou.gateway.tencentdevices.com</c>, as the Java SDK signs.</summary>
    public string CanonicalHost { get; set; } = ReportLogHeaders.DefaultCanonicalHost;

    /// <summary>The <c>sdkappid</c> field of the MQTT username. The default value is <c>12010126</c>, as the Java SDK sends.</summary>
    public string SdkAppId { get; set; } = "12010126";

    /// <summary>The level used until the platform says otherwise. The default value is <see cref="DeviceLogLevel.Error"/>, as the C SDK starts.</summary>
    public DeviceLogLevel InitialLevel { get; set; } = DeviceLogLevel.Error;

    /// <summary>The most lines in one upload. The default value is 200.</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>The largest upload body aimed at, in bytes (a single longer line still goes alone). The default value is 65536.</summary>
    public int BatchMaxBytes { get; set; } = 64 * 1024;

    /// <summary>How long a line waits for others before its batch is sent. The default value is 2 seconds.</summary>
    public TimeSpan BatchInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How many lines the in-memory buffer holds; when full, the oldest line is dropped and counted. The default value is 10000.</summary>
    public int BufferCapacity { get; set; } = 10_000;

    /// <summary>
    /// How many sealed batches wait in memory for the uploader. Beyond that they go to the spool, or without one the oldest is
    /// dropped and counted. The default value is 16.
    /// </summary>
    public int MaxPendingBatches { get; set; } = 16;

    /// <summary>
    /// A directory where batches wait on disk while the platform cannot be reached, and across restarts. Without one,
    /// unsent batches live only in memory. The default value is <see langword="null"/>.
    /// </summary>
    public string? SpoolDirectory { get; set; }

    /// <summary>The most bytes the spool keeps; beyond that the oldest batches are dropped and counted. The default value is 64 MiB.</summary>
    public long SpoolMaxBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>How long one upload may take before it counts as failed and is retried. The default value is 10 seconds.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The first retry delay; it doubles per failure, with jitter. The default value is 500 milliseconds.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest retry or reconnect delay. The default value is 30 seconds.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The MQTT keep-alive. The default value is 60 seconds, as the Java samples use.</summary>
    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Whether the device asks the platform for the time (§3) and stamps lines and signatures with it. The default value is <see langword="true"/>.</summary>
    public bool SyncTime { get; set; } = true;

    /// <summary>How often the time is asked again while connected. The default value is 1 hour.</summary>
    public TimeSpan TimeSyncInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Whether line times are written in UTC rather than local time (the Java SDK writes local time). The default value is <see langword="false"/>.</summary>
    public bool UtcLineTimes { get; set; }

    /// <summary>How long <see cref="LogbeamDeviceClient.FlushAsync(CancellationToken)"/> and disposal wait for the platform. The default value is 5 seconds.</summary>
    public TimeSpan FlushTimeout { get; set; } = TimeSpan.FromSeconds(5);

    internal Uri ResolvedUploadUri =>
        UploadUri!.AbsolutePath is "" or "/" ? new Uri(UploadUri, ReportLogHeaders.CanonicalUri) : UploadUri;

    internal bool IsCertificateDevice => PrivateKeyPem is not null;

    /// <summary>Throws when a required setting is missing or a value is out of range, saying what to set.</summary>
    internal void Validate()
    {
        Require(!string.IsNullOrEmpty(ProductId), "Set ProductId to the device's product id.");
        Require(!string.IsNullOrEmpty(DeviceName), "Set DeviceName to the device's name.");
        Require(Psk is not null ^ PrivateKeyPem is not null,
            "Set either Psk (key device) or PrivateKeyPem with CertificatePem (certificate device), not both.");
        Require(UploadUri is { IsAbsoluteUri: true }, "Set UploadUri to the platform's address, for example http://127.0.0.1:5080.");
        Require(BrokerUri is null || BrokerUri.Scheme is "mqtt" or "mqtts" or "tcp" or "ssl",
            "BrokerUri must be mqtt://host:port or mqtts://host:port.");
        Require(BatchSize > 0 && BatchMaxBytes > 0 && BufferCapacity > 0 && MaxPendingBatches > 0 && SpoolMaxBytes > 0,
            "BatchSize, BatchMaxBytes, BufferCapacity, MaxPendingBatches and SpoolMaxBytes must be positive.");
        Require(BatchInterval > TimeSpan.Zero && RequestTimeout > TimeSpan.Zero && RetryBaseDelay > TimeSpan.Zero && RetryMaxDelay >= RetryBaseDelay,
            "BatchInterval, RequestTimeout and RetryBaseDelay must be positive, and RetryMaxDelay at least RetryBaseDelay.");
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }
}
