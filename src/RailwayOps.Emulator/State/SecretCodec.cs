using System.Security.Cryptography;

namespace RailwayOps.Emulator.State;

/// <summary>
/// Encrypts variable values before they reach the state folder, so a scan of the files the emulator
/// writes never finds a value in clear text (Railway also keeps variables encrypted at rest).
/// The key lives beside the state, readable only by the owner.
/// </summary>
public sealed class SecretCodec
{
    private const string Prefix = "enc1:";
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _key;

    private SecretCodec(byte[] key) => _key = key;

    public static SecretCodec ForFolder(string stateDirectory)
    {
        var path = Path.Combine(stateDirectory, "secret.key");
        if (File.Exists(path))
            return new SecretCodec(File.ReadAllBytes(path));
        var key = RandomNumberGenerator.GetBytes(32);
        AtomicFile.Write(path, key);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return new SecretCodec(key);
    }

    public string Seal(string plain)
    {
        var plainBytes = System.Text.Encoding.UTF8.GetBytes(plain);
        var output = new byte[NonceSize + TagSize + plainBytes.Length];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plainBytes, output.AsSpan(NonceSize + TagSize), output.AsSpan(NonceSize, TagSize));
        return Prefix + Convert.ToBase64String(output);
    }

    public string Open(string sealedValue)
    {
        if (!sealedValue.StartsWith(Prefix, StringComparison.Ordinal))
            throw new InvalidDataException("variable value in the state folder is not sealed");
        var input = Convert.FromBase64String(sealedValue[Prefix.Length..]);
        var plain = new byte[input.Length - NonceSize - TagSize];
        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(input.AsSpan(0, NonceSize), input.AsSpan(NonceSize + TagSize), input.AsSpan(NonceSize, TagSize), plain);
        return System.Text.Encoding.UTF8.GetString(plain);
    }

    public VariableScope Seal(VariableScope scope) =>
        scope with { Values = scope.Values.ToDictionary(p => p.Key, p => Seal(p.Value)) };

    public VariableScope Open(VariableScope scope) =>
        scope with { Values = scope.Values.ToDictionary(p => p.Key, p => Open(p.Value)) };
}
