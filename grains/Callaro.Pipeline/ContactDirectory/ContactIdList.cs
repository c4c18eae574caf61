namespace Callaro.Pipeline.ContactDirectory;

/// <summary>Pasted contact ids, split and counted: what <c>setAudienceContactIds</c> stores.</summary>
/// <param name="Ids">Distinct ids in paste order (first occurrence kept).</param>
/// <param name="Pasted">Every non-blank id in the paste, repeats included.</param>
/// <param name="Duplicates">Ids that repeated an earlier one in the paste.</param>
/// <param name="TooLong">Pieces longer than <see cref="ContactIdList.MaxIdLength"/> (first 20), refused.</param>
public sealed record ContactIdPaste(IReadOnlyList<string> Ids, int Pasted, int Duplicates, IReadOnlyList<string> TooLong);

/// <summary>
/// Splits pasted text into contact ids: one per line, or separated by commas, semicolons, tabs or spaces,
/// mixed freely; blanks and surrounding quotes are dropped. Ids compare exactly (case matters: CRM ids do).
/// </summary>
public static class ContactIdList
{
    public const int MaxIds = 100_000;
    public const int MaxIdLength = 200;

    private static readonly char[] Separators = ['\r', '\n', ',', ';', '\t', ' ', '\u00A0', '\f', '\v'];

    public static ContactIdPaste Parse(IEnumerable<string?> pieces)
    {
        var ids = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var tooLong = new List<string>();
        var pasted = 0;
        var duplicates = 0;
        foreach (var piece in pieces)
        {
            if (piece is null)
            {
                continue;
            }

            foreach (var raw in piece.Split(Separators, StringSplitOptions.RemoveEmptyEntries))
            {
                var id = raw.Trim().Trim('"', '\'').Trim();
                if (id.Length == 0)
                {
                    continue;
                }

                pasted++;
                if (id.Length > MaxIdLength)
                {
                    if (tooLong.Count < 20)
                    {
                        tooLong.Add(id[..40] + "…");
                    }

                    continue;
                }

                if (seen.Add(id))
                {
                    ids.Add(id);
                }
                else
                {
                    duplicates++;
                }
            }
        }

        return new ContactIdPaste(ids, pasted, duplicates, tooLong);
    }
}
