using System.Text;

namespace Callaro.Pipeline.Reading;

/// <summary>How records end in the file (the most frequent style when it mixes them).</summary>
public enum LineEnding
{
    /// <summary>No line break in the sniffed head: a single line.</summary>
    None,
    CrLf,
    Lf,
    Cr,
}

/// <summary>
/// What the user (or the API) says about the file, winning over detection.
/// <see cref="Encoding"/>: "utf-8", "utf-16le", "utf-16be", "windows-1252" or any name .NET knows.
/// <see cref="Delimiter"/>: ",", ";", "|", "\t" (or "tab", "\\t", "comma", "semicolon", "pipe").
/// </summary>
public sealed record SniffOptions(string? Encoding = null, string? Delimiter = null);

/// <summary>
/// The facts learnt from the head of a file: enough to cut the whole file into row-aligned chunks
/// (<see cref="RawChunker"/>) and to read them (<see cref="ChunkReader"/>).
/// </summary>
/// <param name="EncodingName">"utf-8", "utf-16le", "utf-16be", "windows-1252" (or an override's web name).</param>
/// <param name="PreambleLength">Bytes of byte order mark at the start of the file that are not text (0 when none).</param>
/// <param name="Delimiter">The field separator: ',', ';', '\t' or '|' (or an override).</param>
/// <param name="LineEnding">The line breaks the file uses.</param>
/// <param name="Columns">Header names, trimmed, invisible characters removed; unique and not blank.</param>
/// <param name="HasSeparatorLine">The file starts with Excel's <c>sep=;</c> hint line, which is not a row.</param>
/// <param name="HeaderRowNumber">The spreadsheet row number of the header: 1, or more when blank lines come first.</param>
/// <param name="HeaderOnly">The whole file was sniffed and it has no data row.</param>
/// <param name="SampledRows">Data rows seen in the head (all of them when the head is the whole file).</param>
/// <param name="Notes">Things worth telling the user (assumptions, oddities); empty when the file is plain.</param>
public sealed record SniffResult(
    string EncodingName,
    int PreambleLength,
    char Delimiter,
    LineEnding LineEnding,
    IReadOnlyList<string> Columns,
    bool HasSeparatorLine,
    long HeaderRowNumber,
    bool HeaderOnly,
    int SampledRows,
    IReadOnlyList<string> Notes)
{
    /// <summary>The delimiter as the contract shows it: ",", ";", "\t" (a tab character) or "|".</summary>
    public string DelimiterText => Delimiter.ToString();

    /// <summary>
    /// The encoding was told (an override), not detected: the chunker then never changes it, even when the file turns
    /// out not to be valid in it.
    /// </summary>
    public bool EncodingGiven { get; init; }

    /// <summary>The .NET encoding that decodes the file.</summary>
    public Encoding GetEncoding() => TextEncodings.Resolve(EncodingName);
}
