namespace Logbeam.Server.Devices;

/// <summary>A registry request that cannot be carried out; <see cref="Exception.Message"/> says why in one sentence.</summary>
public sealed class DeviceRegistryException : Exception
{
    public DeviceRegistryException(RegistryError error, string message)
        : base(message) => Error = error;

    public DeviceRegistryException()
    {
    }

    public DeviceRegistryException(string message)
        : base(message)
    {
    }

    public DeviceRegistryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public RegistryError Error { get; }
}
