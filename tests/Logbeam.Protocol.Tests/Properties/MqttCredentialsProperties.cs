using System.Globalization;
using CsCheck;

namespace Logbeam.Protocol.Tests.Properties;

/// <summary>
/// <see cref="MqttCredentials"/> on generated CONNECT fields: every input gets a verdict, a refused username yields no
/// fields, and only the signed username with its own password (hex in either case) is accepted.
/// </summary>
public class MqttCredentialsProperties
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    private static readonly Gen<string> Field = Gen.Frequency<string>(
        (3, Gen.Char.AlphaNumeric.Array[0, 16].Select(chars => new string(chars))), (1, Gen.String));

    private static readonly Gen<Login> ValidLogin =
        from productId in Gen.Char.AlphaNumeric.Array[10].Select(chars => new string(chars))
        from deviceName in Gen.Char.AlphaNumeric.Array[1, 20].Select(chars => new string(chars))
        from sdkAppId in Gen.OneOf("21010406", "12010126")
        from connectionId in Gen.Char.AlphaNumeric.Array[5].Select(chars => new string(chars))
        from expiry in Gen.Frequency<ulong>((2, Gen.ULong[1_700_000_000, long.MaxValue]), (1, Gen.OneOf(2147483647UL, 9223372036854775807UL, 1_700_000_000_123UL)))
        from key in Gen.Byte.Array[16]
        from method in Gen.OneOf(MqttPasswordMethod.HmacSha1, MqttPasswordMethod.HmacSha256)
        let psk = Convert.ToBase64String(key)
        let username = MqttCredentials.CreateUsername(productId, deviceName, sdkAppId, connectionId, expiry)
        select new Login(MqttCredentials.ClientId(productId, deviceName), username, MqttCredentials.CreatePassword(username, psk, method), psk);

    // The device controls the client id, the username and the password; one of them gets one edit.
    private static readonly Gen<(Login Original, Login Edited)> EditedLogin =
        from login in ValidLogin
        from which in Gen.Int[0, 2]
        from edited in Mutations.Of(which switch { 0 => login.ClientId, 1 => login.Username, _ => login.Password })
        select (login, which switch
        {
            0 => login with { ClientId = edited },
            1 => login with { Username = edited },
            _ => login with { Password = edited },
        });

    [Fact]
    public void Verify_CreatedLogin_Accepted()
    {
        PropertyRun.ForAll(ValidLogin, login =>
            Assert.Equal(MqttAuthResult.Accepted, MqttCredentials.Verify(login.ClientId, login.Username, login.Password, login.Psk, Now)),
            login => login.ToString());
    }

    [Fact]
    public void Verify_LoginWithOneEdit_AcceptedOnlyWhenUnchangedButForHexCase()
    {
        PropertyRun.ForAll(EditedLogin, input =>
        {
            (Login original, Login edited) = input;
            MqttAuthResult result = MqttCredentials.Verify(edited.ClientId, edited.Username, edited.Password, edited.Psk, Now);

            bool same = edited.ClientId == original.ClientId && edited.Username == original.Username
                && string.Equals(edited.Password, original.Password, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(same, result == MqttAuthResult.Accepted);
        }, input => $"{PropertyRun.Show(input.Edited.ClientId)} {PropertyRun.Show(input.Edited.Username)} {PropertyRun.Show(input.Edited.Password)}");
    }

    [Fact]
    public void Verify_RandomFields_RefusedWithoutException()
    {
        Gen<(string, string?, string?, string)> random = Gen.Select(Field, Field.Null(0.1), Field.Null(0.1), Field.Where(psk => psk.Length > 0));
        PropertyRun.ForAll(random, input =>
        {
            (string clientId, string? username, string? password, string psk) = input;
            Assert.NotEqual(MqttAuthResult.Accepted, MqttCredentials.Verify(clientId, username, password, psk, Now));
        }, input => $"{PropertyRun.Show(input.Item1)} {PropertyRun.Show(input.Item2)} {PropertyRun.Show(input.Item3)}");
    }

    [Fact]
    public void TryParseUsername_AnyText_FieldsRebuildTheUsernameOrNothing()
    {
        Gen<string> username = Gen.Frequency<string>(
            (2, ValidLogin.SelectMany(login => Mutations.Of(login.Username))),
            (1, Gen.Select(Field, Field, Field, Field).Select(fields => $"{fields.Item1};{fields.Item2};{fields.Item3};{fields.Item4}")),
            (1, Gen.String));
        PropertyRun.ForAll(username, text =>
        {
            if (!MqttCredentials.TryParseUsername(text, out MqttUsername parsed))
            {
                Assert.Equal(default, parsed);
                return;
            }

            string head = $"{parsed.ClientId};{parsed.SdkAppId};{parsed.ConnectionId};";
            Assert.StartsWith(head, text, StringComparison.Ordinal);
            Assert.Equal(parsed.Expiry, ulong.Parse(text[head.Length..], NumberStyles.None, CultureInfo.InvariantCulture));
        }, PropertyRun.Show);
    }

    /// <summary>The CONNECT fields of one device login and the key that signed them.</summary>
    public sealed record Login(string ClientId, string Username, string Password, string Psk);
}
