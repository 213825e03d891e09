using Logbeam.Server.Mqtt.Connections;

namespace Logbeam.Server.Tests.Mqtt.Connections;

public sealed class MqttFrameGuardTests
{
    private static readonly byte[] Connect = MqttWire.Connect("PRODUCT001dev", "PRODUCT001dev;12010126;abcde;2147483647", "x;hmacsha256");

    [Fact]
    public void AConnectThenPackets_WithinTheBounds_PassWhateverTheChunks()
    {
        byte[] publish = [.. MqttWire.FixedHeader(0x30, 1000), .. new byte[1000]];
        byte[] stream = [.. Connect, .. publish, 0xC0, 0x00, .. publish];

        var whole = new MqttFrameGuard(1024, 2048);
        Assert.Equal(FrameViolation.None, whole.Inspect(stream));
        Assert.True(whole.ConnectReceived);

        var byteByByte = new MqttFrameGuard(1024, 2048);
        for (var i = 0; i < stream.Length; i++)
        {
            Assert.Equal(FrameViolation.None, byteByByte.Inspect(stream.AsSpan(i, 1)));
            Assert.Equal(i >= Connect.Length - 1, byteByByte.ConnectReceived);
        }
    }

    [Fact]
    public void AConnectClaiming256MB_IsStoppedBeforeItsLengthIsWhole()
    {
        var guard = new MqttFrameGuard(16 * 1024, 64 * 1024);

        // 0x10 0xff 0xff: 16,383 bytes claimed so far, over the bound with the length still incomplete.
        Assert.Equal(FrameViolation.None, guard.Inspect([0x10, 0xFF]));
        Assert.Equal(FrameViolation.ConnectTooLarge, guard.Inspect([0xFF]));
        Assert.False(guard.ConnectReceived);
    }

    [Fact]
    public void APacketExactlyAtTheBound_Passes_OneByteMore_IsStopped()
    {
        const int bound = 4096;
        var atBound = MqttWire.FixedHeader(0x30, bound - 3); // 1 type byte + 2 length bytes + body = bound
        var overBound = MqttWire.FixedHeader(0x30, bound - 2);

        var guard = new MqttFrameGuard(1024, bound);
        Assert.Equal(FrameViolation.None, guard.Inspect([.. Connect, .. atBound, .. new byte[bound - 3]]));
        Assert.Equal(FrameViolation.PacketTooLarge, guard.Inspect(overBound));
    }

    [Fact]
    public void ACONNECTOverItsOwnBound_IsStopped_ThoughPacketsMayBeLarger()
    {
        var guard = new MqttFrameGuard(Connect.Length - 1, 1024 * 1024);

        Assert.Equal(FrameViolation.ConnectTooLarge, guard.Inspect(Connect));
    }

    [Theory]
    [InlineData(new byte[] { 0xC0, 0x00 })] // PINGREQ
    [InlineData(new byte[] { 0x30, 0x02, 0x00, 0x00 })] // PUBLISH
    [InlineData(new byte[] { 0x16, 0x03, 0x01 })] // a TLS ClientHello on the plain port
    public void AFirstPacketThatIsNotAConnect_IsStopped(byte[] first)
    {
        Assert.Equal(FrameViolation.NotConnect, new MqttFrameGuard(1024, 1024).Inspect(first));
    }

    [Fact]
    public void ALengthOfMoreThanFourBytes_IsMalformed()
    {
        var guard = new MqttFrameGuard(int.MaxValue, int.MaxValue);

        Assert.Equal(FrameViolation.MalformedLength, guard.Inspect([0x10, 0x80, 0x80, 0x80, 0x80]));
    }
}
