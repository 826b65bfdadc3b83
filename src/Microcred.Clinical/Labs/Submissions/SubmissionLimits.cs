namespace Microcred.Clinical.Labs.Submissions;

/// <summary>The limits every lab applies to a submission before grading it. A submission beyond a
/// limit is not graded (or, for a per-cell limit, that cell is rejected) with a message naming the limit.</summary>
public static class SubmissionLimits
{
    /// <summary>Largest submission accepted: 2 MiB.</summary>
    public const int MaxBytes = 2 * 1024 * 1024;

    /// <summary>Most CSV data rows (header not counted).</summary>
    public const int MaxCsvRows = 20_000;

    /// <summary>Most CSV columns.</summary>
    public const int MaxCsvColumns = 200;

    /// <summary>Longest CSV cell, in characters.</summary>
    public const int MaxCellChars = 4_000;

    /// <summary>Deepest JSON nesting (objects and arrays) accepted.</summary>
    public const int MaxJsonDepth = 32;

    /// <summary>Longest JSON string value, in characters.</summary>
    public const int MaxJsonStringChars = 65_536;

    /// <summary>Most items in one JSON array.</summary>
    public const int MaxJsonArrayItems = 20_000;

    /// <summary>Most entries in a FHIR Bundle (or resources in a JSON array of resources).</summary>
    public const int MaxBundleEntries = 5_000;

    /// <summary>Largest magnitude of any number in a submission; clinical values and counts stay far below it.</summary>
    public const double MaxAbsoluteNumber = 1e12;
}
