/**
 * Test helper: the official y-websocket client (WebsocketProvider) over wss, trusting a given
 * certificate, optionally dialling from a chosen local address (to tell a client from its proxy
 * on loopback) and with extra request headers (to play a client that lies in X-Forwarded-For).
 */
import type { ClientRequestArgs } from 'node:http';
import { WebSocket, type ClientOptions } from 'ws';
import type * as Y from 'yjs';
import { providerClient, type TestClient } from './harness';

/** Also connects over plain ws (the TLS options are then unused). */
export interface WssClientOptions {
  /** Certificate(s) to trust for wss: the test's self-signed certificate. */
  ca?: Buffer;
  /** Local address to connect from, e.g. 127.0.0.2 (all of 127.0.0.0/8 is loopback on Linux). */
  localAddress?: string;
  headers?: Record<string, string>;
  /** Invite token; the caller signs it for the room. */
  token: string;
  doc?: Y.Doc;
}

/** A WebSocket class with fixed client options, in the shape WebsocketProvider constructs. */
function webSocketWith(options: ClientOptions & ClientRequestArgs): unknown {
  return class extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, options);
    }
  };
}

/** Connects to `serverUrl` (wss://host:port) and room `room`; reconnects by itself like any client. */
export function connectWssClient(serverUrl: string, room: string, options: WssClientOptions): TestClient {
  const WebSocketClass = webSocketWith({ ca: options.ca, localAddress: options.localAddress, headers: options.headers });
  return providerClient(serverUrl, room, options.token, WebSocketClass, options.doc);
}
