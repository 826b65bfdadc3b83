using System.Globalization;
using System.Text;

namespace Microcred.Clinical.Labs.Submissions;

/// <summary>Learner text as it may appear in feedback: truncated, control characters escaped and
/// wrapped in quotes, so that a formula or markup never reaches a spreadsheet or page as typed.</summary>
internal static class Excerpt
{
    public const int DefaultLength = 40;

    public static string Quote(string? text, int maxLength = DefaultLength)
    {
        if (text is null)
        {
            return "(nothing)";
        }

        var builder = new StringBuilder(Math.Min(text.Length, maxLength) + 8);
        builder.Append('"');
        var shown = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (shown >= maxLength)
            {
                builder.Append('…');
                break;
            }

            var c = text[i];
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\t': builder.Append("\\t"); break;
                case '\r': builder.Append("\\r"); break;
                case '\n': builder.Append("\\n"); break;
                default:
                    if (char.IsControl(c) || c is '\u2028' or '\u2029' || (char.IsSurrogate(c) && !IsWellFormedPair(text, i)))
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else if (char.IsHighSurrogate(c))
                    {
                        builder.Append(c).Append(text[++i]);
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }

            shown++;
        }

        builder.Append('"');
        return builder.ToString();
    }

    private static bool IsWellFormedPair(string text, int i) =>
        char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
}
