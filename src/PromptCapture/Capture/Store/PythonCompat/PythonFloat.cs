using System.Globalization;
using System.Text;

namespace PromptCapture.Capture.Store.PythonCompat;

/// <summary>
/// Python's <c>float.__repr__</c> as json.dumps writes it: shortest round-trip digits, exponent form when the
/// decimal point falls outside -4..16, "1.0" style for whole numbers; hashes depend on it byte for byte.
/// </summary>
public static class PythonFloat
{
    /// <summary>Formats a double as json.dumps would (Infinity/NaN spelled as Python's encoder spells them).</summary>
    public static string Repr(double value)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsPositiveInfinity(value)) return "Infinity";
        if (double.IsNegativeInfinity(value)) return "-Infinity";

        // .NET's "R" is the shortest round-trip form, the same digits Python's repr picks; only layout differs.
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        var negative = text.StartsWith('-');
        if (negative) text = text[1..];
        var exponent = 0;
        var e = text.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }
        var dot = text.IndexOf('.');
        var integerPart = dot >= 0 ? text[..dot] : text;
        var digits = integerPart + (dot >= 0 ? text[(dot + 1)..] : "");
        var decimalPoint = integerPart.Length + exponent;
        var leadingZeros = digits.Length - digits.TrimStart('0').Length;
        digits = digits[leadingZeros..].TrimEnd('0');
        decimalPoint -= leadingZeros;
        if (digits.Length == 0)
            return negative ? "-0.0" : "0.0";

        var sb = new StringBuilder();
        if (negative) sb.Append('-');
        if (decimalPoint <= -4 || decimalPoint > 16)
        {
            sb.Append(digits[0]);
            if (digits.Length > 1) sb.Append('.').Append(digits, 1, digits.Length - 1);
            var exp = decimalPoint - 1;
            sb.Append('e').Append(exp < 0 ? '-' : '+')
              .Append(Math.Abs(exp).ToString("00", CultureInfo.InvariantCulture));
        }
        else if (decimalPoint <= 0)
        {
            sb.Append("0.").Append('0', -decimalPoint).Append(digits);
        }
        else if (decimalPoint >= digits.Length)
        {
            sb.Append(digits).Append('0', decimalPoint - digits.Length).Append(".0");
        }
        else
        {
            sb.Append(digits, 0, decimalPoint).Append('.').Append(digits, decimalPoint, digits.Length - decimalPoint);
        }
        return sb.ToString();
    }
}
