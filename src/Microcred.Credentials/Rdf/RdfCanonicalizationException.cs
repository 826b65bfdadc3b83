namespace Microcred.Credentials.Rdf;

/// <summary>
/// Thrown when a dataset cannot be canonicalized within the configured limits, typically a
/// poison graph whose blank nodes would need an unbounded amount of work to tell apart.
/// </summary>
public sealed class RdfCanonicalizationException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public RdfCanonicalizationException()
        : base("The dataset could not be canonicalized.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong and what to do about it.</param>
    public RdfCanonicalizationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What went wrong and what to do about it.</param>
    /// <param name="innerException">The cause.</param>
    public RdfCanonicalizationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
