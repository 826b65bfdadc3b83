namespace Microcred.Clinical.Labs.Submissions;

/// <summary>A problem found while reading a submission. A fatal issue means nothing could be graded;
/// otherwise only the named row, cell or resource is left out.</summary>
/// <param name="Message">Learner-facing message; any learner text in it is already quoted and truncated.</param>
/// <param name="IsFatal">True when the whole submission is unusable.</param>
internal sealed record SubmissionIssue(string Message, bool IsFatal)
{
    public static SubmissionIssue Fatal(string message) => new(message, true);

    public static SubmissionIssue Local(string message) => new(message, false);
}

/// <summary>The outcome of reading a submission into <typeparamref name="T"/>: the value when it could be
/// read at all, and every issue met on the way.</summary>
internal sealed class SubmissionRead<T>
    where T : class
{
    public SubmissionRead(T? value, IReadOnlyList<SubmissionIssue> issues)
    {
        Value = value;
        Issues = issues;
    }

    public T? Value { get; }

    public IReadOnlyList<SubmissionIssue> Issues { get; }

    public SubmissionIssue? FatalIssue => Issues.FirstOrDefault(i => i.IsFatal);

    public static SubmissionRead<T> Failed(string message) => new(null, [SubmissionIssue.Fatal(message)]);
}
