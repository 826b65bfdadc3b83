using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Microcred.Web.Platform.Secrets;

/// `DataProtection:*` settings: the key-encryption key (KEK) that encrypts the data-protection keys
/// and other secrets the database holds. Every node of a deployment needs the same one.
internal sealed class KeyEncryptionOptions
{
    public const string Section = "DataProtection";
    public const string KeySetting = "DataProtection:KeyEncryptionKey";

    /// 32 random bytes in base64, e.g. from `openssl rand -base64 32`.
    public string? KeyEncryptionKey { get; set; }

    /// Where Development keeps the KEK it generates when none is configured.
    public string KeyEncryptionKeyFile { get; set; } = "data/keys/kek";

    /// Where KeyEncryptionKey came from, for error messages.
    public string Source { get; private set; } = KeySetting;

    public void UseDevelopmentKey(string key, string file)
    {
        KeyEncryptionKey = key;
        Source = $"the development key-encryption key in {file}";
    }

    public byte[] DecodedKey() => Convert.FromBase64String(KeyEncryptionKey ?? "");
}

internal sealed class KeyEncryptionOptionsValidator : IValidateOptions<KeyEncryptionOptions>
{
    public ValidateOptionsResult Validate(string? name, KeyEncryptionOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.KeyEncryptionKey))
        {
            return ValidateOptionsResult.Fail(
                $"{KeyEncryptionOptions.KeySetting} must be set outside Development: {SecretProtector.KeySize} random bytes in base64 " +
                "(for example from 'openssl rand -base64 32'), the same on every node. It encrypts the keys the database holds.");
        }
        byte[] key;
        try
        {
            key = options.DecodedKey();
        }
        catch (FormatException)
        {
            return ValidateOptionsResult.Fail($"{Capitalized(options.Source)} is not base64; it must be {SecretProtector.KeySize} random bytes in base64.");
        }
        var length = key.Length;
        CryptographicOperations.ZeroMemory(key);
        return length == SecretProtector.KeySize
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{Capitalized(options.Source)} decodes to {length} bytes; it must be {SecretProtector.KeySize} random bytes in base64.");
    }

    private static string Capitalized(string text) => string.Concat(text[..1].ToUpperInvariant(), text.AsSpan(1));
}

/// In Development, a missing KEK is generated once and kept in a file under data/ (owner-only),
/// so `dotnet run` works out of the box and later runs can still read the keys it encrypted.
internal sealed class DevelopmentKeyEncryptionKey(IHostEnvironment environment, ILogger<DevelopmentKeyEncryptionKey> logger)
    : IPostConfigureOptions<KeyEncryptionOptions>
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, string> loaded = new(StringComparer.Ordinal);

    public void PostConfigure(string? name, KeyEncryptionOptions options)
    {
        if (!environment.IsDevelopment() || !string.IsNullOrWhiteSpace(options.KeyEncryptionKey))
        {
            return;
        }
        var file = Path.GetFullPath(options.KeyEncryptionKeyFile);
        lock (gate)
        {
            // The options are built more than once (IOptions and the start-up validation); the
            // file is read, and the log written, once.
            if (!loaded.TryGetValue(file, out var key))
            {
                key = Load(file);
                loaded[file] = key;
            }
            options.UseDevelopmentKey(key, file);
        }
    }

    private string Load(string file)
    {
        if (!File.Exists(file) && TryCreate(file))
        {
            logger.LogWarning(
                "No {Setting} configured: generated a development key-encryption key in {File}. In production, set it " +
                "(environment variable DataProtection__KeyEncryptionKey) to 32 random bytes in base64, e.g. from 'openssl rand -base64 32', the same on every node",
                KeyEncryptionOptions.KeySetting, file);
        }
        else
        {
            logger.LogInformation("No {Setting} configured: using the development key-encryption key in {File}", KeyEncryptionOptions.KeySetting, file);
        }
        return ReadKey(file);
    }

    /// A node that lost the race to create the file may open it between the winner's create and write:
    /// it waits briefly for a whole key. A file that stays short (a crash mid-write) is returned as it
    /// is, and the options validation then names the file and what is wrong with it.
    private static string ReadKey(string file)
    {
        var wholeKeyLength = Convert.ToBase64String(new byte[SecretProtector.KeySize]).Length;
        var text = File.ReadAllText(file).Trim();
        for (var attempt = 0; text.Length < wholeKeyLength && attempt < 50; attempt++)
        {
            Thread.Sleep(20);
            text = File.ReadAllText(file).Trim();
        }
        return text;
    }

    /// Writes a new key; false when another process wrote one first (then that one is used).
    private static bool TryCreate(string file)
    {
        var folder = Path.GetDirectoryName(file)!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(Path.GetDirectoryName(folder) ?? folder);
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        // Created with O_EXCL, so of nodes starting at the same moment exactly one writes the key and
        // the others read it (a rename would let the last one silently replace the first one's key).
        var streamOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            streamOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        FileStream stream;
        try
        {
            stream = new FileStream(file, streamOptions);
        }
        catch (IOException) when (File.Exists(file))
        {
            return false;
        }
        using (stream)
        {
            stream.Write(System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(RandomNumberGenerator.GetBytes(SecretProtector.KeySize))));
            stream.Flush(flushToDisk: true);
        }
        return true;
    }
}
