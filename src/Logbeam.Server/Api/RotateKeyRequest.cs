namespace Logbeam.Server.Api;

/// <summary>
/// Body of <c>POST …/devices/{deviceName}/rotate-key</c>, which may be left out: <c>overlapSeconds</c> is how long the
/// previous key stays valid beside the new one, 0 (none) to 2,592,000 (30 days). The default value is 86,400 (24 hours).
/// </summary>
public sealed record RotateKeyRequest(long? OverlapSeconds = null);
