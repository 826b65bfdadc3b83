using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace Microcred.Clinical.Labs.Submissions;

/// <summary>What a submission looks like before it is parsed.</summary>
internal enum SubmissionShape
{
    Json,
    Xml,
    DelimitedText,
}

/// <summary>A submission decoded as UTF-8 text, with its apparent shape.</summary>
internal sealed record DecodedSubmission(string Text, ReadOnlyMemory<byte> Utf8, SubmissionShape Shape);

/// <summary>First gate for every submission: size, emptiness, binary formats, encoding.</summary>
internal static class SubmissionText
{
    private static readonly (byte[] Magic, string Kind)[] BinarySignatures =
    [
        ("%PDF"u8.ToArray(), "a PDF document"),
        ([0x50, 0x4B, 0x03, 0x04], "a ZIP archive or an Office file such as an Excel workbook (.xlsx)"),
        ([0xD0, 0xCF, 0x11, 0xE0], "a legacy Office file such as an Excel 97–2003 workbook (.xls)"),
        ([0x89, 0x50, 0x4E, 0x47], "a PNG image"),
        ([0xFF, 0xD8, 0xFF], "a JPEG image"),
        ("GIF8"u8.ToArray(), "a GIF image"),
        ([0x1F, 0x8B], "a gzip-compressed file"),
        ("SQLite format 3"u8.ToArray(), "an SQLite database"),
    ];

    public static SubmissionRead<DecodedSubmission> Decode(LabSubmission submission)
    {
        ArgumentNullException.ThrowIfNull(submission);
        if (submission.ExceedsSizeLimit)
        {
            return SubmissionRead<DecodedSubmission>.Failed(
                $"The submission is {FormatSize(submission.Length)}; the limit is {FormatSize(SubmissionLimits.MaxBytes)}. " +
                "Submit only what the task asks for.");
        }

        var bytes = submission.Content.Span;
        if (bytes.Length == 0)
        {
            return SubmissionRead<DecodedSubmission>.Failed("The submission is empty (0 bytes).");
        }

        foreach (var (magic, kind) in BinarySignatures)
        {
            if (bytes.StartsWith(magic))
            {
                return SubmissionRead<DecodedSubmission>.Failed(
                    $"The submission is {kind}, not a text file. Export or save it as the format the task names (CSV or JSON, UTF-8).");
            }
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return SubmissionRead<DecodedSubmission>.Failed(
                "The submission is UTF-16 text (as Excel's \"Unicode Text\" saves it). Save it as UTF-8 (in Excel: \"CSV UTF-8\").");
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
        }

        // Validated first and then decoded straight into the string: a large submission's text lives on the
        // large-object heap, and a second buffer of the same size there would bring full collections closer.
        if (!Utf8.IsValid(bytes))
        {
            var text = new char[bytes.Length];
            Utf8.ToUtf16(bytes, text, out var bytesRead, out _, replaceInvalidSequences: false);
            return SubmissionRead<DecodedSubmission>.Failed(
                $"The submission is not valid UTF-8 text: the byte at offset {bytesRead.ToString(CultureInfo.InvariantCulture)} " +
                $"(0x{bytes[bytesRead]:X2}) does not start a valid character. Save the file as UTF-8.");
        }

        var decoded = Encoding.UTF8.GetString(bytes);
        var nul = decoded.IndexOf('\0', StringComparison.Ordinal);
        if (nul >= 0)
        {
            return SubmissionRead<DecodedSubmission>.Failed(
                $"The submission contains a NUL character (at character {nul.ToString(CultureInfo.InvariantCulture)}), so it is not a text file.");
        }

        var firstVisible = decoded.AsSpan().TrimStart();
        if (firstVisible.IsEmpty)
        {
            return SubmissionRead<DecodedSubmission>.Failed("The submission contains only white space.");
        }

        var shape = firstVisible[0] switch
        {
            '{' or '[' => SubmissionShape.Json,
            '<' => SubmissionShape.Xml,
            _ => SubmissionShape.DelimitedText,
        };
        return new SubmissionRead<DecodedSubmission>(new DecodedSubmission(decoded, submission.Content[(submission.Content.Length - bytes.Length)..], shape), []);
    }

    public static string FormatSize(long bytes) => bytes switch
    {
        >= 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024.0):0.#} MiB ({bytes:N0} bytes)"),
        >= 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KiB ({bytes:N0} bytes)"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes"),
    };

    public static string DescribeShape(SubmissionShape shape) => shape switch
    {
        SubmissionShape.Json => "JSON",
        SubmissionShape.Xml => "XML or HTML",
        _ => "CSV or plain text",
    };
}
