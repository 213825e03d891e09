using Logbeam.Cli.Client;

namespace Logbeam.Cli.Commands;

/// <summary>A <c>product</c> or <c>product/device</c> argument.</summary>
public sealed record Target(string ProductId, string? DeviceName)
{
    public string ProductPath => "api/v1/products/" + Uri.EscapeDataString(ProductId);

    public string DevicePath => ProductPath + "/devices/" + Uri.EscapeDataString(DeviceName!);

    public static Target Parse(string? text, bool deviceRequired = false, bool deviceAllowed = true)
    {
        var slash = text?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        var product = slash < 0 ? text : text![..slash];
        var device = slash < 0 ? null : text![(slash + 1)..];
        if (string.IsNullOrWhiteSpace(product) || (device is not null && device.Length == 0))
        {
            throw Usage(text, deviceRequired);
        }

        if (deviceRequired && device is null)
        {
            throw Usage(text, deviceRequired);
        }

        if (!deviceAllowed && device is not null)
        {
            throw new CliException($"'{text}' names a device; give the product only.", ExitCodes.Usage);
        }

        return new Target(product, device);
    }

    public override string ToString() => DeviceName is null ? ProductId : ProductId + "/" + DeviceName;

    private static CliException Usage(string? text, bool deviceRequired) => new(
        deviceRequired
            ? $"'{text}' is not a device: write it as <product>/<device>, such as DEMO000001/sensor-1."
            : $"'{text}' is not a product or device: write <product> or <product>/<device>.",
        ExitCodes.Usage);
}
