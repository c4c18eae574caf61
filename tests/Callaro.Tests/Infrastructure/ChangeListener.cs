using Callaro.Db;
using Npgsql;

namespace Callaro.Tests.Infrastructure;

/// <summary>
/// Hears what the grains announce after every stored change (PostgreSQL NOTIFY on <see cref="ChangeNotice.Channel"/>,
/// the feed the api's subscriptions use), so a test waits for a state instead of polling for it: it listens first,
/// reads the state, and reads again only after a notice about it.
/// </summary>
public sealed class ChangeListener : IAsyncDisposable
{
    private readonly NpgsqlConnection connection;
    private readonly List<ChangeNotice> heard = [];

    private ChangeListener(NpgsqlConnection connection)
    {
        this.connection = connection;
        connection.Notification += (_, e) =>
        {
            if (ChangeNotice.Parse(e.Payload) is { } notice)
            {
                heard.Add(notice);
            }
        };
    }

    public static async Task<ChangeListener> StartAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync();
            await using var listen = new NpgsqlCommand($"LISTEN {ChangeNotice.Channel}", connection);
            await listen.ExecuteNonQueryAsync();
            return new ChangeListener(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Reads with <paramref name="read"/> until <paramref name="done"/> holds and returns that read; between reads it
    /// waits for a notice <paramref name="about"/> the object. <paramref name="patience"/> only bounds a failure,
    /// which names <paramref name="what"/> and the last read.
    /// </summary>
    public async Task<T> UntilAsync<T>(Func<ChangeNotice, bool> about, Func<Task<T>> read, Func<T, bool> done, TimeSpan patience, string what)
    {
        using var timeout = new CancellationTokenSource(patience);
        while (true)
        {
            // Notices are taken off the connection only while waiting below: all heard so far predate this read.
            heard.Clear();
            var state = await read();
            if (done(state))
            {
                return state;
            }

            try
            {
                // A notice can slip between LISTEN and the first read (the grain answered before the listener was up):
                // reading again after a quiet second keeps such a miss from costing the whole patience.
                using var quiet = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
                quiet.CancelAfter(TimeSpan.FromSeconds(1));
                while (!heard.Exists(notice => about(notice)))
                {
                    await connection.WaitAsync(quiet.Token);
                }
            }
            catch (OperationCanceledException) when (!timeout.IsCancellationRequested)
            {
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Expected {what} within {patience.TotalSeconds:0.#} s; last read: {state}");
            }
        }
    }

    /// <summary><see cref="UntilAsync{T}(Func{ChangeNotice, bool}, Func{Task{T}}, Func{T, bool}, TimeSpan, string)"/> for the notices of one upload, campaign or segment.</summary>
    public Task<T> UntilAsync<T>(string id, Func<Task<T>> read, Func<T, bool> done, TimeSpan patience, string what) =>
        UntilAsync(notice => notice.Id == id, read, done, patience, what);

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
