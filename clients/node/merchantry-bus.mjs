// Merchantry event-bus bridge client: Node 20+, no packages.
//
// Talks to a node's TCP event-bus bridge (`merchantry serve --bridge-port 7001`; on by default with `--demo`):
// frames of a 4-byte big-endian length and a UTF-8 JSON object, the protocol of Vert.x's TCP event-bus bridge.
// Every frame carries the shop's API key. See docs/event-bus.md for the addresses and their bodies.
//
//   import { MerchantryBus } from './merchantry-bus.mjs';
//   const bus = await new MerchantryBus(['localhost:7001'], { apiKey: 'mk_...' }).connect();
//   const reply = await bus.request('merchantry.recommend', { shop: 'demo', customer_id: 'c-00133', limit: 5 });
//   bus.subscribe('merchantry.price.changed', (body) => console.log('price', body.product_id, body.price));
//
// On a lost connection the client connects to the next host of the list (round robin, backing off up to 5 s),
// registers its subscriptions again, and rejects the requests that were waiting with a BusError (code 503).

import net from 'node:net';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';

const MAX_FRAME = 64 << 20;

/** A refused or failed request: `code` is the REST status code of the same failure (403, 404, 504, ...). */
export class BusError extends Error {
  constructor(code, message, address) {
    super(`${code}: ${message}`);
    this.code = code;
    this.busMessage = message;
    this.address = address;
  }
}

/** A connection to one of `hosts` ("host:port"); emits 'error' (refusals not tied to a request) and 'reconnect'. */
export class MerchantryBus extends EventEmitter {
  constructor(hosts, { apiKey, pingInterval = 30_000, connectTimeout = 5_000 } = {}) {
    super();
    this.hosts = (Array.isArray(hosts) ? hosts : [hosts]).map(parseHost);
    if (this.hosts.length === 0) throw new Error('hosts: give at least one host:port');
    if (!apiKey) throw new Error('apiKey is required');
    this.auth = `Bearer ${apiKey}`;
    this.pingInterval = pingInterval;
    this.connectTimeout = connectTimeout;
    this.nextHost = 0;
    this.pending = new Map();
    this.subscriptions = new Map();
    this.pongs = [];
    this.closed = false;
    this.socket = null;
    this.buffer = Buffer.alloc(0);
    // Without a listener an 'error' event would throw; report to stderr unless the caller listens.
    this.on('error', (e) => { if (this.listenerCount('error') === 1) console.error('merchantry bus:', e.message); });
  }

  /** Connects to the first reachable host (each tried once); rejects with BusError(503) if none answers. */
  async connect() {
    let last;
    for (let i = 0; i < this.hosts.length; i++) {
      try {
        await this.#open();
        if (this.pingInterval) {
          this.pinger = setInterval(() => this.ping(this.pingInterval).catch(() => {}), this.pingInterval);
          this.pinger.unref();
        }
        return this;
      } catch (e) {
        last = e;
      }
    }
    throw new BusError(503, `no bridge host reachable (${this.hosts.map((h) => `${h.host}:${h.port}`)}): ${last?.message}`);
  }

  #open() {
    const { host, port } = this.hosts[this.nextHost++ % this.hosts.length];
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port, noDelay: true });
      const timer = setTimeout(() => socket.destroy(new Error(`connect to ${host}:${port} timed out`)), this.connectTimeout);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        this.socket = socket;
        this.host = `${host}:${port}`; // the node this client is connected to
        this.buffer = Buffer.alloc(0);
        socket.on('data', (chunk) => this.#read(chunk));
        socket.on('error', () => {}); // 'close' follows and handles it
        socket.on('close', () => this.#lost(socket));
        for (const address of this.subscriptions.keys()) this.#write({ type: 'register', address });
        resolve();
      });
      socket.once('error', (e) => { clearTimeout(timer); reject(e); });
    });
  }

  async #lost(socket) {
    if (this.socket !== socket) return;
    this.socket = null;
    this.#failPending(new BusError(503, 'connection lost'));
    let delay = 100;
    while (!this.closed) {
      try {
        await this.#open();
        this.emit('reconnect', this.hosts[(this.nextHost - 1) % this.hosts.length]);
        return;
      } catch {
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(5_000, delay * 2);
      }
    }
  }

  close() {
    this.closed = true;
    clearInterval(this.pinger);
    this.#failPending(new BusError(503, 'client closed'));
    this.socket?.destroy();
    this.socket = null;
  }

  /** Sends `body` to `address` and resolves with the reply body; rejects with BusError on a refusal or failure. */
  request(address, body, timeout = 10_000) {
    const replyAddress = `merchantry.client.reply.${randomUUID()}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(replyAddress);
        reject(new BusError(504, `no reply from ${address} within ${timeout} ms`, address));
      }, timeout);
      this.pending.set(replyAddress, {
        resolve: (v) => { clearTimeout(timer); resolve(v); },
        reject: (e) => { clearTimeout(timer); reject(e); },
      });
      try {
        this.#write({ type: 'send', address, replyAddress, body });
      } catch (e) {
        this.pending.delete(replyAddress);
        clearTimeout(timer);
        reject(e);
      }
    });
  }

  /** Publishes `body`; the node refuses publishing from bridge clients today (an 'error' event). */
  publish(address, body) {
    this.#write({ type: 'publish', address, body });
  }

  /** Calls `handler(body)` for each notification of this key's shop on `address`. */
  subscribe(address, handler) {
    this.subscriptions.set(address, handler);
    this.#write({ type: 'register', address });
  }

  unsubscribe(address) {
    this.subscriptions.delete(address);
    this.#write({ type: 'unregister', address });
  }

  /** Round trip to the node in milliseconds. */
  ping(timeout = 5_000) {
    const start = performance.now();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new BusError(504, `no pong within ${timeout} ms`)), timeout);
      this.pongs.push(() => { clearTimeout(timer); resolve(performance.now() - start); });
      try {
        this.#write({ type: 'ping' }, false);
      } catch (e) {
        clearTimeout(timer);
        reject(e);
      }
    });
  }

  #write(frame, authenticate = true) {
    if (!this.socket) throw new BusError(503, 'not connected');
    if (authenticate) frame.headers = { ...(frame.headers || {}), authorization: this.auth };
    const data = Buffer.from(JSON.stringify(frame), 'utf8');
    const header = Buffer.alloc(4);
    header.writeUInt32BE(data.length, 0);
    this.socket.write(Buffer.concat([header, data]));
  }

  #read(chunk) {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    while (this.buffer.length >= 4) {
      const length = this.buffer.readUInt32BE(0);
      if (length > MAX_FRAME) {
        this.socket?.destroy(new Error(`frame of ${length} bytes from the node`));
        return;
      }
      if (this.buffer.length < 4 + length) return;
      const frame = JSON.parse(this.buffer.subarray(4, 4 + length).toString('utf8'));
      this.buffer = this.buffer.subarray(4 + length);
      this.#dispatch(frame);
    }
  }

  #dispatch(frame) {
    const { type, address } = frame;
    if (type === 'pong') {
      const waiters = this.pongs;
      this.pongs = [];
      waiters.forEach((w) => w());
      return;
    }
    const pending = address ? this.pending.get(address) : undefined;
    const handler = address ? this.subscriptions.get(address) : undefined;
    if (type === 'message') {
      if (pending) {
        this.pending.delete(address);
        pending.resolve(frame.body);
      } else if (handler) {
        try {
          handler(frame.body);
        } catch (e) {
          this.emit('error', new BusError(500, `handler for ${address} failed: ${e.message}`, address));
        }
      }
    } else if (type === 'err') {
      const error = new BusError(frame.failureCode, frame.message, frame.sourceAddress || address);
      if (pending) {
        this.pending.delete(address);
        pending.reject(error);
      } else {
        if (handler) this.subscriptions.delete(address); // a refused or ended subscription
        this.emit('error', error);
      }
    }
  }

  #failPending(error) {
    const pending = [...this.pending.values()];
    this.pending.clear();
    pending.forEach((p) => p.reject(error));
  }
}

function parseHost(h) {
  const i = h.lastIndexOf(':');
  return { host: h.slice(0, i) || 'localhost', port: Number(h.slice(i + 1)) };
}
