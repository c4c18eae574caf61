namespace Callaro.Grains.Storage;

public static class StorageNames
{
    /// <summary>The ADO.NET grain storage on PostgreSQL that every Callaro grain uses.</summary>
    public const string Default = "callaro";
}
