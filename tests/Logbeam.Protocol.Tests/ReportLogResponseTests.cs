using System.Text;

namespace Logbeam.Protocol.Tests;

public class ReportLogResponseTests
{
    [Fact]
    public void Success_RequestId_ExactJson()
    {
        Assert.Equal(
            """{"Response":{"RequestId":"5f8e2c1a-0000-4000-8000-000000000001"}}""",
            Encoding.UTF8.GetString(ReportLogResponse.Success("5f8e2c1a-0000-4000-8000-000000000001")));
    }

    [Fact]
    public void Error_CodeMessageRequestId_ExactJson()
    {
        byte[] json = ReportLogResponse.Error(ReportLogErrorCodes.SignatureFailure, "The signature does not match.", "req-1");

        Assert.Equal(
            """{"Response":{"Error":{"Code":"AuthFailure.SignatureFailure","Message":"The signature does not match."},"RequestId":"req-1"}}""",
            Encoding.UTF8.GetString(json));
    }

    [Fact]
    public void Error_QuoteInMessage_Escaped()
    {
        string json = Encoding.UTF8.GetString(ReportLogResponse.Error("InvalidParameter", "bad \"x\"", "r"));

        Assert.Equal("""{"Response":{"Error":{"Code":"InvalidParameter","Message":"bad \u0022x\u0022"},"RequestId":"r"}}""", json);
    }

    [Fact]
    public void ErrorCodes_HaveDocumentedValues()
    {
        Assert.Equal("AuthFailure.SignatureFailure", ReportLogErrorCodes.SignatureFailure);
        Assert.Equal("AuthFailure.SignatureExpire", ReportLogErrorCodes.SignatureExpire);
        Assert.Equal("InvalidParameter", ReportLogErrorCodes.InvalidParameter);
        Assert.Equal("ResourceNotFound.DeviceNotExist", ReportLogErrorCodes.DeviceNotExist);
        Assert.Equal("FailedOperation.DeviceDisabled", ReportLogErrorCodes.DeviceDisabled);
        Assert.Equal("LimitExceeded.BodyTooLarge", ReportLogErrorCodes.BodyTooLarge);
        Assert.Equal("AuthFailure.ReplayedNonce", ReportLogErrorCodes.ReplayedNonce);
        Assert.Equal("RequestLimitExceeded", ReportLogErrorCodes.ServiceBusy);
        Assert.Equal("InternalError", ReportLogErrorCodes.InternalError);
    }
}
