import { Client, cacheExchange, fetchExchange, subscriptionExchange } from 'urql';
import { createClient as createSocketClient, type Client as SocketClient } from 'graphql-ws';

/** The socket for live updates: signed in by the session cookie, retried for good when the connection drops. */
export function createSocket(onUnauthorised: () => void): SocketClient {
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return createSocketClient({
    url: `${scheme}://${window.location.host}/graphql`,
    lazy: true,
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
    // Back off from 0.5 s to 5 s: a restarted api is found again within seconds.
    retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, Math.min(5000, 500 * 2 ** Math.min(retries, 4)))),
    on: {
      closed: (event) => {
        if ((event as CloseEvent | undefined)?.code === 4403) onUnauthorised();
      },
    },
  });
}

/** urql over our own /graphql: the cookie authorises it, queries refetch when a mutation returns their types. */
export function createGraphQLClient(socket: SocketClient, onUnauthorised: () => void): Client {
  return new Client({
    url: '/graphql',
    fetchOptions: () => ({ credentials: 'same-origin', headers: { accept: 'application/graphql-response+json, application/json' } }),
    requestPolicy: 'cache-and-network',
    exchanges: [
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query || '' };
          return {
            subscribe(sink) {
              const dispose = socket.subscribe(input, sink);
              return { unsubscribe: dispose };
            },
          };
        },
      }),
    ],
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      if (response.status === 401) onUnauthorised();
      return response;
    },
  });
}
