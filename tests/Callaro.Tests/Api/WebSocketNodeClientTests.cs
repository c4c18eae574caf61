using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using Callaro.Tests.Infrastructure;

namespace Callaro.Tests.Api;

/// <summary>
/// The real graphql-ws npm client (Node, tests/js) against the api process: what browser apps and GraphiQL use.
/// The first run installs tests/js/node_modules with npm ci (pinned in package-lock.json).
/// </summary>
[Collection(ApiClusterCollection.Name)]
public sealed class WebSocketNodeClientTests(ApiCluster fixture)
{
    private static readonly SemaphoreSlim InstallGate = new(1, 1);

    private ProcessCluster Callaro => fixture.Processes;

    private static string ScriptFolder => Path.Combine(ProcessCluster.RepoRoot, "tests", "js");

    private async Task<string> CreateCampaignAsync(string key, string name)
    {
        using var http = Callaro.Http(key);
        return (await http.PostAsync("mutation($name: String!) { createCampaign(input: { name: $name }) { id } }", new { name }))
            .Ok().GetProperty("createCampaign").GetProperty("id").GetString()!;
    }

    [SkippableFact]
    public async Task The_graphql_ws_client_receives_the_current_campaign_and_then_its_changes()
    {
        Skip.IfNot(NodeSubscriber.NodeAvailable, "Node.js is not installed here: the graphql-ws client test needs node and npm on PATH.");
        var id = await CreateCampaignAsync(ProcessCluster.KeyA, "Node sees this");
        await using var node = await NodeSubscriber.StartAsync(Callaro.BaseAddress, ProcessCluster.KeyA, id, events: 2);

        Assert.Equal("connected", (await node.NextAsync()).GetProperty("event").GetString());
        var first = await node.NextAsync();
        Assert.Equal("next", first.GetProperty("event").GetString());
        var initial = first.GetProperty("payload").GetProperty("data").GetProperty("campaignUpdated");
        Assert.Equal(id, initial.GetProperty("id").GetString());
        Assert.Equal("Node sees this", initial.GetProperty("name").GetString());

        using (var http = Callaro.Http(ProcessCluster.KeyA))
        {
            (await http.PostAsync("mutation($id: ID!) { renameCampaign(id: $id, name: \"Renamed for node\") { version } }", new { id })).Ok();
        }

        var second = await node.NextAsync();
        Assert.Equal("next", second.GetProperty("event").GetString());
        var changed = second.GetProperty("payload").GetProperty("data").GetProperty("campaignUpdated");
        Assert.Equal("Renamed for node", changed.GetProperty("name").GetString());
        Assert.True(changed.GetProperty("version").GetInt32() > initial.GetProperty("version").GetInt32());
        Assert.Equal(0, await node.ExitCodeAsync());
    }

    [SkippableFact]
    public async Task The_graphql_ws_client_with_a_wrong_key_sees_the_socket_closed_with_4403()
    {
        Skip.IfNot(NodeSubscriber.NodeAvailable, "Node.js is not installed here: the graphql-ws client test needs node and npm on PATH.");
        await using var node = await NodeSubscriber.StartAsync(Callaro.BaseAddress, "not-a-key", "cmp_whatever", events: 1);
        var lines = await node.AllAsync();
        var closed = lines.Single(l => l.GetProperty("event").GetString() == "closed");
        Assert.Equal(4403, closed.GetProperty("code").GetInt32());
        Assert.Contains(lines, l => l.GetProperty("event").GetString() == "error");
        Assert.DoesNotContain(lines, l => l.GetProperty("event").GetString() == "connected");
    }

    [SkippableFact]
    public async Task The_graphql_ws_client_gets_not_found_for_another_orgs_campaign()
    {
        Skip.IfNot(NodeSubscriber.NodeAvailable, "Node.js is not installed here: the graphql-ws client test needs node and npm on PATH.");
        var id = await CreateCampaignAsync(ProcessCluster.KeyB, "Org B's");
        await using var node = await NodeSubscriber.StartAsync(Callaro.BaseAddress, ProcessCluster.KeyA, id, events: 1);
        var lines = await node.AllAsync();
        var error = lines.Single(l => l.GetProperty("event").GetString() == "error");
        Assert.Equal("NOT_FOUND", error.GetProperty("payload")[0].GetProperty("extensions").GetProperty("code").GetString());
        Assert.Equal(1, await node.ExitCodeAsync());
    }

    /// <summary>tests/js/subscribe-campaign.mjs as a child process, its stdout as JSON lines.</summary>
    private sealed class NodeSubscriber : IAsyncDisposable
    {
        private readonly Process process;
        private readonly Channel<JsonElement> lines = Channel.CreateUnbounded<JsonElement>();
        private readonly System.Text.StringBuilder errors = new();

        private NodeSubscriber(Process process) => this.process = process;

        public static async Task<NodeSubscriber> StartAsync(Uri api, string key, string campaignId, int events)
        {
            await EnsureInstalledAsync();
            var info = new ProcessStartInfo("node")
            {
                WorkingDirectory = ScriptFolder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[] { "subscribe-campaign.mjs", "--url", GraphQLSocket.SocketUri(api).ToString(), "--key", key, "--campaign", campaignId, "--events", events.ToString(System.Globalization.CultureInfo.InvariantCulture), "--timeout", "45000" })
            {
                info.ArgumentList.Add(argument);
            }

            var subscriber = new NodeSubscriber(new Process { StartInfo = info });
            subscriber.process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is null)
                {
                    subscriber.lines.Writer.TryComplete();
                }
                else if (e.Data.StartsWith('{'))
                {
                    subscriber.lines.Writer.TryWrite(JsonDocument.Parse(e.Data).RootElement.Clone());
                }
            };
            subscriber.process.ErrorDataReceived += (_, e) =>
            {
                lock (subscriber.errors)
                {
                    subscriber.errors.AppendLine(e.Data);
                }
            };
            subscriber.process.Start();
            subscriber.process.BeginOutputReadLine();
            subscriber.process.BeginErrorReadLine();
            return subscriber;
        }

        public async Task<JsonElement> NextAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                return await lines.Reader.ReadAsync(timeout.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
            {
                throw new InvalidOperationException($"The node client printed nothing more. stderr: {Errors}", ex);
            }
        }

        public async Task<List<JsonElement>> AllAsync()
        {
            await ExitCodeAsync();
            var all = new List<JsonElement>();
            await foreach (var line in lines.Reader.ReadAllAsync())
            {
                all.Add(line);
            }

            return all;
        }

        public async Task<int> ExitCodeAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);
            return process.ExitCode;
        }

        public async ValueTask DisposeAsync()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }

        private string Errors
        {
            get
            {
                lock (errors)
                {
                    return errors.ToString();
                }
            }
        }

        /// <summary>Whether <c>node</c> runs here: a machine with only the .NET SDK and PostgreSQL has none.</summary>
        public static bool NodeAvailable { get; } = CanRun("node") && CanRun("npm");

        private static bool CanRun(string program)
        {
            try
            {
                using var process = Process.Start(new ProcessStartInfo(program, "--version") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false });
                return process is not null && process.WaitForExit(30_000) && process.ExitCode == 0;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return false;
            }
        }

        private static async Task EnsureInstalledAsync()
        {
            await InstallGate.WaitAsync();
            try
            {
                if (File.Exists(Path.Combine(ScriptFolder, "node_modules", "graphql-ws", "package.json"))
                    && File.Exists(Path.Combine(ScriptFolder, "node_modules", "ws", "package.json")))
                {
                    return;
                }

                var info = new ProcessStartInfo("npm")
                {
                    WorkingDirectory = ScriptFolder,
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    UseShellExecute = false,
                };
                foreach (var argument in new[] { "ci", "--no-audit", "--no-fund", "--loglevel=error" })
                {
                    info.ArgumentList.Add(argument);
                }

                using var npm = Process.Start(info)!;
                var output = npm.StandardOutput.ReadToEndAsync();
                var error = npm.StandardError.ReadToEndAsync();
                using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
                await npm.WaitForExitAsync(timeout.Token);
                if (npm.ExitCode != 0)
                {
                    throw new InvalidOperationException($"npm ci in {ScriptFolder} failed ({npm.ExitCode}): {await output}\n{await error}");
                }
            }
            finally
            {
                InstallGate.Release();
            }
        }
    }
}
