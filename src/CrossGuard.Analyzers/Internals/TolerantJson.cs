using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace CrossGuard.Analyzers.Internals;

/// <summary>
/// A small JSON reader for the natives manifest. It returns objects as <see cref="Dictionary{TKey,TValue}"/>, arrays as
/// <see cref="List{T}"/>, strings, doubles, booleans and null, and reports malformed input by returning false instead
/// of throwing: an analyzer must never turn a bad obj/ file into AD0001. Hand-written on purpose, so the analyzer
/// assembly carries no System.Text.Json dependency whose version the host (csc, VS, OmniSharp) may not have.
/// </summary>
internal sealed class TolerantJson
{
    private const int MaxDepth = 64;
    private readonly string _text;
    private int _pos;

    private TolerantJson(string text)
    {
        _text = text;
    }

    public static bool TryParse(string text, out object? value)
    {
        var reader = new TolerantJson(text);
        value = null;
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            reader._pos = 1;
        }

        try
        {
            reader.SkipWhitespace();
            if (!reader.TryReadValue(0, out value))
            {
                return false;
            }

            reader.SkipWhitespace();
            return reader._pos == text.Length;
        }
        catch (FormatException)
        {
            value = null;
            return false;
        }
    }

    private bool TryReadValue(int depth, out object? value)
    {
        value = null;
        if (depth > MaxDepth || _pos >= _text.Length)
        {
            return false;
        }

        char c = _text[_pos];
        switch (c)
        {
            case '{':
                return TryReadObject(depth, out value);
            case '[':
                return TryReadArray(depth, out value);
            case '"':
                bool ok = TryReadString(out string? s);
                value = s;
                return ok;
            case 't':
                value = true;
                return TryReadLiteral("true");
            case 'f':
                value = false;
                return TryReadLiteral("false");
            case 'n':
                return TryReadLiteral("null");
            default:
                return TryReadNumber(out value);
        }
    }

    private bool TryReadObject(int depth, out object? value)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        value = result;
        _pos++;
        SkipWhitespace();
        if (Peek() == '}')
        {
            _pos++;
            return true;
        }

        while (true)
        {
            SkipWhitespace();
            if (Peek() != '"' || !TryReadString(out string? key))
            {
                return false;
            }

            SkipWhitespace();
            if (Peek() != ':')
            {
                return false;
            }

            _pos++;
            SkipWhitespace();
            if (!TryReadValue(depth + 1, out object? item))
            {
                return false;
            }

            result[key!] = item;
            SkipWhitespace();
            char next = Peek();
            _pos++;
            if (next == '}')
            {
                return true;
            }

            if (next != ',')
            {
                return false;
            }
        }
    }

    private bool TryReadArray(int depth, out object? value)
    {
        var result = new List<object?>();
        value = result;
        _pos++;
        SkipWhitespace();
        if (Peek() == ']')
        {
            _pos++;
            return true;
        }

        while (true)
        {
            SkipWhitespace();
            if (!TryReadValue(depth + 1, out object? item))
            {
                return false;
            }

            result.Add(item);
            SkipWhitespace();
            char next = Peek();
            _pos++;
            if (next == ']')
            {
                return true;
            }

            if (next != ',')
            {
                return false;
            }
        }
    }

    private bool TryReadString(out string? value)
    {
        value = null;
        _pos++;
        var builder = new StringBuilder();
        while (_pos < _text.Length)
        {
            char c = _text[_pos++];
            if (c == '"')
            {
                value = builder.ToString();
                return true;
            }

            if (c != '\\')
            {
                builder.Append(c);
                continue;
            }

            if (_pos >= _text.Length)
            {
                return false;
            }

            char e = _text[_pos++];
            switch (e)
            {
                case '"': builder.Append('"'); break;
                case '\\': builder.Append('\\'); break;
                case '/': builder.Append('/'); break;
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'n': builder.Append('\n'); break;
                case 'r': builder.Append('\r'); break;
                case 't': builder.Append('\t'); break;
                case 'u':
                    if (_pos + 4 > _text.Length
                        || !int.TryParse(_text.Substring(_pos, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int code))
                    {
                        return false;
                    }

                    builder.Append((char)code);
                    _pos += 4;
                    break;
                default:
                    return false;
            }
        }

        return false;
    }

    private bool TryReadNumber(out object? value)
    {
        value = null;
        int start = _pos;
        while (_pos < _text.Length && "+-0123456789.eE".IndexOf(_text[_pos]) >= 0)
        {
            _pos++;
        }

        if (_pos == start
            || !double.TryParse(_text.Substring(start, _pos - start), NumberStyles.Float, CultureInfo.InvariantCulture, out double number))
        {
            return false;
        }

        value = number;
        return true;
    }

    private bool TryReadLiteral(string literal)
    {
        if (string.CompareOrdinal(_text, _pos, literal, 0, literal.Length) != 0)
        {
            return false;
        }

        _pos += literal.Length;
        return true;
    }

    private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

    private void SkipWhitespace()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos]))
        {
            _pos++;
        }
    }
}
