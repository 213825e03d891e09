namespace Logbeam.Protocol.Tests;

public class MqttCredentialsTests
{
    private const string ClientId = "ABCDE12345dev001";
    private static readonly DateTimeOffset VectorNow = DateTimeOffset.FromUnixTimeSeconds(1700000000);

    // protocol.md §7.1, copied verbatim.
    public static TheoryData<string, string, MqttPasswordMethod> VectorRows => new()
    {
        { "ABCDE12345dev001;21010406;a1B2c;9223372036854775807", "1225204afa62812b899a0ea0fa0f67682f49975f;hmacsha1", MqttPasswordMethod.HmacSha1 },
        { "ABCDE12345dev001;12010126;Xy9Zq;2147483647", "31847662f8d01f12d6dc11e8d3f4bda18a1858e1afafe2b0baba7dcc3d4792b2;hmacsha256", MqttPasswordMethod.HmacSha256 },
        { "ABCDE12345dev001;21010406;k3M9p;1700000000123", "a3efce741e05afaedf79fa2a56d3e966f05492bd;hmacsha1", MqttPasswordMethod.HmacSha1 },
    };

    [Theory]
    [MemberData(nameof(VectorRows))]
    public void CreatePassword_VectorRow_ReproducesPassword(string username, string password, MqttPasswordMethod method)
    {
        Assert.Equal(password, MqttCredentials.CreatePassword(username, Vectors.Psk, method));
    }

    [Theory]
    [MemberData(nameof(VectorRows))]
    public void Verify_VectorRowBeforeExpiry_Accepted(string username, string password, MqttPasswordMethod method)
    {
        _ = method;
        Assert.Equal(MqttAuthResult.Accepted, MqttCredentials.Verify(ClientId, username, password, Vectors.Psk, VectorNow));
    }

    [Fact]
    public void Verify_UppercaseHexAndMethod_Accepted()
    {
        const string username = "ABCDE12345dev001;12010126;Xy9Zq;2147483647";
        const string password = "31847662F8D01F12D6DC11E8D3F4BDA18A1858E1AFAFE2B0BABA7DCC3D4792B2;HMACSHA256";

        Assert.Equal(MqttAuthResult.Accepted, MqttCredentials.Verify(ClientId, username, password, Vectors.Psk, VectorNow));
    }

    [Fact]
    public void CreateUsername_VectorFields_ReproducesUsername()
    {
        Assert.Equal(
            "ABCDE12345dev001;21010406;a1B2c;9223372036854775807",
            MqttCredentials.CreateUsername("ABCDE12345", "dev001", "21010406", "a1B2c", long.MaxValue));
        Assert.Equal(ClientId, MqttCredentials.ClientId("ABCDE12345", "dev001"));
    }

    [Fact]
    public void TryParseUsername_JavaRow_Fields()
    {
        Assert.True(MqttCredentials.TryParseUsername("ABCDE12345dev001;12010126;Xy9Zq;2147483647", out MqttUsername parsed));
        Assert.Equal(new MqttUsername(ClientId, "12010126", "Xy9Zq", 2147483647UL), parsed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ABCDE12345dev001;21010406;a1B2c")]
    [InlineData("ABCDE12345dev001;21010406;a1B2c;1;extra")]
    [InlineData("ABCDE12345dev001;appid;a1B2c;2147483647")]
    [InlineData("ABCDE12345dev001;;a1B2c;2147483647")]
    [InlineData(";21010406;a1B2c;2147483647")]
    [InlineData("ABCDE12345dev001;21010406;a1B2c;-1")]
    [InlineData("ABCDE12345dev001;21010406;a1B2c;18446744073709551616")]
    [InlineData("ABCDE12345dev001;21010406;a1B2c; 2147483647")]
    public void TryParseUsername_Malformed_False(string? username)
    {
        Assert.False(MqttCredentials.TryParseUsername(username, out _));
    }

    [Fact]
    public void Verify_ThreeFields_MalformedUsername()
    {
        Assert.Equal(
            MqttAuthResult.MalformedUsername,
            MqttCredentials.Verify(ClientId, "ABCDE12345dev001;21010406;a1B2c", "x;hmacsha1", Vectors.Psk, VectorNow));
    }

    [Fact]
    public void Verify_ClientIdDiffers_ClientIdMismatch()
    {
        const string username = "ABCDE12345dev001;12010126;Xy9Zq;2147483647";
        string password = MqttCredentials.CreatePassword(username, Vectors.Psk, MqttPasswordMethod.HmacSha256);

        Assert.Equal(MqttAuthResult.ClientIdMismatch, MqttCredentials.Verify("ABCDE12345dev002", username, password, Vectors.Psk, VectorNow));
    }

    [Fact]
    public void Verify_JavaNowPlus600InThePast_Expired()
    {
        DateTimeOffset connectedAt = VectorNow;
        string username = MqttCredentials.CreateUsername(
            "ABCDE12345", "dev001", "12010126", "Xy9Zq", (ulong)connectedAt.AddSeconds(600).ToUnixTimeSeconds());
        string password = MqttCredentials.CreatePassword(username, Vectors.Psk, MqttPasswordMethod.HmacSha256);

        Assert.Equal(MqttAuthResult.Accepted, MqttCredentials.Verify(ClientId, username, password, Vectors.Psk, connectedAt.AddSeconds(600)));
        Assert.Equal(MqttAuthResult.Expired, MqttCredentials.Verify(ClientId, username, password, Vectors.Psk, connectedAt.AddSeconds(601)));
    }

    [Theory]
    [InlineData("1225204afa62812b899a0ea0fa0f67682f49975f;hmacmd5")]
    [InlineData("1225204afa62812b899a0ea0fa0f67682f49975f")]
    [InlineData("1225204afa62812b899a0ea0fa0f67682f49975f;")]
    public void Verify_UnknownMethod_UnknownMethod(string password)
    {
        Assert.Equal(
            MqttAuthResult.UnknownMethod,
            MqttCredentials.Verify(ClientId, "ABCDE12345dev001;21010406;a1B2c;9223372036854775807", password, Vectors.Psk, VectorNow));
    }

    [Theory]
    [InlineData("0225204afa62812b899a0ea0fa0f67682f49975f;hmacsha1")]
    [InlineData("1225204afa62812b899a0ea0fa0f67682f49975f;hmacsha256")]
    [InlineData("1225204afa62812b899a0ea0fa0f67682f49975;hmacsha1")]
    [InlineData("zz25204afa62812b899a0ea0fa0f67682f49975f;hmacsha1")]
    [InlineData(null)]
    public void Verify_WrongPassword_BadPassword(string? password)
    {
        Assert.Equal(
            MqttAuthResult.BadPassword,
            MqttCredentials.Verify(ClientId, "ABCDE12345dev001;21010406;a1B2c;9223372036854775807", password, Vectors.Psk, VectorNow));
    }

    [Fact]
    public void Verify_AnotherDevicesPsk_BadPassword()
    {
        Assert.Equal(
            MqttAuthResult.BadPassword,
            MqttCredentials.Verify(
                ClientId, "ABCDE12345dev001;21010406;a1B2c;9223372036854775807",
                "1225204afa62812b899a0ea0fa0f67682f49975f;hmacsha1", "b3RoZXItZGV2aWNlLXBzaw==", VectorNow));
    }

    [Fact]
    public void Verify_PskNotBase64_BadPasswordWithoutException()
    {
        Assert.Equal(
            MqttAuthResult.BadPassword,
            MqttCredentials.Verify(
                ClientId, "ABCDE12345dev001;21010406;a1B2c;9223372036854775807",
                "1225204afa62812b899a0ea0fa0f67682f49975f;hmacsha1", "not base64!", VectorNow));
    }
}
