using System.Xml.Linq;
using Microcred.Web.Data;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.EntityFrameworkCore;

namespace Microcred.Web.Platform.Secrets;

/// Encrypts the secret part of each data-protection key (its master key) before the key is
/// written to the database, so a copy of the database alone opens no cookie or token.
internal sealed class DataProtectionKeyEncryptor(SecretProtector protector) : IXmlEncryptor
{
    public const string Purpose = "data-protection key";
    public static readonly XName ElementName = XName.Get("protectedSecret", "urn:microcred:protected-secret");

    public EncryptedXmlInfo Encrypt(XElement plaintextElement) =>
        new(ToXml(protector.Protect(plaintextElement.ToString(SaveOptions.DisableFormatting), Purpose)), typeof(DataProtectionKeyDecryptor));

    public static XElement ToXml(ProtectedSecret secret) =>
        new(ElementName,
            new XAttribute("algorithm", secret.Algorithm),
            new XAttribute("keyEncryptionKeyId", secret.KeyId),
            new XAttribute("nonce", Convert.ToBase64String(secret.Nonce)),
            Convert.ToBase64String(secret.SealedBytes));

    public static ProtectedSecret FromXml(XElement element)
    {
        if (element.Name != ElementName)
        {
            throw new KeyEncryptionException($"Expected a {ElementName.LocalName} element for a {Purpose}, found {element.Name.LocalName}.");
        }
        string Required(string name) => element.Attribute(name)?.Value
            ?? throw new KeyEncryptionException($"An encrypted {Purpose} has no {name} attribute.");
        return new ProtectedSecret(
            Required("algorithm"),
            Required("keyEncryptionKeyId"),
            ProtectedSecret.FromBase64(Required("nonce"), "nonce"),
            ProtectedSecret.FromBase64(element.Value, "ciphertext"));
    }
}

/// The data-protection system creates this by the type name stored beside each encrypted key,
/// which is why it takes the service provider rather than its dependencies.
internal sealed class DataProtectionKeyDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var protector = services.GetRequiredService<SecretProtector>();
        return XElement.Parse(protector.UnprotectString(DataProtectionKeyEncryptor.FromXml(encryptedElement), DataProtectionKeyEncryptor.Purpose));
    }
}

/// Runs on start, before the node serves: every data-protection key in the database must open
/// with this node's KEK — a node with another KEK would otherwise quietly create keys of its own
/// and sign people out whenever the load balancer switched nodes — and keys written before
/// encryption was configured are encrypted in place.
internal sealed class StoredDataProtectionKeys(AppDbContext db, SecretProtector protector, ILogger<StoredDataProtectionKeys> logger) : IStartupTask
{
    // The data-protection system's own XML vocabulary, which it uses to mark and wrap secrets.
    private static readonly XNamespace DataProtection = "http://schemas.asp.net/2015/03/dataProtection";
    private static readonly XName RequiresEncryption = DataProtection + "requiresEncryption";
    private static readonly XName EncryptedSecret = DataProtection + "encryptedSecret";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var encryptor = new DataProtectionKeyEncryptor(protector);
        var encryptedNow = 0;
        foreach (var row in await db.DataProtectionKeys.ToListAsync(cancellationToken))
        {
            var key = XElement.Parse(row.Xml ?? "<key/>");
            foreach (var secret in key.Descendants(DataProtectionKeyEncryptor.ElementName))
            {
                try
                {
                    System.Security.Cryptography.CryptographicOperations.ZeroMemory(
                        protector.Unprotect(DataProtectionKeyEncryptor.FromXml(secret), DataProtectionKeyEncryptor.Purpose));
                }
                catch (KeyEncryptionException ex)
                {
                    throw new KeyEncryptionException($"Data-protection key {row.FriendlyName} in the database cannot be opened. {ex.Message}");
                }
            }

            var plaintext = key.Descendants().Where(e => (bool?)e.Attribute(RequiresEncryption) == true).ToList();
            foreach (var element in plaintext)
            {
                element.ReplaceWith(new XElement(EncryptedSecret,
                    new XAttribute("decryptorType", typeof(DataProtectionKeyDecryptor).AssemblyQualifiedName!),
                    encryptor.Encrypt(element).EncryptedElement));
            }
            if (plaintext.Count > 0)
            {
                row.Xml = key.ToString(SaveOptions.DisableFormatting);
                encryptedNow++;
            }
        }
        if (encryptedNow > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
            logger.LogWarning("Encrypted {Count} data-protection keys that were stored unencrypted, under key-encryption key {KeyId}", encryptedNow, protector.KeyId);
        }
    }
}
