namespace Logbeam.Server.Devices;

/// <summary>Why a registry request failed; the API maps each to a status code.</summary>
public enum RegistryError
{
    Invalid,
    NotFound,
    Conflict,
}
