using RailwayOps.Core.Secrets;
using Xunit;

namespace RailwayOps.Core.Tests.Secrets;

public sealed class RedactorTests
{
    [Fact]
    public void MasksEveryOccurrenceOfEverySecret()
    {
        var redactor = new Redactor();
        redactor.Register("alpha-secret");
        redactor.Register("beta-secret");

        var text = redactor.Redact("a=alpha-secret b=beta-secret again alpha-secret");

        Assert.Equal($"a={Redactor.Mask} b={Redactor.Mask} again {Redactor.Mask}", text);
    }

    [Fact]
    public void MasksTheLongerSecretWhole()
    {
        var redactor = new Redactor();
        redactor.Register("token");
        redactor.Register("token-extended");

        Assert.Equal(Redactor.Mask, redactor.Redact("token-extended"));
    }

    [Fact]
    public void IgnoresValuesTooShortToBeSecrets()
    {
        var redactor = new Redactor();
        redactor.Register("ab");

        Assert.Equal("about", redactor.Redact("about"));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.250.12.34")]
    [InlineData("::ffff:127.0.0.1")]
    public void VariableValuesThatAreBareAddressesStayReadable(string address)
    {
        var redactor = new Redactor();
        redactor.RegisterValue(address);
        redactor.RegisterValue("pg-password-0123");

        Assert.Equal($"host {address} password {Redactor.Mask}", redactor.Redact($"host {address} password pg-password-0123"));
    }

    [Fact]
    public void AVariableValueThatIsOneLowercaseWordStaysReadableButAMixedOneIsMasked()
    {
        var redactor = new Redactor();
        redactor.RegisterValue("postgres");
        redactor.RegisterValue("hunter2pass");

        Assert.Equal($"install postgresql-client; password {Redactor.Mask}", redactor.Redact("install postgresql-client; password hunter2pass"));
    }

    [Fact]
    public void AnAddressRegisteredAsACredentialIsStillMasked()
    {
        var redactor = new Redactor();
        redactor.Register("10.1.2.3");

        Assert.Equal(Redactor.Mask, redactor.Redact("10.1.2.3"));
    }

    [Fact]
    public void CredentialsRegisterThemselvesGlobally()
    {
        _ = new Core.Auth.RailwayCredential("global-redaction-canary-1234", Core.Auth.RailwayTokenKind.Account, Core.Auth.ValueSource.Session);

        Assert.DoesNotContain("global-redaction-canary-1234", Redactor.Global.Redact("x global-redaction-canary-1234 y"));
    }

    [Fact]
    public void CredentialToStringNamesKindAndSourceOnly()
    {
        var credential = new Core.Auth.RailwayCredential("tostring-canary-98765", Core.Auth.RailwayTokenKind.Project, Core.Auth.ValueSource.EnvironmentVariable("RAILWAY_TOKEN"));

        Assert.Equal("Project token from EnvironmentVariable:RAILWAY_TOKEN", credential.ToString());
    }
}
