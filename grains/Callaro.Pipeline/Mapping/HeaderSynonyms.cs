using System.Collections.Frozen;

namespace Callaro.Pipeline.Mapping;

/// <summary>
/// Header names per field, in normalised form (see <see cref="HeaderText"/>), with a weight: how surely the
/// name means the field. Weights order competing columns (Phone 1.0 &gt; Mobile 0.96 &gt; Direct Dial 0.95 &gt;
/// Work Phone 0.92 &gt; Home Phone 0.88), so with several phone columns the most general one is PHONE.
/// </summary>
internal static class HeaderSynonyms
{
    public readonly record struct Synonym(ContactField Field, string Phrase, string Compact, double Weight);

    /// <summary>Words that qualify a header without changing its meaning ("Contact Email", "Lead ID", "Primary Phone").</summary>
    public static readonly FrozenSet<string> NoiseWords = FrozenSet.ToFrozenSet(
        ["contact", "contacts", "lead", "leads", "customer", "client", "prospect", "person", "primary", "main", "the", "of", "default", "preferred", "mailing", "billing", "shipping"],
        StringComparer.Ordinal);

    /// <summary>Single words that hint at a field wherever they appear in a header ("Phone Type" hints PHONE, weakly).</summary>
    public static readonly FrozenDictionary<string, ContactField> Keywords = new Dictionary<string, ContactField>(StringComparer.Ordinal)
    {
        ["phone"] = ContactField.Phone,
        ["mobile"] = ContactField.Phone,
        ["cell"] = ContactField.Phone,
        ["tel"] = ContactField.Phone,
        ["telephone"] = ContactField.Phone,
        ["msisdn"] = ContactField.Phone,
        ["email"] = ContactField.Email,
        ["timezone"] = ContactField.Timezone,
        ["tz"] = ContactField.Timezone,
        ["zip"] = ContactField.PostalCode,
        ["postcode"] = ContactField.PostalCode,
        ["postal"] = ContactField.PostalCode,
        ["consent"] = ContactField.Consent,
        ["optin"] = ContactField.Consent,
        ["company"] = ContactField.Company,
        ["organization"] = ContactField.Company,
        ["organisation"] = ContactField.Company,
        ["employer"] = ContactField.Company,
        ["country"] = ContactField.Country,
        ["surname"] = ContactField.LastName,
        ["lastname"] = ContactField.LastName,
        ["firstname"] = ContactField.FirstName,
        ["forename"] = ContactField.FirstName,
        ["salesforce"] = ContactField.CrmId,
        ["hubspot"] = ContactField.CrmId,
        ["crm"] = ContactField.CrmId,
        ["fax"] = ContactField.Ignore,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static readonly Synonym[] All = Build();

    /// <summary>Exact matches by compact form; the best weight when a compact form is listed twice.</summary>
    public static readonly FrozenDictionary<string, Synonym> ByCompact = BuildIndex();

    private static FrozenDictionary<string, Synonym> BuildIndex()
    {
        var d = new Dictionary<string, Synonym>(StringComparer.Ordinal);
        foreach (var s in All)
        {
            if (!d.TryGetValue(s.Compact, out var existing) || existing.Weight < s.Weight)
            {
                d[s.Compact] = s;
            }
        }

        return d.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static Synonym[] Build()
    {
        var list = new List<Synonym>();
        void Add(ContactField field, double weight, params string[] phrases)
        {
            foreach (string p in phrases)
            {
                string normalized = HeaderText.Normalize(p);
                list.Add(new Synonym(field, normalized, HeaderText.Compact(normalized), weight));
            }
        }

        Add(ContactField.Identifier, 1.0, "id", "identifier", "contact id", "external id", "external identifier", "contact identifier", "unique id");
        Add(ContactField.Identifier, 0.95, "record id", "lead id", "customer id", "client id", "person id", "prospect id", "member id", "contact key");
        Add(ContactField.Identifier, 0.9, "uid", "uuid", "guid", "row id");
        // German, French, Spanish/Italian/Portuguese and Dutch customer ids. "N° client" normalises to "n client" (the degree
        // sign is punctuation) and "Nº cliente" keeps its ordinal indicator, a letter, so both spellings are listed.
        Add(ContactField.Identifier, 0.95, "cust id", "kunden id", "kundennummer", "kunden nr", "kunden nummer", "kundennr");
        Add(ContactField.Identifier, 0.95, "id client", "n client", "no client", "nº client", "numero client", "num client", "ref client");
        Add(ContactField.Identifier, 0.95, "id cliente", "n cliente", "no cliente", "nº cliente", "numero cliente", "num cliente", "codigo cliente", "codice cliente");
        Add(ContactField.Identifier, 0.95, "klantnummer", "klant id", "klantnr", "klant nr", "klant nummer");
        Add(ContactField.Identifier, 0.7, "reference", "ref", "customer number", "account number", "key");
        Add(ContactField.Identifier, 0.7, "customer no", "customer nr", "cust number", "cust no", "client number", "client no");

        Add(ContactField.CrmId, 1.0, "crm id", "salesforce id", "sfdc id", "salesforce contact id", "hubspot id", "hubspot contact id", "crm contact id");
        Add(ContactField.CrmId, 0.95, "salesforce lead id", "sf id", "hs object id", "hubspot object id", "zoho id", "pipedrive id", "dynamics id", "crm record id", "close id", "copper id");

        Add(ContactField.Phone, 1.0, "phone", "phone number", "phone no", "phone 1", "primary phone", "phone num");
        Add(ContactField.Phone, 0.98, "telephone", "telephone number", "tel no", "telefon", "telefono", "telefone");
        Add(ContactField.Phone, 0.96, "mobile", "mobile phone", "mobile number", "cell", "cell phone", "cell number", "mobile no", "tel", "contact number", "msisdn", "dial number", "number to dial");
        Add(ContactField.Phone, 0.95, "direct dial", "direct phone", "direct line", "direct number", "dial");
        Add(ContactField.Phone, 0.92, "work phone", "business phone", "office phone", "work number", "phone work");
        Add(ContactField.Phone, 0.88, "home phone", "home number", "landline", "phone home", "company phone", "main phone");
        Add(ContactField.Phone, 0.8, "other phone", "phone 2", "alternate phone", "alt phone", "secondary phone", "ph");
        Add(ContactField.Phone, 0.6, "number");

        Add(ContactField.Timezone, 1.0, "time zone", "timezone", "time zone id", "tz", "iana time zone", "local time zone", "tz name", "time zone name", "tz database name");
        Add(ContactField.Timezone, 0.8, "zone", "olson", "tzid", "utc offset", "gmt offset", "offset");

        Add(ContactField.FirstName, 1.0, "first name", "given name", "forename", "first names");
        Add(ContactField.FirstName, 0.95, "fname", "first nm", "christian name", "prenom", "vorname", "nombre");
        Add(ContactField.FirstName, 0.85, "first", "given");

        Add(ContactField.LastName, 1.0, "last name", "surname", "family name");
        Add(ContactField.LastName, 0.95, "lname", "last nm", "nachname", "apellido", "apellidos");
        Add(ContactField.LastName, 0.85, "last", "nom");

        Add(ContactField.Email, 1.0, "email", "email address", "e mail", "e mail address", "primary email", "mail address", "email addr");
        Add(ContactField.Email, 0.95, "work email", "business email", "email 1", "courriel", "email id");
        Add(ContactField.Email, 0.85, "mail", "personal email", "home email", "other email", "email 2");

        Add(ContactField.Company, 1.0, "company", "company name", "organization", "organisation", "organization name", "organisation name");
        Add(ContactField.Company, 0.95, "account name", "employer", "business name", "firm", "account company");
        Add(ContactField.Company, 0.85, "account", "org", "business", "empresa", "firma", "societe");

        Add(ContactField.Consent, 1.0, "consent", "opt in", "call consent", "phone consent", "tcpa consent", "consent to call", "opt in status", "opted in");
        Add(ContactField.Consent, 0.9, "marketing consent", "gdpr consent", "ok to call", "can call", "permission to call", "consent status", "opt in call");
        Add(ContactField.Consent, 0.8, "permission", "subscribed", "subscription status");

        Add(ContactField.PostalCode, 1.0, "zip", "zip code", "postal code", "postcode", "zip postal code", "postal zip code", "zip postal");
        Add(ContactField.PostalCode, 0.95, "mailing zip", "mailing postal code", "billing zip", "billing postal code", "plz", "cp", "codigo postal", "code postal");
        Add(ContactField.PostalCode, 0.9, "postal", "zip 5");

        Add(ContactField.Country, 1.0, "country", "country code", "country name", "country region", "country iso", "iso country", "country iso code");
        Add(ContactField.Country, 0.95, "mailing country", "billing country", "pais", "pays");
        Add(ContactField.Country, 0.8, "land");
        Add(ContactField.Country, 0.8, "nation", "nationality");

        Add(ContactField.Ignore, 0.9, "fax", "fax number", "fax phone", "fax no", "do not call reason");

        return [.. list];
    }
}
