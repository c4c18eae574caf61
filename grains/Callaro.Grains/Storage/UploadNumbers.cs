namespace Callaro.Grains.Storage;

/// <summary>
/// Contacts are keyed by their upload's number (<c>upload_index.upload_no</c>), not by its text id: a bigint
/// instead of two text columns on every one of a million rows (migration 0012). Queries name an upload by its id
/// and find the number through upload_index, once per statement.
/// </summary>
public static class UploadNumbers
{
    /// <summary>
    /// SQL for the number of the upload whose id is <paramref name="uploadIdSql"/> (a parameter or literal), found
    /// only within the org <paramref name="orgIdSql"/> when one is given.
    /// </summary>
    public static string Of(string uploadIdSql, string? orgIdSql = null) =>
        $"(SELECT upload_no FROM upload_index WHERE {(orgIdSql is null ? string.Empty : $"org_id = {orgIdSql} AND ")}upload_id = {uploadIdSql})";

    /// <summary>SQL condition: contacts (alias <paramref name="alias"/>, or none) of the upload <paramref name="uploadIdSql"/>.</summary>
    public static string ContactsOf(string uploadIdSql, string? alias = null, string? orgIdSql = null) =>
        $"{(alias is null ? string.Empty : alias + ".")}upload_no = {Of(uploadIdSql, orgIdSql)}";
}
