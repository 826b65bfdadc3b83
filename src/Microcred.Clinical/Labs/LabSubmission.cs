using Microcred.Clinical.Labs.Submissions;

namespace Microcred.Clinical.Labs;

/// <summary>A learner's submission as raw bytes. Only the first
/// <see cref="SubmissionLimits.MaxBytes"/> + 1 bytes are kept, so an oversized upload costs no more
/// memory than a full-size one; graders report the oversize instead of reading it.</summary>
public sealed class LabSubmission
{
    private LabSubmission(byte[] content, long length, string? fileName)
    {
        Content = content;
        Length = length;
        FileName = fileName;
    }

    /// <summary>The file name the learner gave, if any (used only in messages and to name the expected kind).</summary>
    public string? FileName { get; }

    /// <summary>The submission's full length in bytes (may exceed what is kept).</summary>
    public long Length { get; }

    /// <summary>True when the submission is larger than <see cref="SubmissionLimits.MaxBytes"/>.</summary>
    public bool ExceedsSizeLimit => Length > SubmissionLimits.MaxBytes;

    internal ReadOnlyMemory<byte> Content { get; }

    /// <summary>A submission from bytes already in memory.</summary>
    public static LabSubmission FromBytes(ReadOnlySpan<byte> content, string? fileName = null)
    {
        var kept = content.Length > SubmissionLimits.MaxBytes ? content[..(SubmissionLimits.MaxBytes + 1)] : content;
        return new LabSubmission(kept.ToArray(), content.Length, fileName);
    }

    /// <summary>A submission from text, encoded as UTF-8.</summary>
    public static LabSubmission FromText(string text, string? fileName = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return FromBytes(LabText.Utf8NoBom.GetBytes(text), fileName);
    }

    /// <summary>Reads a submission from a stream, keeping at most the size limit plus one byte and
    /// counting (without keeping) the rest.</summary>
    public static async Task<LabSubmission> ReadAsync(Stream stream, string? fileName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var keep = new byte[SubmissionLimits.MaxBytes + 1];
        var kept = 0;
        long total = 0;
        var scratch = new byte[81920];
        while (true)
        {
            var read = kept < keep.Length
                ? await stream.ReadAsync(keep.AsMemory(kept), cancellationToken).ConfigureAwait(false)
                : await stream.ReadAsync(scratch, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            if (kept < keep.Length)
            {
                kept += read;
            }

            total += read;
        }

        return new LabSubmission(keep.AsSpan(0, kept).ToArray(), total, fileName);
    }

    /// <summary>Reads a submission file. Throws the usual I/O exceptions when the path cannot be read.</summary>
    public static LabSubmission ReadFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return Read(stream, Path.GetFileName(path));
    }

    /// <summary>Reads a submission from a stream synchronously; see <see cref="ReadAsync"/>.</summary>
    public static LabSubmission Read(Stream stream, string? fileName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var keep = new byte[SubmissionLimits.MaxBytes + 1];
        var kept = 0;
        long total = 0;
        var scratch = new byte[81920];
        while (true)
        {
            var read = kept < keep.Length ? stream.Read(keep, kept, keep.Length - kept) : stream.Read(scratch, 0, scratch.Length);
            if (read == 0)
            {
                break;
            }

            if (kept < keep.Length)
            {
                kept += read;
            }

            total += read;
        }

        return new LabSubmission(keep.AsSpan(0, kept).ToArray(), total, fileName);
    }
}
