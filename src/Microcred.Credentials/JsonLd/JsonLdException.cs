namespace Microcred.Credentials.JsonLd;

/// <summary>
/// A JSON-LD processing error. <see cref="Code"/> is the error code string the JSON-LD 1.1
/// Processing Algorithms specification defines (for example <c>invalid IRI mapping</c>), or one of
/// the codes this library adds for safe mode and input limits.
/// </summary>
public sealed class JsonLdException : Exception
{
    /// <summary>Creates an error with a code and a message.</summary>
    public JsonLdException(string code, string message)
        : base(message)
    {
        Code = code;
    }

    /// <summary>Creates an error with a code, a message and the error that caused it.</summary>
    public JsonLdException(string code, string message, Exception innerException)
        : base(message, innerException)
    {
        Code = code;
    }

    /// <summary>The error code, e.g. <c>loading remote context failed</c> or <c>safe mode violation</c>.</summary>
    public string Code { get; }
}

/// <summary>The error codes used by <see cref="JsonLdException"/>.</summary>
public static class JsonLdErrorCodes
{
    /// <summary>A context URL could not be served by the document loader.</summary>
    public const string LoadingRemoteContextFailed = "loading remote context failed";

    /// <summary>Safe mode found a term, IRI or value that would otherwise be dropped or left relative.</summary>
    public const string SafeModeViolation = "safe mode violation";

    /// <summary>The input nests deeper than <see cref="JsonLdOptions.MaxDepth"/>.</summary>
    public const string MaxDepthExceeded = "maximum depth exceeded";

    /// <summary>The input, or the work it causes, exceeds <see cref="JsonLdOptions.MaxElements"/>.</summary>
    public const string MaxElementsExceeded = "maximum size exceeded";
}
