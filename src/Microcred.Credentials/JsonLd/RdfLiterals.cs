using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;

namespace Microcred.Credentials.JsonLd;

/// <summary>Canonical lexical forms for RDF literals made from JSON values.</summary>
internal static class RdfLiterals
{
    /// <summary>The canonical <c>xsd:double</c> form JSON-LD uses, e.g. <c>1.1E0</c>, <c>-5.0E-1</c>, <c>1.0E21</c>.</summary>
    public static string Double(double value)
    {
        // JSON-LD processors produce this with ECMAScript toExponential(15) and trailing zeros removed.
        var text = value.ToString("E15", CultureInfo.InvariantCulture);
        var e = text.IndexOf('E', StringComparison.Ordinal);
        var mantissa = text.AsSpan(0, e);
        var exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var end = mantissa.Length;
        var dot = mantissa.IndexOf('.');
        while (end > dot + 2 && mantissa[end - 1] == '0')
        {
            end--;
        }

        return string.Concat(mantissa[..end], "E", exponent.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>The canonical <c>xsd:integer</c> form of a whole number below 10^21 in magnitude.</summary>
    public static string Integer(double value)
    {
        if (Math.Abs(value) < 9007199254740992d)
        {
            return ((long)value).ToString(CultureInfo.InvariantCulture);
        }

        return new BigInteger(value).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>True when JSON-LD writes the number as <c>xsd:double</c> rather than <c>xsd:integer</c>.</summary>
    public static bool IsDouble(double value) => value % 1 != 0 || Math.Abs(value) >= 1e21;

    /// <summary>The JSON Canonicalization Scheme (RFC 8785) serialization of a JSON value.</summary>
    public static string CanonicalJson(JsonElement value)
    {
        var builder = new StringBuilder();
        WriteCanonical(builder, value, 0);
        return builder.ToString();
    }

    private static void WriteCanonical(StringBuilder builder, JsonElement value, int depth)
    {
        if (depth > 256)
        {
            throw new JsonLdException(JsonLdErrorCodes.MaxDepthExceeded, "A JSON literal nests too deeply to canonicalize.");
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                foreach (var property in value.EnumerateObject())
                {
                    members[property.Name] = property.Value;
                }

                var names = members.Keys.ToArray();
                Array.Sort(names, StringComparer.Ordinal);
                builder.Append('{');
                for (var i = 0; i < names.Length; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(',');
                    }

                    WriteString(builder, names[i]);
                    builder.Append(':');
                    WriteCanonical(builder, members[names[i]], depth + 1);
                }

                builder.Append('}');
                break;
            case JsonValueKind.Array:
                builder.Append('[');
                var first = true;
                foreach (var item in value.EnumerateArray())
                {
                    if (!first)
                    {
                        builder.Append(',');
                    }

                    first = false;
                    WriteCanonical(builder, item, depth + 1);
                }

                builder.Append(']');
                break;
            case JsonValueKind.String:
                WriteString(builder, value.GetString()!);
                break;
            case JsonValueKind.Number:
                if (!value.TryGetDouble(out var number) || !double.IsFinite(number))
                {
                    throw Errors.Syntax("invalid JSON literal", $"the number {value.GetRawText()} cannot be canonicalized.");
                }

                builder.Append(EcmaScriptNumber(number));
                break;
            case JsonValueKind.True:
                builder.Append("true");
                break;
            case JsonValueKind.False:
                builder.Append("false");
                break;
            default:
                builder.Append("null");
                break;
        }
    }

    private static void WriteString(StringBuilder builder, string value)
    {
        builder.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    var loneSurrogate = char.IsSurrogate(c)
                        && !(char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                        && !(char.IsLowSurrogate(c) && i > 0 && char.IsHighSurrogate(value[i - 1]));
                    if (c < ' ' || loneSurrogate)
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        builder.Append('"');
    }

    /// <summary>ECMAScript Number::toString, which RFC 8785 requires for numbers.</summary>
    internal static string EcmaScriptNumber(double value)
    {
        if (value == 0)
        {
            return "0";
        }

        var negative = value < 0;
        var shortest = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var e = shortest.IndexOf('E', StringComparison.Ordinal);
        var exponent = e < 0 ? 0 : int.Parse(shortest.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var mantissa = e < 0 ? shortest : shortest[..e];
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = dot < 0 ? mantissa : string.Concat(mantissa.AsSpan(0, dot), mantissa.AsSpan(dot + 1));
        var pointPosition = (dot < 0 ? mantissa.Length : dot) + exponent;
        var leadingZeros = 0;
        while (leadingZeros < digits.Length - 1 && digits[leadingZeros] == '0')
        {
            leadingZeros++;
        }

        digits = digits[leadingZeros..];
        pointPosition -= leadingZeros;
        digits = digits.TrimEnd('0');
        var k = digits.Length;
        var n = pointPosition;
        var builder = new StringBuilder();
        if (negative)
        {
            builder.Append('-');
        }

        if (k <= n && n <= 21)
        {
            builder.Append(digits).Append('0', n - k);
        }
        else if (0 < n && n <= 21)
        {
            builder.Append(digits, 0, n).Append('.').Append(digits, n, k - n);
        }
        else if (-6 < n && n <= 0)
        {
            builder.Append("0.").Append('0', -n).Append(digits);
        }
        else
        {
            builder.Append(digits[0]);
            if (k > 1)
            {
                builder.Append('.').Append(digits, 1, k - 1);
            }

            builder.Append('e').Append(n - 1 >= 0 ? '+' : '-').Append(Math.Abs(n - 1).ToString(CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }
}
