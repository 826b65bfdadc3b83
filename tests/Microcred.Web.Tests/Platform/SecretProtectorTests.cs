using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microcred.Web.Platform.Secrets;
using Microsoft.Extensions.DependencyInjection;

namespace Microcred.Web.Tests.Platform;

public sealed class SecretProtectorTests
{
    private const string Purpose = "issuer private key";
    private static readonly byte[] Plaintext = Encoding.UTF8.GetBytes("synthetic issuer seed 0123456789abcdef");

    private static SecretProtector NewProtector() => new(RandomNumberGenerator.GetBytes(SecretProtector.KeySize));

    [Fact]
    public void Secret_round_trips_and_records_the_algorithm_and_kek_id()
    {
        var protector = NewProtector();

        var secret = protector.Protect(Plaintext, Purpose);

        Assert.Equal("AES-256-GCM", secret.Algorithm);
        Assert.Equal(protector.KeyId, secret.KeyId);
        Assert.Matches("^[0-9a-f]{16}$", secret.KeyId);
        Assert.Equal(12, secret.Nonce.Length);
        Assert.Equal(Plaintext.Length + 16, secret.SealedBytes.Length);
        Assert.Equal(Plaintext, protector.Unprotect(secret, Purpose));
    }

    [Fact]
    public void Kek_id_is_stable_for_a_key_and_differs_between_keys()
    {
        var key = RandomNumberGenerator.GetBytes(SecretProtector.KeySize);
        Assert.Equal(new SecretProtector(key).KeyId, new SecretProtector([.. key]).KeyId);
        Assert.NotEqual(new SecretProtector(key).KeyId, NewProtector().KeyId);
    }

    [Fact]
    public void Each_encryption_uses_a_fresh_nonce()
    {
        var protector = NewProtector();

        var first = protector.Protect(Plaintext, Purpose);
        var second = protector.Protect(Plaintext, Purpose);

        Assert.NotEqual(first.Nonce, second.Nonce);
        Assert.NotEqual(first.SealedBytes, second.SealedBytes);
    }

    [Fact]
    public void Secret_under_another_kek_is_refused_naming_both_kek_ids_and_the_setting()
    {
        var secret = NewProtector().Protect(Plaintext, Purpose);
        var other = NewProtector();

        var error = Assert.Throws<KeyEncryptionException>(() => other.Unprotect(secret, Purpose));

        Assert.Equal(
            $"The issuer private key was encrypted under key-encryption key {secret.KeyId}, but DataProtection:KeyEncryptionKey is key {other.KeyId}. " +
            "Configure the key-encryption key it was encrypted with (the same on every node).",
            error.Message);
    }

    [Fact]
    public void Any_changed_byte_fails_authentication()
    {
        var protector = NewProtector();
        var secret = protector.Protect(Plaintext, Purpose);
        for (var i = 0; i < secret.SealedBytes.Length; i++)
        {
            var altered = secret.SealedBytes.ToArray();
            altered[i] ^= 0x01;
            var error = Assert.Throws<KeyEncryptionException>(() => protector.Unprotect(new ProtectedSecret(secret.Algorithm, secret.KeyId, secret.Nonce, altered), Purpose));
            Assert.Contains("failed authentication", error.Message);
        }
        var nonce = secret.Nonce.ToArray();
        nonce[0] ^= 0x80;
        Assert.Throws<KeyEncryptionException>(() => protector.Unprotect(new ProtectedSecret(secret.Algorithm, secret.KeyId, nonce, secret.SealedBytes), Purpose));
    }

    [Fact]
    public void Secret_sealed_for_one_purpose_does_not_open_for_another()
    {
        var protector = NewProtector();
        var secret = protector.Protect(Plaintext, Purpose);

        var error = Assert.Throws<KeyEncryptionException>(() => protector.Unprotect(secret, "data-protection key"));
        Assert.Equal($"The data-protection key failed authentication under key-encryption key {protector.KeyId}: it was altered, or it was sealed for another purpose.", error.Message);
    }

    [Fact]
    public void Unknown_algorithm_is_refused_by_name()
    {
        var protector = NewProtector();
        var secret = protector.Protect(Plaintext, Purpose);

        var error = Assert.Throws<KeyEncryptionException>(() => protector.Unprotect(new ProtectedSecret("AES-128-CBC", secret.KeyId, secret.Nonce, secret.SealedBytes), Purpose));
        Assert.Equal("The issuer private key uses algorithm 'AES-128-CBC'; only AES-256-GCM is supported.", error.Message);
    }

    [Fact]
    public void Text_form_round_trips_and_malformed_text_is_refused_clearly()
    {
        var protector = NewProtector();
        var text = protector.Protect("synthetic secret", Purpose).ToString();

        Assert.StartsWith($"AES-256-GCM:{protector.KeyId}:", text, StringComparison.Ordinal);
        Assert.DoesNotContain("synthetic", text, StringComparison.Ordinal);
        Assert.Equal("synthetic secret", protector.UnprotectString(ProtectedSecret.Parse(text), Purpose));

        Assert.Contains("has the form 'algorithm:kek-id:nonce:ciphertext'", Assert.Throws<KeyEncryptionException>(() => ProtectedSecret.Parse("not a secret")).Message);
        Assert.Equal("The nonce of a protected secret is not base64.", Assert.Throws<KeyEncryptionException>(() => ProtectedSecret.Parse("AES-256-GCM:abc:***:AAAA")).Message);
    }

    [Fact]
    public void Kek_of_the_wrong_size_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new SecretProtector(new byte[16]));
        Assert.StartsWith("A key-encryption key is 32 bytes, not 16.", error.Message, StringComparison.Ordinal);
    }

    private static readonly XElement MasterKey = XElement.Parse(
        "<masterKey p4:requiresEncryption=\"true\" xmlns:p4=\"http://schemas.asp.net/2015/03/dataProtection\"><value>c3ludGhldGljIG1hc3RlciBrZXk=</value></masterKey>");

    private static ServiceProvider ServicesWith(SecretProtector protector) =>
        new ServiceCollection().AddSingleton(protector).BuildServiceProvider();

    [Fact]
    public void Data_protection_key_xml_round_trips_through_the_encryptor_and_decryptor()
    {
        var protector = NewProtector();

        var encrypted = new DataProtectionKeyEncryptor(protector).Encrypt(MasterKey);

        Assert.Equal(typeof(DataProtectionKeyDecryptor), encrypted.DecryptorType);
        var element = encrypted.EncryptedElement;
        Assert.Equal("protectedSecret", element.Name.LocalName);
        Assert.Equal("AES-256-GCM", element.Attribute("algorithm")?.Value);
        Assert.Equal(protector.KeyId, element.Attribute("keyEncryptionKeyId")?.Value);
        Assert.DoesNotContain("c3ludGhldGljIG1hc3RlciBrZXk=", element.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("masterKey", element.ToString(), StringComparison.Ordinal);

        using var services = ServicesWith(protector);
        var decrypted = new DataProtectionKeyDecryptor(services).Decrypt(element);
        Assert.True(XNode.DeepEquals(MasterKey, decrypted));
    }

    [Fact]
    public void Decryptor_with_the_wrong_kek_fails_with_a_clear_error()
    {
        var element = new DataProtectionKeyEncryptor(NewProtector()).Encrypt(MasterKey).EncryptedElement;

        using var services = ServicesWith(NewProtector());
        var error = Assert.Throws<KeyEncryptionException>(() => new DataProtectionKeyDecryptor(services).Decrypt(element));
        Assert.StartsWith("The data-protection key was encrypted under key-encryption key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encrypted_key_element_without_its_nonce_is_refused_clearly()
    {
        var element = new DataProtectionKeyEncryptor(NewProtector()).Encrypt(MasterKey).EncryptedElement;
        element.Attribute("nonce")!.Remove();

        var error = Assert.Throws<KeyEncryptionException>(() => DataProtectionKeyEncryptor.FromXml(element));
        Assert.Equal("An encrypted data-protection key has no nonce attribute.", error.Message);
    }
}
