using System.Text;

namespace Logbeam.Protocol.Tests;

public class LegacyFrameTests
{
    private static readonly byte[] VectorLines =
        "INF|2023-11-15 06:13:20|mqtt_sample.c|main(120): hello\n\fERR|2023-11-15 06:13:21|mqtt_sample.c|main(121): oops\n\f"u8.ToArray();

    [Fact]
    public void Build_Vector_ReproducesFrameByteForByte()
    {
        byte[] frame = LegacyFrame.Build('P', "ABCDE12345", "dev001", 1700000000, VectorLines, Vectors.Psk);

        Assert.Equal(223, frame.Length);
        Assert.Equal(Vectors.Bytes("legacy_frame.bin"), frame);
        Assert.Equal("562220207e4cd707def98a035100b8b7916933c8", Encoding.ASCII.GetString(frame, 0, 40));
    }

    [Fact]
    public void TryParse_Vector_OkAndSignatureVerifies()
    {
        Assert.Equal(LegacyFrameStatus.Ok, LegacyFrame.TryParse(Vectors.Bytes("legacy_frame.bin"), out LegacyFrame frame));

        Assert.Equal('P', frame.AuthType);
        Assert.Equal("ABCDE12345", frame.ProductId);
        Assert.Equal("dev001", frame.DeviceName);
        Assert.Equal(1700000000, frame.Timestamp);
        Assert.Equal(VectorLines, frame.Lines.ToArray());
        Assert.True(frame.VerifySignature(Vectors.Psk));
        Assert.True(frame.VerifySignature(DeviceSecret.ForKey(Vectors.Psk).LegacySignKey));
    }

    [Fact]
    public void VerifySignature_KeyLongerThan24_UsesFirst24Characters()
    {
        LegacyFrame.TryParse(Vectors.Bytes("legacy_frame.bin"), out LegacyFrame frame);

        Assert.True(frame.VerifySignature(Vectors.Psk + "ignored-tail"));
    }

    [Fact]
    public void VerifySignature_UppercaseHexField_Accepted()
    {
        byte[] bytes = Vectors.Bytes("legacy_frame.bin");
        Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(bytes, 0, 40).ToUpperInvariant()).CopyTo(bytes, 0);

        Assert.Equal(LegacyFrameStatus.Ok, LegacyFrame.TryParse(bytes, out LegacyFrame frame));
        Assert.True(frame.VerifySignature(Vectors.Psk));
    }

    [Fact]
    public void VerifySignature_WrongKey_False()
    {
        LegacyFrame.TryParse(Vectors.Bytes("legacy_frame.bin"), out LegacyFrame frame);

        Assert.False(frame.VerifySignature("b3RoZXItZGV2aWNlLXBzaw=="));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(39)]
    [InlineData(40)]
    [InlineData(60)]
    [InlineData(110)]
    [InlineData(200)]
    [InlineData(222)]
    public void VerifySignature_TamperedByte_False(int offset)
    {
        byte[] bytes = Vectors.Bytes("legacy_frame.bin");
        bytes[offset] = TamperKeepingHeaderValid(bytes[offset]);

        LegacyFrameStatus status = LegacyFrame.TryParse(bytes, out LegacyFrame frame);

        Assert.Equal(LegacyFrameStatus.Ok, status);
        Assert.False(frame.VerifySignature(Vectors.Psk));
    }

    [Fact]
    public void VerifySignature_DefaultFrame_False()
    {
        Assert.False(default(LegacyFrame).VerifySignature(Vectors.Psk));
    }

    [Fact]
    public void ParseLines_Vector_TwoCLines()
    {
        LegacyFrame.TryParse(Vectors.Bytes("legacy_frame.bin"), out LegacyFrame frame);
        var lines = new List<LogLine>();
        int truncated = 0;

        Assert.Equal(2, frame.ParseLines(lines, 1024, ref truncated));
        Assert.Equal(new LogLine(DeviceLogLevel.Info, new DateTime(2023, 11, 15, 6, 13, 20), "mqtt_sample.c", "main(120): hello"), lines[0]);
        Assert.Equal(new LogLine(DeviceLogLevel.Error, new DateTime(2023, 11, 15, 6, 13, 21), "mqtt_sample.c", "main(121): oops"), lines[1]);
        Assert.Equal(0, truncated);
    }

    [Fact]
    public void TryParse_HeaderOnly_OkWithNoLines()
    {
        byte[] frame = LegacyFrame.Build('C', "ABCDE12345", "dev001", 0, [], "MIIDFzCCAf+gAwIBAgIUcSwy");
        var lines = new List<LogLine>();
        int truncated = 0;

        Assert.Equal(LegacyFrameStatus.Ok, LegacyFrame.TryParse(frame, out LegacyFrame parsed));
        Assert.Equal('C', parsed.AuthType);
        Assert.Equal(0, parsed.Timestamp);
        Assert.True(parsed.Lines.IsEmpty);
        Assert.Equal(0, parsed.ParseLines(lines, 100, ref truncated));
        Assert.True(parsed.VerifySignature("MIIDFzCCAf+gAwIBAgIUcSwy"));
    }

    [Fact]
    public void Build_ShortProductIdAndLongProductId_PaddedOrCutToTen()
    {
        byte[] shortId = LegacyFrame.Build('P', "ABC", "dev001", 42, [], Vectors.Psk);
        byte[] longId = LegacyFrame.Build('P', "ABCDE12345XYZ", "dev001", 42, [], Vectors.Psk);

        Assert.Equal("ABC#######", Encoding.ASCII.GetString(shortId, 44, 10));
        Assert.Equal("ABCDE12345", Encoding.ASCII.GetString(longId, 44, 10));
        Assert.Equal("0000000042", Encoding.ASCII.GetString(shortId, 102, 10));
        LegacyFrame.TryParse(shortId, out LegacyFrame parsed);
        Assert.Equal("ABC", parsed.ProductId);
    }

    [Fact]
    public void Build_BadArguments_Throw()
    {
        Assert.Throws<ArgumentException>(() => LegacyFrame.Build('X', "ABCDE12345", "dev001", 0, [], Vectors.Psk));
        Assert.Throws<ArgumentException>(() => LegacyFrame.Build('P', "ABCDE12345", new string('d', 49), 0, [], Vectors.Psk));
        Assert.Throws<ArgumentOutOfRangeException>(() => LegacyFrame.Build('P', "ABCDE12345", "dev001", -1, [], Vectors.Psk));
        Assert.Throws<ArgumentOutOfRangeException>(() => LegacyFrame.Build('P', "ABCDE12345", "dev001", 10_000_000_000, [], Vectors.Psk));
    }

    [Fact]
    public void TryParse_NulPaddedProductId_Stripped()
    {
        byte[] bytes = Vectors.Bytes("legacy_frame.bin");
        bytes.AsSpan(44 + 5, 5).Clear();

        Assert.Equal(LegacyFrameStatus.Ok, LegacyFrame.TryParse(bytes, out LegacyFrame frame));
        Assert.Equal("ABCDE", frame.ProductId);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(50)]
    [InlineData(111)]
    public void TryParse_ShorterThanHeader_TooShort(int length)
    {
        Assert.Equal(LegacyFrameStatus.TooShort, LegacyFrame.TryParse(Vectors.Bytes("legacy_frame.bin").AsMemory(0, length), out _));
    }

    [Theory]
    [InlineData(0, "g", LegacyFrameStatus.BadSignatureField)]
    [InlineData(39, " ", LegacyFrameStatus.BadSignatureField)]
    [InlineData(40, "X", LegacyFrameStatus.BadAuthType)]
    [InlineData(40, "p", LegacyFrameStatus.BadAuthType)]
    [InlineData(42, "-", LegacyFrameStatus.BadReserved)]
    [InlineData(44, "##########", LegacyFrameStatus.BadProductId)]
    [InlineData(46, "#", LegacyFrameStatus.BadProductId)]
    [InlineData(45, "\u0001", LegacyFrameStatus.BadProductId)]
    [InlineData(54, "######", LegacyFrameStatus.BadDeviceName)]
    [InlineData(55, "\0", LegacyFrameStatus.BadDeviceName)]
    [InlineData(70, "x", LegacyFrameStatus.BadDeviceName)]
    [InlineData(102, " ", LegacyFrameStatus.BadTimestamp)]
    [InlineData(111, "a", LegacyFrameStatus.BadTimestamp)]
    [InlineData(105, "-", LegacyFrameStatus.BadTimestamp)]
    public void TryParse_BadHeaderField_ReportsField(int offset, string replacement, LegacyFrameStatus expected)
    {
        byte[] bytes = Vectors.Bytes("legacy_frame.bin");
        Encoding.Latin1.GetBytes(replacement).CopyTo(bytes, offset);

        Assert.Equal(expected, LegacyFrame.TryParse(bytes, out LegacyFrame frame));
        Assert.Null(frame.ProductId);
    }

    [Fact]
    public void CopySignatureTo_GivesTheMacBytes_WhateverTheCaseOfTheHex()
    {
        byte[] lower = Vectors.Bytes("legacy_frame.bin");
        byte[] upper = [.. Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(lower, 0, 40).ToUpperInvariant()), .. lower[40..]];
        LegacyFrame.TryParse(lower, out LegacyFrame fromLower);
        LegacyFrame.TryParse(upper, out LegacyFrame fromUpper);
        byte[] a = new byte[20], b = new byte[20];

        Assert.Equal(20, fromLower.CopySignatureTo(a));
        Assert.Equal(20, fromUpper.CopySignatureTo(b));
        Assert.Equal(Convert.FromHexString("562220207e4cd707def98a035100b8b7916933c8"), a);
        Assert.Equal(a, b);
        Assert.Equal(0, default(LegacyFrame).CopySignatureTo(new byte[20]));
        Assert.Throws<ArgumentException>(() => fromLower.CopySignatureTo(new byte[19]));
    }

    [Fact]
    public void TryParse_NonAsciiInDeviceName_BadDeviceName()
    {
        byte[] bytes = Vectors.Bytes("legacy_frame.bin");
        bytes[56] = 0xC3;

        Assert.Equal(LegacyFrameStatus.BadDeviceName, LegacyFrame.TryParse(bytes, out _));
    }

    // A different byte that still parses, so only the signature can catch it.
    private static byte TamperKeepingHeaderValid(byte original) => original switch
    {
        (byte)'0' => (byte)'1',
        (byte)'P' => (byte)'C',
        (byte)'#' => 0,
        _ when char.IsAsciiDigit((char)original) || char.IsAsciiHexDigitLower((char)original) => (byte)'0',
        _ => (byte)(original ^ 0x20),
    };
}
