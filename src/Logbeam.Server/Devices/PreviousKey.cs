namespace Logbeam.Server.Devices;

/// <summary>
/// The PSK a key device had before its last rotation, as stored: accepted until <see cref="ExpiresAt"/>, so a fleet can
/// be re-keyed without losing uploads. <see cref="Psk"/> is null once the overlap was ended early (the key is no longer
/// kept); <see cref="LastUsedAt"/> is the last time a device authenticated with it, as last written.
/// </summary>
public sealed record PreviousKey(string? Psk, DateTimeOffset ExpiresAt, DateTimeOffset? LastUsedAt)
{
    // Whatever prints a device must not print a key.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"ExpiresAt = {ExpiresAt:O}, LastUsedAt = {LastUsedAt:O}");
        return true;
    }
}
