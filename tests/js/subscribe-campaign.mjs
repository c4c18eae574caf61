// Subscribes to campaignUpdated with the real graphql-ws client and prints what happens as JSON lines:
//   {"event":"connected"}                       after connection_ack
//   {"event":"next","payload":{...}}            per result
//   {"event":"error","payload":...}             error message (or a socket error), then the script exits 1
//   {"event":"complete"}                        the server completed the operation
//   {"event":"closed","code":4403,"reason":""}  the socket closed
// Usage: node subscribe-campaign.mjs --url ws://127.0.0.1:5000/graphql --key KEY --campaign ID [--events 2] [--timeout 60000]
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && at + 1 < process.argv.length ? process.argv[at + 1] : fallback;
}

const url = option('url');
const key = option('key');
const campaign = option('campaign');
const wanted = Number(option('events', '2'));
const timeout = Number(option('timeout', '60000'));
if (!url || !campaign) {
  console.error('usage: node subscribe-campaign.mjs --url ws://host/graphql --key KEY --campaign ID [--events N]');
  process.exit(2);
}

const print = (line) => process.stdout.write(JSON.stringify(line) + '\n');

const client = createClient({
  url,
  webSocketImpl: WebSocket,
  lazy: true,
  retryAttempts: 0,
  connectionParams: key ? { authorization: `Bearer ${key}` } : {},
  on: {
    connected: () => print({ event: 'connected' }),
    closed: (event) => print({ event: 'closed', code: event?.code, reason: event?.reason }),
  },
});

let received = 0;
let finished = false;
const timer = setTimeout(() => finish(3, { event: 'timeout', received }), timeout);

function finish(code, line) {
  if (finished) return;
  finished = true;
  if (line) print(line);
  clearTimeout(timer);
  dispose();
  client.dispose().finally(() => setTimeout(() => process.exit(code), 50));
}

const dispose = client.subscribe(
  {
    query: 'subscription($id: ID!) { campaignUpdated(campaignId: $id) { id name version updatedAt } }',
    variables: { id: campaign },
  },
  {
    next: (payload) => {
      print({ event: 'next', payload });
      received += 1;
      if (received >= wanted) finish(0);
    },
    error: (error) => {
      const payload = Array.isArray(error)
        ? error
        : { message: error?.message ?? String(error), code: error?.code, reason: error?.reason };
      finish(1, { event: 'error', payload });
    },
    complete: () => finish(0, { event: 'complete' }),
  },
);
