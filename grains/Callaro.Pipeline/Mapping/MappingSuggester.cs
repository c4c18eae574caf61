using Callaro.Pipeline.Validation;
using FuzzySharp;
using PhoneNumbers;

namespace Callaro.Pipeline.Mapping;

/// <summary>
/// Suggests a mapping for a file's columns from their headers and a few sample rows.
/// <para>Header evidence, best first: an exact synonym after normalisation (case, spaces, underscores,
/// punctuation, camelCase, accents; <see cref="HeaderSynonyms"/>) scores the synonym's weight; the same
/// after dropping qualifiers ("Contact", "Lead", "Primary", a trailing number) scores 0.97 of it; a fuzzy
/// match (FuzzySharp ratio &gt;= 85, 90 for words under 8 letters, on headers of 5+ characters, e.g. "Phone Numbr") scores 0.9 x ratio x weight;
/// a keyword anywhere in the header ("Phone Type") scores 0.6.</para>
/// <para>Value evidence (up to 50 sample values; the header itself counts as a value when it looks like
/// one, as in a file without a header row): a column of valid phone numbers, of time zone names, or of
/// e-mail addresses. It confirms header evidence (+0.05), vetoes it when under 20% of the values fit
/// ("Phone Type" holding "mobile") unless the header is an exact synonym (then confidence drops to 0.6 at
/// most, and the validator reports the bad values), and alone suggests the field with confidence up to 0.75.</para>
/// <para>Each field goes to one column at most (CUSTOM and IGNORE excepted), highest confidence first,
/// ties to the leftmost column; a column that loses its field (a second phone column) becomes IGNORE.
/// With no IDENTIFIER candidate, the CRM id column (if any) is used as IDENTIFIER. Columns nothing
/// matches become IGNORE with confidence 0, or CUSTOM (customKey = the normalised header in snake_case)
/// when <c>unknownAsCustom</c>.</para>
/// </summary>
public static class MappingSuggester
{
    private const int MaxSamples = 50;
    private const double MinimumConfidence = 0.5;
    private const double ValueOnlyCeiling = 0.75;
    private static readonly ContactField[] ValueFields = [ContactField.Phone, ContactField.Timezone, ContactField.Email];

    public static IReadOnlyList<ColumnMapping> Suggest(
        IReadOnlyList<string> columns,
        IReadOnlyList<IReadOnlyList<string>> sampleRows,
        bool unknownAsCustom = false,
        string defaultRegion = "US")
    {
        ArgumentNullException.ThrowIfNull(columns);
        sampleRows ??= [];
        string region = string.IsNullOrWhiteSpace(defaultRegion) ? "US" : defaultRegion.Trim().ToUpperInvariant();
        int callingCode = PhoneNumberUtil.GetInstance().GetCountryCodeForRegion(region);
        if (callingCode == 0)
        {
            region = "US";
            callingCode = 1;
        }

        var candidates = new List<Candidate>();
        for (int c = 0; c < columns.Count; c++)
        {
            var header = HeaderScores(columns[c]);
            var values = ValueScores(columns[c], header.LooksLikeValue, sampleRows, c, region, callingCode);
            foreach (var (field, score) in header.Scores)
            {
                double s = score;
                if (values.Count > 0 && Array.IndexOf(ValueFields, field) >= 0)
                {
                    double fit = values.Fraction(field);
                    if (fit >= 0.5)
                    {
                        s = Math.Min(1.0, s + 0.05);
                    }
                    else if (fit < 0.2)
                    {
                        // A column plainly named "Phone" stays the phone column even when its values are bad:
                        // the validator then says, row by row, what is wrong with them. Weaker header matches
                        // ("Phone Type" holding "mobile") are vetoed.
                        s = score >= 0.95 ? Math.Max(MinimumConfidence, s * 0.6) : s * 0.4;
                    }
                }

                candidates.Add(new Candidate(c, field, s));
            }

            if (values.Count > 0)
            {
                foreach (var field in ValueFields)
                {
                    double fit = values.Fraction(field);
                    if (fit >= 0.8 && !header.Scores.ContainsKey(field))
                    {
                        candidates.Add(new Candidate(c, field, ValueOnlyCeiling * fit));
                    }
                }
            }
        }

        candidates.Sort(static (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Column.CompareTo(b.Column));

        var assigned = new ColumnMapping?[columns.Count];
        var taken = new HashSet<ContactField>();
        var lost = new double[columns.Count];
        foreach (var candidate in candidates)
        {
            if (candidate.Score < MinimumConfidence || assigned[candidate.Column] is not null)
            {
                continue;
            }

            if (candidate.Field == ContactField.Ignore)
            {
                assigned[candidate.Column] = new ColumnMapping(columns[candidate.Column], ContactField.Ignore, null, Round(candidate.Score));
                continue;
            }

            if (!taken.Add(candidate.Field))
            {
                lost[candidate.Column] = Math.Max(lost[candidate.Column], candidate.Score);
                continue;
            }

            assigned[candidate.Column] = new ColumnMapping(columns[candidate.Column], candidate.Field, null, Round(candidate.Score));
        }

        if (!taken.Contains(ContactField.Identifier))
        {
            for (int c = 0; c < assigned.Length; c++)
            {
                if (assigned[c] is { Field: ContactField.CrmId } crm)
                {
                    assigned[c] = crm with { Field = ContactField.Identifier, Confidence = Round((crm.Confidence ?? 0) * 0.9) };
                    break;
                }
            }
        }

        var customKeys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var result = new ColumnMapping[columns.Count];
        for (int c = 0; c < columns.Count; c++)
        {
            if (assigned[c] is { } mapping)
            {
                result[c] = mapping;
            }
            else if (lost[c] > 0)
            {
                result[c] = new ColumnMapping(columns[c], ContactField.Ignore, null, 0.5);
            }
            else if (unknownAsCustom)
            {
                string key = HeaderText.CustomKey(columns[c], c);
                string unique = key;
                for (int n = 2; !customKeys.Add(unique); n++)
                {
                    unique = key + "_" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                result[c] = new ColumnMapping(columns[c], ContactField.Custom, unique, 0.0);
            }
            else
            {
                result[c] = new ColumnMapping(columns[c], ContactField.Ignore, null, 0.0);
            }
        }

        return result;
    }

    private readonly record struct Candidate(int Column, ContactField Field, double Score);

    private sealed record HeaderEvidence(Dictionary<ContactField, double> Scores, bool LooksLikeValue);

    private static HeaderEvidence HeaderScores(string header)
    {
        var scores = new Dictionary<ContactField, double>();
        string normalized = HeaderText.Normalize(header);
        string compact = HeaderText.Compact(normalized);
        if (compact.Length == 0 || IsGenericName(normalized))
        {
            return new HeaderEvidence(scores, false);
        }

        if (LooksLikePhoneOrEmail(header))
        {
            return new HeaderEvidence(scores, true);
        }

        void Offer(ContactField field, double score)
        {
            if (!scores.TryGetValue(field, out var existing) || existing < score)
            {
                scores[field] = score;
            }
        }

        if (HeaderSynonyms.ByCompact.TryGetValue(compact, out var exact))
        {
            Offer(exact.Field, exact.Weight);
        }

        string[] words = normalized.Split(' ');
        var kept = new List<string>(words.Length);
        foreach (string w in words)
        {
            if (!HeaderSynonyms.NoiseWords.Contains(w))
            {
                kept.Add(w);
            }
        }

        if (kept.Count > 1 && kept[^1].All(char.IsAsciiDigit))
        {
            kept.RemoveAt(kept.Count - 1);
        }

        if (kept.Count > 0 && kept.Count < words.Length)
        {
            string stripped = string.Concat(kept);
            if (HeaderSynonyms.ByCompact.TryGetValue(stripped, out var qualified))
            {
                Offer(qualified.Field, qualified.Weight * 0.97);
            }
        }

        if (compact.Length >= 5)
        {
            foreach (var synonym in HeaderSynonyms.All)
            {
                if (synonym.Compact.Length < 5)
                {
                    continue;
                }

                // short words differ by one letter and still mean other things ("name" / "fname"): ask more of them
                int needed = Math.Min(compact.Length, synonym.Compact.Length) < 8 ? 90 : 85;
                int ratio = Math.Max(Fuzz.Ratio(normalized, synonym.Phrase), Fuzz.Ratio(compact, synonym.Compact));
                if (ratio >= needed)
                {
                    Offer(synonym.Field, 0.9 * ratio / 100.0 * synonym.Weight);
                }
            }
        }

        foreach (string w in words)
        {
            if (HeaderSynonyms.Keywords.TryGetValue(w, out var field))
            {
                Offer(field, 0.6);
            }
        }

        if (compact.Contains("email", StringComparison.Ordinal))
        {
            Offer(ContactField.Email, 0.6);
        }

        return new HeaderEvidence(scores, false);
    }

    /// <summary>Names spreadsheets and tools give columns that had no header: "Column1", "Unnamed: 0", "field_3", "F2".</summary>
    private static bool IsGenericName(string normalized)
    {
        string[] words = normalized.Split(' ');
        if (words.All(w => w.All(char.IsAsciiDigit)))
        {
            return true;
        }

        return words.Length == 2
            && words[1].All(char.IsAsciiDigit)
            && words[0] is "column" or "col" or "field" or "unnamed" or "f" or "c" or "var" or "attribute";
    }

    private static bool LooksLikePhoneOrEmail(string header)
    {
        string value = TextCleaner.Clean(header);
        if (value.Contains('@', StringComparison.Ordinal))
        {
            return EmailCheck.LooksValid(value);
        }

        int digits = value.Count(char.IsAsciiDigit);
        return digits >= 7 && digits * 2 >= value.Length;
    }

    private sealed class ValueEvidence
    {
        public int Count { get; set; }

        public int Phones { get; set; }

        public int Timezones { get; set; }

        public int Emails { get; set; }

        public double Fraction(ContactField field) => Count == 0 ? 0 : field switch
        {
            ContactField.Phone => (double)Phones / Count,
            ContactField.Timezone => (double)Timezones / Count,
            ContactField.Email => (double)Emails / Count,
            _ => 0,
        };
    }

    private static ValueEvidence ValueScores(
        string header,
        bool headerIsValue,
        IReadOnlyList<IReadOnlyList<string>> rows,
        int column,
        string region,
        int callingCode)
    {
        var evidence = new ValueEvidence();
        if (headerIsValue)
        {
            Score(evidence, header, region, callingCode);
        }

        int seen = 0;
        foreach (var row in rows)
        {
            if (seen >= MaxSamples)
            {
                break;
            }

            if (row is null || column >= row.Count)
            {
                continue;
            }

            if (Score(evidence, row[column], region, callingCode))
            {
                seen++;
            }
        }

        return evidence;
    }

    private static bool Score(ValueEvidence evidence, string? raw, string region, int callingCode)
    {
        string value = TextCleaner.Clean(raw);
        if (value.Length == 0)
        {
            return false;
        }

        evidence.Count++;
        if (value.Contains('@', StringComparison.Ordinal))
        {
            if (EmailCheck.LooksValid(value))
            {
                evidence.Emails++;
            }

            return true;
        }

        if (value.Any(char.IsDigit))
        {
            var phone = PhoneNormalizer.Normalize(value, region, callingCode);
            if (phone.Status is PhoneStatus.Ok or PhoneStatus.NotDialable or PhoneStatus.TwoNumbers
                || (phone.Status == PhoneStatus.PrecisionLost && PhoneSizedExponent(value)))
            {
                evidence.Phones++;
                return true;
            }
        }

        var zone = TimezoneResolver.Resolve(value);
        bool strongZone = zone.Source switch
        {
            TimezoneSource.Iana or TimezoneSource.Windows or TimezoneSource.DisplayName or TimezoneSource.Abbreviation => true,
            TimezoneSource.FixedOffset => value.Contains(':', StringComparison.Ordinal)
                || value.StartsWith("UTC", StringComparison.OrdinalIgnoreCase)
                || value.StartsWith("GMT", StringComparison.OrdinalIgnoreCase),
            _ => false,
        };
        if (strongZone)
        {
            evidence.Timezones++;
        }

        return true;
    }

    /// <summary>Scientific notation of a phone-sized number (E+09 and up), not of a price or a count.</summary>
    private static bool PhoneSizedExponent(string value)
    {
        int e = value.IndexOfAny(['e', 'E']);
        return e >= 0 && int.TryParse(value.AsSpan(e + 1), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out int exponent) && exponent >= 8;
    }

    private static double Round(double value) => Math.Round(Math.Clamp(value, 0, 1), 2);
}
