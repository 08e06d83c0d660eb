using RailwayOps.Core.Release;
using Xunit;

namespace RailwayOps.Core.Tests.Git;

public class SecretFileGuardTests
{
    [Theory]
    [InlineData(".env", "environment file")]
    [InlineData(".env.local", "environment file")]
    [InlineData(".env.production", "environment file")]
    [InlineData("app/.env", "environment file")]
    [InlineData(@"app\.env.staging", "environment file")]
    [InlineData("deploy/prod.env", "environment file")]
    [InlineData(".ENV", "environment file")]
    [InlineData("certs/server.pem", "private key")]
    [InlineData("tls.key", "private key")]
    [InlineData("signing.p12", "private key")]
    [InlineData("signing.PFX", "private key")]
    [InlineData("putty.ppk", "private key")]
    [InlineData("android/release.keystore", "private key")]
    [InlineData("java/trust.jks", "private key")]
    [InlineData("id_rsa", "SSH private key")]
    [InlineData(".ssh/id_ed25519", "SSH private key")]
    [InlineData("keys/id_ecdsa", "SSH private key")]
    [InlineData("id_dsa", "SSH private key")]
    [InlineData(".netrc", "network logins")]
    [InlineData("_netrc", "network logins")]
    [InlineData(".pypirc", "PyPI")]
    [InlineData("credentials.json", "cloud credentials")]
    [InlineData("gcp/my-service-account-key.json", "cloud credentials")]
    [InlineData("client_secret_1234.apps.googleusercontent.com.json", "cloud credentials")]
    [InlineData(".aws/credentials", "AWS")]
    [InlineData(".railway/config.json", "Railway CLI")]
    [InlineData("tools/.railway/config.json", "Railway CLI")]
    [InlineData("infra/terraform.tfstate", "Terraform")]
    [InlineData("infra/terraform.tfstate.backup", "Terraform")]
    [InlineData("id_rsa_deploy", "SSH private key")]
    [InlineData("keys/id_ed25519_github", "SSH private key")]
    [InlineData("id_ecdsa-ci", "SSH private key")]
    [InlineData(".git-credentials", "git credential")]
    [InlineData(".docker/config.json", "Docker")]
    [InlineData("ci/.docker/config.json", "Docker")]
    [InlineData(".pgpass", "PostgreSQL")]
    [InlineData("kubeconfig", "Kubernetes")]
    [InlineData("clusters/prod.kubeconfig", "Kubernetes")]
    [InlineData(".kube/config", "Kubernetes")]
    [InlineData(".envrc", "environment file")]
    [InlineData("infra/prod.tfvars", "Terraform")]
    [InlineData("terraform.tfvars.json", "Terraform")]
    [InlineData("secrets.yaml", "secret store")]
    [InlineData("deploy/secrets.yml", "secret store")]
    [InlineData("app-secrets.json", "secret store")]
    [InlineData("config/prod.secret.toml", "secret store")]
    [InlineData(".htpasswd", "password file")]
    public void Check_FlagsSecretLookingPaths_WithAReason(string path, string reasonPart)
    {
        var match = SecretFileGuard.Check(path);

        Assert.NotNull(match);
        Assert.Equal(path, match.Path);
        Assert.Contains(reasonPart, match.Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(".env.example")]
    [InlineData("id_rsa_deploy.pub")]
    [InlineData("secrets.yaml.example")]
    [InlineData("terraform.tfvars.example")]
    [InlineData("docs/secrets.md")]
    [InlineData("app/secret_santa.py")]
    [InlineData("docker/config.json")]
    [InlineData("kube/config.py")]
    [InlineData("identity.py")]
    [InlineData(".env.sample")]
    [InlineData(".env.template")]
    [InlineData("app/.env.local.example")]
    [InlineData("id_rsa.pub")]
    [InlineData(".ssh/id_ed25519.pub")]
    [InlineData("app/config.py")]
    [InlineData("package.json")]
    [InlineData("config.json")]
    [InlineData("railway/config.json")]
    [InlineData(".npmrc")]
    [InlineData("environment.py")]
    [InlineData("docs/keys.md")]
    [InlineData("src/env/settings.py")]
    [InlineData("main.tf")]
    [InlineData("")]
    public void Check_AllowsOrdinaryFiles(string path)
    {
        Assert.Null(SecretFileGuard.Check(path));
    }

    [Fact]
    public void FindSecrets_ReturnsOnlyMatches_InInputOrder()
    {
        var matches = SecretFileGuard.FindSecrets(["README.md", "app/.env", "app/config.py", "deploy.pem", ".env.example"]);

        Assert.Equal(new[] { "app/.env", "deploy.pem" }, matches.Select(m => m.Path));
    }
}
