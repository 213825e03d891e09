using CsCheck;

namespace Logbeam.Protocol.Tests.Properties;

/// <summary>One edit to a valid input: near-valid inputs get past the first checks, where random bytes rarely do.</summary>
internal static class Mutations
{
    private static readonly byte[] InterestingBytes = "{}[]\":,\\|#;\n\f\r 0aP"u8.ToArray().Concat(new byte[] { 0x00, 0x7F, 0x80, 0xC3, 0xE2, 0xFF }).ToArray();

    private static readonly Gen<byte> AnyByte = Gen.Frequency<byte>((1, Gen.Byte), (1, Gen.OneOf(InterestingBytes)));

    private static readonly Gen<char> AnyChar = Gen.Frequency<char>(
        (2, Gen.Char), (2, Gen.Char["0123456789abcdefABCDEF;|=+/ \t\n\0"]), (1, Gen.Char["\ud83d\ude00é"]));

    /// <summary>The bytes with one replaced, inserted or deleted byte, cut short, or with a slice repeated.</summary>
    public static Gen<byte[]> Of(byte[] original) =>
        from kind in Gen.Int[0, 4]
        from at in Gen.Int[0, original.Length]
        from value in AnyByte
        from length in Gen.Int[1, 8]
        select Edit(original, kind, at, value, length);

    /// <summary>The text with one replaced, inserted or deleted character, cut short, or with a slice repeated.</summary>
    public static Gen<string> Of(string original) =>
        from kind in Gen.Int[0, 4]
        from at in Gen.Int[0, original.Length]
        from value in AnyChar
        from length in Gen.Int[1, 8]
        select new string(Edit(original.ToCharArray(), kind, at, value, length));

    private static T[] Edit<T>(T[] original, int kind, int at, T value, int length)
    {
        var edited = new List<T>(original);
        switch (kind)
        {
            case 0 when at < edited.Count:
                edited[at] = value;
                break;
            case 1:
                edited.Insert(at, value);
                break;
            case 2 when at < edited.Count:
                edited.RemoveAt(at);
                break;
            case 3:
                edited.RemoveRange(at, edited.Count - at);
                break;
            default:
                edited.InsertRange(at, original.Skip(at).Take(length));
                break;
        }

        return [.. edited];
    }
}
