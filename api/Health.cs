using Npgsql;

namespace Callaro.Api;

/// <summary><c>GET /health</c>: 200 only when PostgreSQL answers and at least one silo is active, else 503 with the reason.</summary>
public static class Health
{
    public static async Task<IResult> CheckAsync(NpgsqlDataSource dataSource, IClusterClient cluster, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            return Unavailable($"PostgreSQL is not reachable: {ex.Message}");
        }

        try
        {
#pragma warning disable CA2016 // the management grain call takes no token; WaitAsync bounds it
            var pending = cluster.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
#pragma warning restore CA2016
            var hosts = await pending.WaitAsync(timeout.Token);
            return hosts.Count == 0
                ? Unavailable("No active silo in the cluster.")
                : Results.Json(new { status = "ok", silos = hosts.Count });
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Whatever the cluster answered (a silo's own database error too), the answer is "not healthy", never a 500.
            return Unavailable($"The Orleans cluster is not reachable: {ex.Message}");
        }
    }

    private static IResult Unavailable(string reason) =>
        Results.Json(new { status = "unavailable", reason }, statusCode: StatusCodes.Status503ServiceUnavailable);
}
