using System.Text.Json;
using Microcred.Credentials.Keys;
using Microcred.Credentials.Proofs;

namespace Microcred.Credentials.OpenBadges;

/// <summary>Signs Open Badges credentials with <c>eddsa-rdfc-2022</c> for one issuer key.</summary>
public sealed class OpenBadgeIssuer
{
    private readonly ICredentialSigner _signer;
    private readonly TimeProvider _time;
    private readonly EddsaRdfc2022Suite _suite;

    /// <summary>Creates an issuer for the key behind <paramref name="signer"/>.</summary>
    public OpenBadgeIssuer(ICredentialSigner signer, TimeProvider? timeProvider = null)
        : this(signer, timeProvider, EddsaRdfc2022Suite.Instance)
    {
    }

    internal OpenBadgeIssuer(ICredentialSigner signer, TimeProvider? timeProvider, EddsaRdfc2022Suite suite)
    {
        _signer = signer ?? throw new ArgumentNullException(nameof(signer));
        _time = timeProvider ?? TimeProvider.System;
        _suite = suite;
        var hash = signer.VerificationMethod.IndexOf('#', StringComparison.Ordinal);
        IssuerId = hash < 0 ? signer.VerificationMethod : signer.VerificationMethod[..hash];
    }

    /// <summary>The DID that controls the key; every credential's <c>issuer.id</c> must be this.</summary>
    public string IssuerId { get; }

    /// <summary>Signs a credential and returns it as UTF-8 JSON with a <c>proof</c> array.</summary>
    /// <exception cref="OpenBadgeValidationException">The credential breaks OB 3.0, or its issuer is not this key's controller.</exception>
    /// <exception cref="CredentialFormatException">A value cannot be expressed in the bundled contexts.</exception>
    public async ValueTask<byte[]> IssueAsync(OpenBadgeCredential credential, bool indented = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var errors = OpenBadgeJson.Validate(credential);
        if (errors.Count > 0)
        {
            throw new OpenBadgeValidationException(errors);
        }
        if (credential.Issuer.Id != IssuerId)
        {
            throw new OpenBadgeValidationException($"issuer.id is \"{credential.Issuer.Id}\" but the signing key belongs to \"{IssuerId}\"; verifiers would reject the credential.");
        }
        var json = OpenBadgeJson.Serialize(credential);
        if (!indented)
        {
            return await _suite.SignAsync(json, _signer, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
        using var document = JsonDocument.Parse(json);
        return await _suite.SignAsync(document.RootElement, _signer, _time.GetUtcNow(), indented: true, cancellationToken).ConfigureAwait(false);
    }
}
