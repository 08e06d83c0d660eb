using System.Text;

namespace RailwayOps.Core.Versioning;

/// <summary>
/// A text file decoded for searching, able to splice a replacement back into the original bytes so
/// that everything outside the replaced range (BOM, line endings, other text) stays byte-for-byte.
/// </summary>
internal sealed class TextFileContent
{
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);

    private TextFileContent(byte[] bytes, int preambleLength, Encoding encoding, string text)
    {
        Bytes = bytes;
        PreambleLength = preambleLength;
        Encoding = encoding;
        Text = text;
    }

    public byte[] Bytes { get; }
    public int PreambleLength { get; }
    public Encoding Encoding { get; }
    public string Text { get; }

    public static TextFileContent Decode(byte[] bytes)
    {
        var (encoding, preambleLength) = DetectEncoding(bytes);
        try
        {
            return new TextFileContent(bytes, preambleLength, encoding,
                encoding.GetString(bytes, preambleLength, bytes.Length - preambleLength));
        }
        catch (DecoderFallbackException)
        {
            // Not UTF-8 (say Latin-1 comments): one char per byte keeps offsets exact, and the
            // version literal itself is ASCII, so splicing stays correct.
            return new TextFileContent(bytes, 0, Encoding.Latin1, Encoding.Latin1.GetString(bytes));
        }
    }

    /// <summary>The original bytes with <c>Text[charIndex..charIndex+oldLength]</c> replaced.</summary>
    public byte[] Splice(int charIndex, int oldLength, string replacement)
    {
        var start = PreambleLength + Encoding.GetByteCount(Text.AsSpan(0, charIndex));
        var removed = Encoding.GetByteCount(Text.AsSpan(charIndex, oldLength));
        var inserted = Encoding.GetBytes(replacement);
        var result = new byte[Bytes.Length - removed + inserted.Length];
        Bytes.AsSpan(0, start).CopyTo(result);
        inserted.CopyTo(result.AsSpan(start));
        Bytes.AsSpan(start + removed).CopyTo(result.AsSpan(start + inserted.Length));
        return result;
    }

    private static (Encoding Encoding, int PreambleLength) DetectEncoding(byte[] bytes)
    {
        ReadOnlySpan<byte> head = bytes;
        if (head.StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }))
        {
            return (StrictUtf8, 3);
        }
        if (head.StartsWith(new byte[] { 0xFF, 0xFE, 0x00, 0x00 }))
        {
            return (new UTF32Encoding(bigEndian: false, byteOrderMark: false, throwOnInvalidCharacters: true), 4);
        }
        if (head.StartsWith(new byte[] { 0x00, 0x00, 0xFE, 0xFF }))
        {
            return (new UTF32Encoding(bigEndian: true, byteOrderMark: false, throwOnInvalidCharacters: true), 4);
        }
        if (head.StartsWith(new byte[] { 0xFF, 0xFE }))
        {
            return (new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true), 2);
        }
        if (head.StartsWith(new byte[] { 0xFE, 0xFF }))
        {
            return (new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true), 2);
        }
        return (StrictUtf8, 0);
    }
}
