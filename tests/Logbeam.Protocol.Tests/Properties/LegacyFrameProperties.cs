using System.Text;
using CsCheck;

namespace Logbeam.Protocol.Tests.Properties;

/// <summary>
/// <see cref="LegacyFrame"/> on generated frames: every input gets a status, a refused header yields no frame, and only
/// the signed bytes themselves (the signature's hex in either case) pass the signature check.
/// </summary>
public class LegacyFrameProperties
{
    private const string Key = "c2VjcmV0LXBzay0xMjM0NQ==";

    private static readonly Gen<string> PrintableName =
        Gen.Char['!', '~'].Where(c => c != '#').Array[1, 48].Select(chars => new string(chars));

    private static readonly Gen<Frame> ValidFrame =
        from authType in Gen.OneOf('P', 'C')
        from productId in PrintableName.Select(name => name.Length > 10 ? name[..10] : name)
        from deviceName in PrintableName
        from timestamp in Gen.Long[0, 9_999_999_999]
        from text in LineGen.Element
        select new Frame(productId, deviceName, timestamp, text, LegacyFrame.Build(authType, productId, deviceName, timestamp, Encoding.UTF8.GetBytes(text), Key));

    private static readonly Gen<(Frame Original, byte[] Edited)> EditedFrame =
        from frame in ValidFrame
        from edited in Mutations.Of(frame.Bytes)
        select (frame, edited);

    [Fact]
    public void TryParse_BuiltFrame_FieldsAndLinesComeBack()
    {
        PropertyRun.ForAll(ValidFrame, frame =>
        {
            Assert.Equal(LegacyFrameStatus.Ok, LegacyFrame.TryParse(frame.Bytes, out LegacyFrame parsed));
            Assert.Equal(frame.ProductId, parsed.ProductId);
            Assert.Equal(frame.DeviceName, parsed.DeviceName);
            Assert.Equal(frame.Timestamp, parsed.Timestamp);
            Assert.True(parsed.VerifySignature(Key));

            var expected = new List<LogLine>();
            var lines = new List<LogLine>();
            int expectedTruncated = 0, truncated = 0;
            LogLineParser.Parse(Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(frame.Text)), expected, 8192, ref expectedTruncated);
            int count = parsed.ParseLines(lines, 8192, ref truncated);
            Assert.Equal(expected.Count, count);
            Assert.True(expected.SequenceEqual(lines));
            Assert.Equal(expectedTruncated, truncated);
        }, frame => PropertyRun.Show(frame.Bytes));
    }

    [Fact]
    public void TryParse_FrameWithOneEdit_StatusNeverPartialAndSignatureOnlyForTheSignedBytes()
    {
        PropertyRun.ForAll(EditedFrame, input =>
        {
            (Frame original, byte[] edited) = input;
            LegacyFrameStatus status = LegacyFrame.TryParse(edited, out LegacyFrame parsed);
            if (status != LegacyFrameStatus.Ok)
            {
                AssertNoFrame(parsed);
                return;
            }

            bool sameSignedBytes = edited.Length == original.Bytes.Length
                && edited.AsSpan(40).SequenceEqual(original.Bytes.AsSpan(40))
                && Ascii.EqualsIgnoreCase(edited.AsSpan(0, 40), original.Bytes.AsSpan(0, 40));
            Assert.Equal(sameSignedBytes, parsed.VerifySignature(Key));

            var lines = new List<LogLine>();
            int truncated = 0;
            int count = parsed.ParseLines(lines, 64, ref truncated);
            Assert.Equal(lines.Count, count);
        }, input => PropertyRun.Show(input.Edited));
    }

    [Fact]
    public void TryParse_RandomBytes_StatusNeverPartial()
    {
        Gen<byte[]> random = Gen.Frequency<byte[]>(
            (1, Gen.Byte.Array[0, 300]),
            (2, Gen.Byte.Array[0, 200].Select(tail => Encoding.ASCII.GetBytes(new string('a', 40) + "P###").Concat(tail).ToArray())));
        PropertyRun.ForAll(random, bytes =>
        {
            LegacyFrameStatus status = LegacyFrame.TryParse(bytes, out LegacyFrame parsed);
            if (status != LegacyFrameStatus.Ok)
            {
                AssertNoFrame(parsed);
                return;
            }

            Assert.False(parsed.VerifySignature(Key));
            var lines = new List<LogLine>();
            int truncated = 0;
            int count = parsed.ParseLines(lines, 64, ref truncated);
            Assert.Equal(lines.Count, count);
        }, PropertyRun.Show);
    }

    private static void AssertNoFrame(LegacyFrame parsed)
    {
        Assert.Null(parsed.ProductId);
        Assert.Null(parsed.DeviceName);
        Assert.Equal(0, parsed.Timestamp);
        Assert.True(parsed.Lines.IsEmpty);
        Assert.False(parsed.VerifySignature(Key));
    }

    /// <summary>A generated frame and the fields it was built from.</summary>
    public sealed record Frame(string ProductId, string DeviceName, long Timestamp, string Text, byte[] Bytes);
}
