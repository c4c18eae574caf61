// Callaro's GraphiQL: queries and mutations over HTTP POST, subscriptions over graphql-transport-ws.
// The API key comes from GraphiQL's Headers editor ({"Authorization": "Bearer <key>"}); it goes with every
// HTTP request and, for subscriptions, in connection_init's payload. Nothing here is loaded from the internet.
(function () {
  'use strict';

  var root = document.getElementById('graphiql');
  var endpoint = new URL(document.body.getAttribute('data-endpoint') || '/graphql', window.location.href);
  var socketUrl = endpoint.href.replace(/^http/, 'ws');
  var sockets = { authorization: null, client: null };

  function header(headers, name) {
    if (!headers) return undefined;
    var wanted = name.toLowerCase();
    for (var key in headers) {
      if (Object.prototype.hasOwnProperty.call(headers, key) && key.toLowerCase() === wanted) return headers[key];
    }
    return undefined;
  }

  // The operation type of the operation GraphiQL is about to run: comments and strings are skipped first.
  function operationType(query, operationName) {
    var text = String(query || '')
      .replace(/"""[\s\S]*?"""/g, '""')
      .replace(/"(?:[^"\\\n]|\\.)*"/g, '""')
      .replace(/#[^\n\r]*/g, '');
    var pattern = /(^|[\s,}])(query|mutation|subscription)\b\s*([_A-Za-z][_0-9A-Za-z]*)?/g;
    var match;
    var first = null;
    while ((match = pattern.exec(text)) !== null) {
      if (first === null) first = match[2];
      if (operationName && match[3] === operationName) return match[2];
    }
    return first || 'query';
  }

  function socketClient(authorization) {
    if (sockets.client && sockets.authorization === authorization) return sockets.client;
    if (sockets.client) sockets.client.dispose();
    sockets.authorization = authorization;
    sockets.client = graphqlWs.createClient({
      url: socketUrl,
      lazy: true,
      retryAttempts: 0,
      connectionParams: function () {
        return authorization ? { authorization: authorization } : {};
      },
    });
    return sockets.client;
  }

  function describe(error) {
    if (Array.isArray(error)) return { errors: error };
    if (error && typeof error.code === 'number') {
      var hint = error.code === 4403 ? ' Put your key in the Headers tab: {"Authorization": "Bearer <key>"}.' : '';
      return { errors: [{ message: 'The WebSocket closed (' + error.code + (error.reason ? ': ' + error.reason : '') + ').' + hint }] };
    }
    return { errors: [{ message: (error && error.message) || String(error) }] };
  }

  function fetcher(params, options) {
    var headers = Object.assign({}, options && options.headers);
    if (operationType(params.query, params.operationName) === 'subscription') {
      var client = socketClient(header(headers, 'authorization') || null);
      return {
        subscribe: function (observer) {
          var sink = typeof observer === 'function' ? { next: observer } : observer;
          var dispose = client.subscribe(params, {
            next: function (value) { if (sink.next) sink.next(value); },
            error: function (error) {
              if (sink.next) sink.next(describe(error));
              if (sink.complete) sink.complete();
            },
            complete: function () { if (sink.complete) sink.complete(); },
          });
          return { unsubscribe: dispose };
        },
      };
    }

    var request = Object.assign({ 'Content-Type': 'application/json', Accept: 'application/graphql-response+json, application/json' }, headers);
    return fetch(endpoint.href, { method: 'POST', headers: request, body: JSON.stringify(params), credentials: 'omit' })
      .then(function (response) {
        return response.text().then(function (text) {
          try {
            return JSON.parse(text);
          } catch (e) {
            return { errors: [{ message: 'HTTP ' + response.status + ': ' + text.slice(0, 500) }] };
          }
        });
      });
  }

  var defaultQuery = [
    '# Callaro GraphQL',
    '# 1. Put your API key in the Headers tab below:',
    '#      {"Authorization": "Bearer <key>"}',
    '# 2. Re-fetch the schema (the circular arrow, bottom left).',
    '# 3. Run (Ctrl-Enter). Subscriptions run over a WebSocket.',
    '',
    'query Me {',
    '  viewer { orgId userId roles }',
    '}',
    '',
  ].join('\n');

  ReactDOM.createRoot(root).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: defaultQuery,
      defaultHeaders: '{\n  "Authorization": "Bearer "\n}',
      defaultEditorToolsVisibility: 'headers',
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false,
    })
  );
})();
