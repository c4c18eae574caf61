using System.Collections.Concurrent;
using System.Threading.Channels;
using Callaro.Db;
using Npgsql;

namespace Callaro.Api.Events;

/// <summary>
/// Listens on PostgreSQL for <see cref="ChangeNotice"/>s and hands each to the subscribers of its
/// (kind, org, id). After a lost connection it reconnects and tells every subscriber to re-read
/// (a notice with Status null), so nothing that happened meanwhile goes unseen.
/// </summary>
public sealed partial class ChangeFeed(NpgsqlDataSource dataSource, ILogger<ChangeFeed> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<(string Kind, string OrgId, string Id), ConcurrentDictionary<Guid, ChannelWriter<ChangeNotice>>> subscribers = new();
    private readonly TaskCompletionSource listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the first LISTEN is in place (tests and subscriptions await it).</summary>
    public Task Listening => listening.Task;

    /// <summary>A reader of every notice for one object until <paramref name="cancellationToken"/> ends.</summary>
    public ChannelReader<ChangeNotice> Subscribe(string kind, string orgId, string id, CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<ChangeNotice>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        var key = (kind, orgId, id);
        var token = Guid.NewGuid();
        subscribers.GetOrAdd(key, _ => new())[token] = channel.Writer;
        cancellationToken.Register(() =>
        {
            if (subscribers.TryGetValue(key, out var set))
            {
                set.TryRemove(token, out _);
                if (set.IsEmpty)
                {
                    subscribers.TryRemove(new KeyValuePair<(string, string, string), ConcurrentDictionary<Guid, ChannelWriter<ChangeNotice>>>(key, set));
                }
            }

            channel.Writer.TryComplete();
        });
        return channel.Reader;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reconnecting = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) => Dispatch(ChangeNotice.Parse(e.Payload));
                await using (var listen = new NpgsqlCommand($"LISTEN {ChangeNotice.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                listening.TrySetResult();
                if (reconnecting)
                {
                    ResyncAll();
                    reconnecting = false;
                }

                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or System.IO.IOException or TimeoutException)
            {
                LogLost(logger, ex);
                reconnecting = true;
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    private void Dispatch(ChangeNotice? notice)
    {
        if (notice is not null && subscribers.TryGetValue((notice.Kind, notice.OrgId, notice.Id), out var set))
        {
            foreach (var writer in set.Values)
            {
                writer.TryWrite(notice);
            }
        }
    }

    private void ResyncAll()
    {
        foreach (var ((kind, org, id), set) in subscribers)
        {
            foreach (var writer in set.Values)
            {
                writer.TryWrite(new ChangeNotice(kind, org, id));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the PostgreSQL change feed; reconnecting")]
    private static partial void LogLost(ILogger logger, Exception exception);
}
