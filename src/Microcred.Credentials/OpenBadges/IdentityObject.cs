using System.Security.Cryptography;
using System.Text;

namespace Microcred.Credentials.OpenBadges;

/// <summary>
/// A hashed identifier of the learner, so a credential names the recipient without showing the
/// e-mail address: <c>identityHash = "sha256$" + hex(SHA-256(identity + salt))</c>.
/// </summary>
public sealed record IdentityObject
{
    /// <summary>Always <c>IdentityObject</c>.</summary>
    public string Type { get; init; } = "IdentityObject";

    /// <summary>Whether <see cref="IdentityHash"/> is a hash (always true here).</summary>
    public bool Hashed { get; init; } = true;

    /// <summary><c>sha256$</c> and 64 lower-case hex digits.</summary>
    public required string IdentityHash { get; init; }

    /// <summary>E.g. <c>emailAddress</c>.</summary>
    public required string IdentityType { get; init; }

    /// <summary>The salt appended to the identity before hashing.</summary>
    public string? Salt { get; init; }

    /// <summary>
    /// Hashes an e-mail address, trimmed and lower-cased so that a verifier who knows the address in
    /// any capitalisation can check it with <see cref="MatchesEmail"/>.
    /// </summary>
    /// <param name="email">The learner's address.</param>
    /// <param name="salt">A random salt; a new 16-hex-digit salt when null.</param>
    public static IdentityObject ForEmail(string email, string? salt = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        var normalized = NormalizeEmail(email);
        if (normalized.Length > 254 || normalized.IndexOf('@', StringComparison.Ordinal) is <= 0 || normalized.EndsWith('@') || normalized.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException($"\"{email}\" is not an e-mail address.", nameof(email));
        }
        salt ??= Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        return new IdentityObject { IdentityHash = Hash(normalized, salt), IdentityType = "emailAddress", Salt = salt };
    }

    /// <summary>
    /// The learner's name as shown on the credential: an unhashed identity of type <c>name</c>, so
    /// wallets and verification pages can display it next to the hashed e-mail address.
    /// </summary>
    public static IdentityObject ForName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var trimmed = name.Trim();
        if (trimmed.Length > 200 || trimmed.Any(char.IsControl))
        {
            throw new ArgumentException("A name is at most 200 characters without control characters.", nameof(name));
        }
        return new IdentityObject { IdentityHash = trimmed, IdentityType = "name", Hashed = false };
    }

    /// <summary>True when this object is the hashed form of <paramref name="email"/>.</summary>
    public bool MatchesEmail(string email) =>
        IdentityType == "emailAddress" && Hashed && string.Equals(IdentityHash, Hash(NormalizeEmail(email), Salt ?? ""), StringComparison.OrdinalIgnoreCase);

    private static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();

    private static string Hash(string identity, string salt) =>
        "sha256$" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity + salt)));
}
