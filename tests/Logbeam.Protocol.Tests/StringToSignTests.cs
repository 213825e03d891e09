using System.Text;

namespace Logbeam.Protocol.Tests;

public class StringToSignTests
{
    // Expected values copied from protocol.md §7.2–§7.4.
    private const string JavaBodySha256 = "93f5942dec8045d69d620f12b3832a59a2c4d5ec4535837a04a0690954990b8c";
    private const string CBodySha1 = "bf9fd002b77540cc622bd9c93b97dbf4659a49d9";

    [Fact]
    public void HashPayloadHex_JavaBodyHmacSha256_IsVectorSha256()
    {
        Assert.Equal(JavaBodySha256, StringToSign.HashPayloadHex(SignatureAlgorithm.HmacSha256, Vectors.Bytes("java_body.json")));
    }

    [Fact]
    public void HashPayloadHex_RsaSha256_UsesSha256()
    {
        Assert.Equal(JavaBodySha256, StringToSign.HashPayloadHex(SignatureAlgorithm.RsaSha256, Vectors.Bytes("java_body.json")));
    }

    [Fact]
    public void HashPayloadHex_CBodyHmacSha1_IsVectorSha1()
    {
        Assert.Equal(CBodySha1, StringToSign.HashPayloadHex(SignatureAlgorithm.HmacSha1, Vectors.Bytes("c_body.json")));
    }

    [Fact]
    public void VectorBodies_HaveDocumentedLengths()
    {
        Assert.Equal(175, Vectors.Bytes("java_body.json").Length);
        Assert.Equal(
            """{"DeviceName":"dev001","ProductId":"ABCDE12345","Message":["INF|2023-11-15 06:13:20|mqtt_sample.c|main(120): hello", "ERR|2023-11-15 06:13:21|mqtt_sample.c|main(121): oops"]}""",
            Encoding.UTF8.GetString(Vectors.Bytes("c_body.json")));
    }

    [Fact]
    public void Build_HmacSha256Vector_IsExactStringToSign()
    {
        string built = StringToSign.Build(Vectors.Host, "/device/reportlog", "hmacsha256", 1700000000, 123456789, JavaBodySha256);

        Assert.Equal(
            "POST\nap-guangzhou.gateway.tencentdevices.com\n/device/reportlog\n\nhmacsha256\n1700000000\n123456789\n93f5942dec8045d69d620f12b3832a59a2c4d5ec4535837a04a0690954990b8c",
            built);
    }

    [Fact]
    public void Build_RsaVector_IsExactStringToSign()
    {
        string built = StringToSign.Build(Vectors.Host, "/device/reportlog", "rsa-sha256", 1700000000, 123456789, JavaBodySha256);

        Assert.Equal(
            "POST\nap-guangzhou.gateway.tencentdevices.com\n/device/reportlog\n\nrsa-sha256\n1700000000\n123456789\n93f5942dec8045d69d620f12b3832a59a2c4d5ec4535837a04a0690954990b8c",
            built);
    }

    [Fact]
    public void Build_HmacSha1Vector_IsExactStringToSign()
    {
        string built = StringToSign.Build(Vectors.Host, "/device/reportlog", "hmacsha1", 1700000000, 987654321, CBodySha1);

        Assert.Equal(
            "POST\nap-guangzhou.gateway.tencentdevices.com\n/device/reportlog\n\nhmacsha1\n1700000000\n987654321\nbf9fd002b77540cc622bd9c93b97dbf4659a49d9",
            built);
    }

    [Fact]
    public void Build_ZeroNonce_WritesPlainZeroWithoutTrailingLineFeed()
    {
        string built = StringToSign.Build("h", "/u", "hmacsha1", 5, 0, "ab");

        Assert.Equal("POST\nh\n/u\n\nhmacsha1\n5\n0\nab", built);
    }

    [Fact]
    public void ReportLogHeaders_HaveWireNames()
    {
        Assert.Equal("X-TC-Algorithm", ReportLogHeaders.Algorithm);
        Assert.Equal("X-TC-Timestamp", ReportLogHeaders.Timestamp);
        Assert.Equal("X-TC-Nonce", ReportLogHeaders.Nonce);
        Assert.Equal("X-TC-Signature", ReportLogHeaders.Signature);
        Assert.Equal("/device/reportlog", ReportLogHeaders.CanonicalUri);
        Assert.Equal(Vectors.Host, ReportLogHeaders.DefaultCanonicalHost);
    }
}
