using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Microcred.Web.Platform.Secrets;

/// Encrypts secrets that are stored in the database (data-protection keys, issuer private keys)
/// under the deployment's key-encryption key (KEK), with AES-256-GCM and a fresh random nonce each
/// time. Every result names the algorithm and the KEK's id, so a store can be re-encrypted under a
/// new KEK later and a node configured with the wrong KEK says so instead of failing obscurely.
/// The purpose is authenticated with the ciphertext: a secret sealed for one use cannot be passed
/// off as another.
internal sealed class SecretProtector
{
    public const string Algorithm = "AES-256-GCM";
    public const int KeySize = 32;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly byte[] key;

    public SecretProtector(IOptions<KeyEncryptionOptions> options)
        : this(options.Value.DecodedKey())
    {
    }

    public SecretProtector(byte[] keyEncryptionKey)
    {
        if (keyEncryptionKey.Length != KeySize)
        {
            throw new ArgumentException($"A key-encryption key is {KeySize} bytes, not {keyEncryptionKey.Length}.", nameof(keyEncryptionKey));
        }
        key = [.. keyEncryptionKey];
        KeyId = IdOf(key);
    }

    /// A short public name of the KEK (a hash prefix, not the key): recorded beside every secret.
    public string KeyId { get; }

    public static string IdOf(ReadOnlySpan<byte> keyEncryptionKey)
    {
        // A labelled hash, so the id is never the hash of the key used anywhere else.
        Span<byte> input = stackalloc byte[IdLabel.Length + keyEncryptionKey.Length];
        IdLabel.CopyTo(input);
        keyEncryptionKey.CopyTo(input[IdLabel.Length..]);
        var id = Convert.ToHexStringLower(SHA256.HashData(input)[..8]);
        CryptographicOperations.ZeroMemory(input);
        return id;
    }

    private static ReadOnlySpan<byte> IdLabel => "microcred key-encryption-key id\n"u8;

    public ProtectedSecret Protect(ReadOnlySpan<byte> plaintext, string purpose)
    {
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        var sealedBytes = new byte[plaintext.Length + TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(0, plaintext.Length), sealedBytes.AsSpan(plaintext.Length), AssociatedData(KeyId, purpose));
        return new ProtectedSecret(Algorithm, KeyId, nonce, sealedBytes);
    }

    public ProtectedSecret Protect(string plaintext, string purpose)
    {
        var bytes = Encoding.UTF8.GetBytes(plaintext);
        try
        {
            return Protect(bytes, purpose);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// The plaintext, or a KeyEncryptionException that says why not (another KEK, another purpose,
    /// or altered bytes).
    public byte[] Unprotect(ProtectedSecret secret, string purpose)
    {
        if (secret.Algorithm != Algorithm)
        {
            throw new KeyEncryptionException($"The {purpose} uses algorithm '{secret.Algorithm}'; only {Algorithm} is supported.");
        }
        if (secret.KeyId != KeyId)
        {
            throw new KeyEncryptionException(
                $"The {purpose} was encrypted under key-encryption key {secret.KeyId}, but {KeyEncryptionOptions.KeySetting} is key {KeyId}. " +
                "Configure the key-encryption key it was encrypted with (the same on every node).");
        }
        if (secret.Nonce.Length != NonceSize || secret.SealedBytes.Length < TagSize)
        {
            throw new KeyEncryptionException($"The {purpose} is truncated: it needs a {NonceSize}-byte nonce and a {TagSize}-byte tag.");
        }
        var ciphertextLength = secret.SealedBytes.Length - TagSize;
        var plaintext = new byte[ciphertextLength];
        using var aes = new AesGcm(key, TagSize);
        try
        {
            aes.Decrypt(secret.Nonce, secret.SealedBytes.AsSpan(0, ciphertextLength), secret.SealedBytes.AsSpan(ciphertextLength), plaintext, AssociatedData(secret.KeyId, purpose));
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new KeyEncryptionException(
                $"The {purpose} failed authentication under key-encryption key {KeyId}: it was altered, or it was sealed for another purpose.");
        }
        return plaintext;
    }

    public string UnprotectString(ProtectedSecret secret, string purpose)
    {
        var bytes = Unprotect(secret, purpose);
        try
        {
            return Encoding.UTF8.GetString(bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    private static byte[] AssociatedData(string keyId, string purpose) =>
        Encoding.UTF8.GetBytes($"microcred-secret-v1\n{Algorithm}\n{keyId}\n{purpose}");
}

/// A secret sealed by SecretProtector: algorithm, KEK id, nonce, and ciphertext followed by the tag.
internal sealed class ProtectedSecret(string algorithm, string keyId, byte[] nonce, byte[] sealedBytes)
{
    public string Algorithm { get; } = algorithm;
    public string KeyId { get; } = keyId;
    public byte[] Nonce { get; } = nonce;

    /// Ciphertext with the 16-byte authentication tag appended.
    public byte[] SealedBytes { get; } = sealedBytes;

    /// One text column's worth: `AES-256-GCM:{kek id}:{nonce}:{ciphertext+tag}`, base64 parts.
    public override string ToString() =>
        $"{Algorithm}:{KeyId}:{Convert.ToBase64String(Nonce)}:{Convert.ToBase64String(SealedBytes)}";

    public static ProtectedSecret Parse(string text)
    {
        var parts = text.Split(':');
        if (parts.Length != 4 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            throw new KeyEncryptionException("A protected secret has the form 'algorithm:kek-id:nonce:ciphertext'; this text does not.");
        }
        return new ProtectedSecret(parts[0], parts[1], FromBase64(parts[2], "nonce"), FromBase64(parts[3], "ciphertext"));
    }

    internal static byte[] FromBase64(string text, string part)
    {
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw new KeyEncryptionException($"The {part} of a protected secret is not base64.");
        }
    }
}

/// A secret could not be encrypted or decrypted with the configured key-encryption key; the
/// message says what to do.
internal sealed class KeyEncryptionException(string message) : CryptographicException(message);
