namespace Logbeam.Protocol;

/// <summary>Which upstream operation topic a device published on (§2, §3).</summary>
public enum OperationKind
{
    /// <summary><c>$log/operation/{ProductId}/{DeviceName}</c>: the device asks for its log level.</summary>
    Log,

    /// <summary><c>$sys/operation/{ProductId}/{DeviceName}</c>: the device asks for the server time.</summary>
    Sys,
}
