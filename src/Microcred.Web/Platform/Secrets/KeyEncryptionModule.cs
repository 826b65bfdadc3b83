using Microcred.Web.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;

namespace Microcred.Web.Platform.Secrets;

internal static class KeyEncryptionModule
{
    /// Data protection with its keys in the database, encrypted under the configured KEK, and the
    /// SecretProtector that other features use for their own stored secrets.
    public static IServiceCollection AddKeyEncryption(this IServiceCollection services)
    {
        services.AddOptions<KeyEncryptionOptions>()
            .BindConfiguration(KeyEncryptionOptions.Section)
            .ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<KeyEncryptionOptions>, DevelopmentKeyEncryptionKey>();
        services.AddSingleton<IValidateOptions<KeyEncryptionOptions>, KeyEncryptionOptionsValidator>();
        services.AddSingleton<SecretProtector>();

        // Keys live in the database so that every node behind a load balancer reads the same cookies.
        services.AddDataProtection()
            .SetApplicationName("Microcred")
            .PersistKeysToDbContext<AppDbContext>();
        services.AddOptions<KeyManagementOptions>()
            .Configure<SecretProtector>((options, protector) => options.XmlEncryptor = new DataProtectionKeyEncryptor(protector));
        services.AddScoped<IStartupTask, StoredDataProtectionKeys>();
        return services;
    }
}
