namespace Logbeam.Cli.Simulate;

/// <summary>One simulated device's identity, as kept in the credentials file.</summary>
internal sealed record DeviceCredential(string ProductId, string DeviceName, string Psk);
