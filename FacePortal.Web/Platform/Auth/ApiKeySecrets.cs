using System.Security.Cryptography;
using System.Text;

namespace FacePortal.Web.Platform.Auth;

/// <summary>
/// API keys made in the portal: 256 random bits, stored only as their SHA-256 (a fast hash is enough for a key
/// this long: there is nothing to guess).
/// </summary>
public static class ApiKeySecrets
{
    /// <summary>Every portal key starts with this, so a leaked one is easy to recognise and search for.</summary>
    public const string Marker = "fpk_";

    public const int PrefixLength = 12;

    public static string Generate() => Marker + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static string Prefix(string key) => key.Length <= PrefixLength ? key : key[..PrefixLength];

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
