using System.Security.Cryptography;
using Microcred.Web.Platform.Secrets;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Microcred.Web.Tests.Platform;

public sealed class KeyEncryptionOptionsTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "microcred-kek-" + Guid.NewGuid().ToString("N")[..10]);

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string? Validate(KeyEncryptionOptions options) =>
        new KeyEncryptionOptionsValidator().Validate(null, options).FailureMessage;

    [Fact]
    public void Missing_kek_is_refused_with_the_setting_named()
    {
        Assert.Equal(
            "DataProtection:KeyEncryptionKey must be set outside Development: 32 random bytes in base64 (for example from 'openssl rand -base64 32'), " +
            "the same on every node. It encrypts the keys the database holds.",
            Validate(new KeyEncryptionOptions()));
    }

    [Theory]
    [InlineData("not base64!", "DataProtection:KeyEncryptionKey is not base64; it must be 32 random bytes in base64.")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAA==", "DataProtection:KeyEncryptionKey decodes to 16 bytes; it must be 32 random bytes in base64.")]
    public void Malformed_kek_is_refused_without_echoing_it(string value, string expected)
    {
        var message = Validate(new KeyEncryptionOptions { KeyEncryptionKey = value });
        Assert.Equal(expected, message);
    }

    [Fact]
    public void Thirty_two_random_bytes_in_base64_are_accepted() =>
        Assert.Null(Validate(new KeyEncryptionOptions { KeyEncryptionKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) }));

    private KeyEncryptionOptions PostConfigured(string environment, string? key = null, string? keyFile = null)
    {
        var options = new KeyEncryptionOptions { KeyEncryptionKey = key, KeyEncryptionKeyFile = keyFile ?? Path.Combine(folder, "keys", "kek") };
        new DevelopmentKeyEncryptionKey(new Environment(environment), NullLogger<DevelopmentKeyEncryptionKey>.Instance).PostConfigure(null, options);
        return options;
    }

    [Fact]
    public void Development_without_a_kek_generates_an_owner_only_key_file_and_reuses_it()
    {
        var first = PostConfigured(Environments.Development);

        var file = Path.Combine(folder, "keys", "kek");
        Assert.Null(Validate(first));
        Assert.Equal(File.ReadAllText(file), first.KeyEncryptionKey);
        Assert.Equal($"the development key-encryption key in {file}", first.Source);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(file)!));
        }
        Assert.Equal(first.KeyEncryptionKey, PostConfigured(Environments.Development).KeyEncryptionKey);
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(file)!));
    }

    [Fact]
    public void Development_nodes_starting_together_agree_on_one_generated_key()
    {
        // Many rounds, each in a fresh folder, so that a window between checking for the file and creating it
        // is hit rather than hoped away.
        for (var round = 0; round < 40; round++)
        {
            var file = Path.Combine(folder, "round-" + round, "keys", "kek");
            using var start = new Barrier(8);
            var keys = Enumerable.Range(0, 8).AsParallel().WithDegreeOfParallelism(8).Select(_ =>
            {
                start.SignalAndWait();
                return PostConfigured(Environments.Development, keyFile: file).KeyEncryptionKey;
            }).ToList();

            Assert.Single(keys.Distinct());
            Assert.Equal(File.ReadAllText(file), keys[0]);
            Assert.Null(Validate(PostConfigured(Environments.Development, keyFile: file)));
            Assert.Single(Directory.GetFiles(Path.GetDirectoryName(file)!));
        }
    }

    [Fact]
    public void Configured_kek_wins_over_the_development_file()
    {
        var configured = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        Assert.Equal(configured, PostConfigured(Environments.Development, configured).KeyEncryptionKey);
        Assert.False(Directory.Exists(folder));
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void Outside_development_no_key_is_generated(string environment)
    {
        var options = PostConfigured(environment);
        Assert.Null(options.KeyEncryptionKey);
        Assert.False(Directory.Exists(folder));
        Assert.StartsWith("DataProtection:KeyEncryptionKey must be set outside Development", Validate(options), StringComparison.Ordinal);
    }

    [Fact]
    public void Damaged_development_key_file_is_named_in_the_error()
    {
        var file = Path.Combine(folder, "keys", "kek");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, "c2hvcnQ=");

        Assert.Equal($"The development key-encryption key in {file} decodes to 5 bytes; it must be 32 random bytes in base64.", Validate(PostConfigured(Environments.Development)));
    }

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "Microcred.Web";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
