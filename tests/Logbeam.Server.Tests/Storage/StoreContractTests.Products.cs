using Logbeam.Protocol;
using Logbeam.Server.Devices;

namespace Logbeam.Server.Tests.Storage;

/// <summary>The products' upload rules, on every store.</summary>
public abstract partial class StoreContractTests
{
    [Fact]
    public async Task Products_UploadRules_AreStored_WithTheirDefaults_AndChanged()
    {
        var plain = NewProductId();
        var ruled = NewProductId();
        Assert.True(await Stores.Devices.CreateProductAsync(new Product(plain, "Plain", DeviceLogLevel.Info, DateTimeOffset.UtcNow), None));
        Assert.True(await Stores.Devices.CreateProductAsync(
            new Product(ruled, "Ruled", DeviceLogLevel.Info, DateTimeOffset.UtcNow, AllowCertificateKeyHmac: true, LegacyUploads: false), None));

        Assert.Equal((false, true), await RulesAsync(plain));
        Assert.Equal((true, false), await RulesAsync(ruled));

        Assert.True(await Stores.Devices.SetProductUploadRulesAsync(plain, allowCertificateKeyHmac: true, legacyUploads: false, None));
        Assert.True(await Stores.Devices.SetProductUploadRulesAsync(ruled, allowCertificateKeyHmac: false, legacyUploads: true, None));
        Assert.False(await Stores.Devices.SetProductUploadRulesAsync("NOSUCHPROD", true, true, None));

        Assert.Equal((true, false), await RulesAsync(plain));
        Assert.Equal((false, true), await RulesAsync(ruled));
        var listed = (await Stores.Devices.ListProductsAsync(None)).Single(p => p.ProductId == plain);
        Assert.Equal((true, false), (listed.AllowCertificateKeyHmac, listed.LegacyUploads));
        Assert.Equal(DeviceLogLevel.Info, listed.DefaultLogLevel);
    }

    private async Task<(bool AllowCertificateKeyHmac, bool LegacyUploads)> RulesAsync(string productId)
    {
        var product = await Stores.Devices.GetProductAsync(productId, None) ?? throw new InvalidOperationException("no product");
        return (product.AllowCertificateKeyHmac, product.LegacyUploads);
    }
}
