namespace Microcred.Credentials.Rdf;

/// <summary>Thrown when N-Quads text does not follow the RDF 1.1 N-Quads grammar.</summary>
public sealed class NQuadsParseException : FormatException
{
    /// <summary>Creates the exception for a syntax error at the given position.</summary>
    /// <param name="line">The 1-based line of the error.</param>
    /// <param name="column">The 1-based column (in UTF-16 code units) of the error.</param>
    /// <param name="reason">What is wrong, without the position.</param>
    public NQuadsParseException(int line, int column, string reason)
        : base($"N-Quads syntax error at line {line}, column {column}: {reason}")
    {
        Line = line;
        Column = column;
        Reason = reason;
    }

    /// <summary>The 1-based line of the error.</summary>
    public int Line { get; }

    /// <summary>The 1-based column of the error, counted in UTF-16 code units.</summary>
    public int Column { get; }

    /// <summary>What is wrong, without the position.</summary>
    public string Reason { get; }
}
