namespace Microcred.Credentials.Proofs;

/// <summary>
/// A document cannot be signed as given: it is not a JSON-LD object, it uses a term no bundled
/// context defines, or it names a context that is not bundled. The message says which.
/// </summary>
public sealed class CredentialFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CredentialFormatException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public CredentialFormatException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception without a message.</summary>
    public CredentialFormatException() : base("The document cannot be processed as a credential.")
    {
    }
}
