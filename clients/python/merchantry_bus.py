"""Merchantry event-bus bridge client: Python 3.8+, standard library only.

Talks to a node's TCP event-bus bridge (``merchantry serve --bridge-port 7001``; on by default with ``--demo``):
frames of a 4-byte big-endian length and a UTF-8 JSON object, the protocol of Vert.x's TCP event-bus bridge.
Every frame carries the shop's API key. See docs/event-bus.md for the addresses and their bodies.

    from merchantry_bus import MerchantryBus

    with MerchantryBus(["localhost:7001"], api_key="mk_...") as bus:
        reply = bus.request("merchantry.recommend", {"shop": "demo", "customer_id": "c-00133", "limit": 5})
        bus.subscribe("merchantry.price.changed", lambda body: print("price", body["product_id"], body["price"]))

On a lost connection the client connects to the next host of the list (round robin, backing off up to 5 s),
registers its subscriptions again, and fails the requests that were waiting with ``BusError(code=503)``.
"""

import json
import socket
import struct
import sys
import threading
import time
import uuid

__all__ = ["MerchantryBus", "BusError"]

_MAX_FRAME = 64 << 20


class BusError(Exception):
    """A refused or failed request: ``code`` is the REST status code of the same failure (403, 404, 504, ...)."""

    def __init__(self, code, message, address=None):
        super().__init__("%s: %s" % (code, message))
        self.code = code
        self.message = message
        self.address = address


class _Pending:
    __slots__ = ("event", "reply", "error")

    def __init__(self):
        self.event = threading.Event()
        self.reply = None
        self.error = None


class MerchantryBus:
    """A connection to one of ``hosts`` ("host:port" strings or (host, port) tuples)."""

    def __init__(self, hosts, api_key, ping_interval=30.0, connect_timeout=5.0, on_error=None):
        if isinstance(hosts, str):
            hosts = [hosts]
        self._hosts = [self._parse(h) for h in hosts]
        if not self._hosts:
            raise ValueError("hosts: give at least one host:port")
        self._auth = "Bearer " + api_key
        self._ping_interval = ping_interval
        self._connect_timeout = connect_timeout
        self._on_error = on_error or (lambda err: print("merchantry bus: %s" % err, file=sys.stderr))
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._sock = None
        self._next_host = 0
        self._pending = {}
        self._subscriptions = {}
        self._pongs = []
        self._closed = False
        self._connected = threading.Event()
        self._reader = None
        self._pinger = None
        self.host = None  # "host:port" of the node this client is connected to

    @staticmethod
    def _parse(host):
        if isinstance(host, tuple):
            return host
        name, _, port = host.rpartition(":")
        return (name or "localhost", int(port))

    # -- connection -------------------------------------------------------------------------------------------

    def connect(self):
        """Connects to the first reachable host (trying each once); raises ``BusError(503)`` if none answers."""
        last = None
        for _ in range(len(self._hosts)):
            try:
                self._open()
                break
            except OSError as e:
                last = e
        else:
            raise BusError(503, "no bridge host reachable (%s): %s" % (self._hosts, last))
        self._reader = threading.Thread(target=self._read_loop, name="merchantry-bus-reader", daemon=True)
        self._reader.start()
        if self._ping_interval:
            self._pinger = threading.Thread(target=self._ping_loop, name="merchantry-bus-ping", daemon=True)
            self._pinger.start()
        return self

    def _open(self):
        host = self._hosts[self._next_host % len(self._hosts)]
        self._next_host += 1
        sock = socket.create_connection(host, timeout=self._connect_timeout)
        sock.settimeout(None)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with self._lock:
            self._sock = sock
            self.host = "%s:%d" % host
            subscriptions = list(self._subscriptions)
        for address in subscriptions:
            self._write({"type": "register", "address": address})
        self._connected.set()

    def _reconnect(self):
        self._connected.clear()
        delay = 0.1
        while not self._closed:
            try:
                self._open()
                return True
            except OSError:
                time.sleep(delay)
                delay = min(5.0, delay * 2)
        return False

    def close(self):
        self._closed = True
        with self._lock:
            sock, self._sock = self._sock, None
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()
        self._fail_pending(BusError(503, "client closed"))

    def __enter__(self):
        return self.connect()

    def __exit__(self, *exc):
        self.close()

    # -- API ----------------------------------------------------------------------------------------------------

    def request(self, address, body, timeout=10.0):
        """Sends ``body`` to ``address`` and returns the reply body; raises ``BusError`` on a refusal or failure."""
        reply_address = "merchantry.client.reply." + uuid.uuid4().hex
        pending = _Pending()
        with self._lock:
            self._pending[reply_address] = pending
        try:
            self._write({"type": "send", "address": address, "replyAddress": reply_address, "body": body})
            if not pending.event.wait(timeout):
                raise BusError(504, "no reply from %s within %.1f s" % (address, timeout), address)
        finally:
            with self._lock:
                self._pending.pop(reply_address, None)
        if pending.error is not None:
            raise pending.error
        return pending.reply

    def publish(self, address, body):
        """Publishes ``body``; the node refuses publishing from bridge clients today (an err frame, see on_error)."""
        self._write({"type": "publish", "address": address, "body": body})

    def subscribe(self, address, handler):
        """Calls ``handler(body)`` (on the reader thread) for each notification of this key's shop on ``address``."""
        with self._lock:
            self._subscriptions[address] = handler
        self._write({"type": "register", "address": address})

    def unsubscribe(self, address):
        with self._lock:
            self._subscriptions.pop(address, None)
        self._write({"type": "unregister", "address": address})

    def ping(self, timeout=5.0):
        """Round trip to the node in seconds; raises ``BusError(504)`` without a pong in time."""
        waiter = threading.Event()
        with self._lock:
            self._pongs.append(waiter)
        start = time.monotonic()
        self._write({"type": "ping"}, authenticate=False)
        if not waiter.wait(timeout):
            raise BusError(504, "no pong within %.1f s" % timeout)
        return time.monotonic() - start

    # -- frames -------------------------------------------------------------------------------------------------

    def _write(self, frame, authenticate=True):
        if authenticate:
            frame.setdefault("headers", {})["authorization"] = self._auth
        data = json.dumps(frame, separators=(",", ":")).encode("utf-8")
        if not self._connected.wait(self._connect_timeout * max(1, len(self._hosts))):
            raise BusError(503, "not connected to any bridge host")
        with self._write_lock:
            sock = self._sock
            if sock is None:
                raise BusError(503, "not connected")
            try:
                sock.sendall(struct.pack(">I", len(data)) + data)
            except OSError as e:
                raise BusError(503, "connection lost while sending: %s" % e)

    def _read_exact(self, sock, n):
        chunks = []
        while n > 0:
            chunk = sock.recv(min(n, 1 << 16))
            if not chunk:
                raise ConnectionError("connection closed by the node")
            chunks.append(chunk)
            n -= len(chunk)
        return b"".join(chunks)

    def _read_loop(self):
        while not self._closed:
            sock = self._sock
            try:
                if sock is None:
                    raise ConnectionError("not connected")
                (length,) = struct.unpack(">I", self._read_exact(sock, 4))
                if length > _MAX_FRAME:
                    raise ConnectionError("frame of %d bytes from the node" % length)
                frame = json.loads(self._read_exact(sock, length).decode("utf-8"))
            except (OSError, ConnectionError, ValueError) as e:
                if self._closed:
                    return
                self._fail_pending(BusError(503, "connection lost: %s" % e))
                try:
                    sock and sock.close()
                except OSError:
                    pass
                if not self._reconnect():
                    return
                continue
            self._dispatch(frame)

    def _dispatch(self, frame):
        kind = frame.get("type")
        address = frame.get("address")
        if kind == "pong":
            with self._lock:
                waiters, self._pongs = self._pongs, []
            for waiter in waiters:
                waiter.set()
            return
        with self._lock:
            pending = self._pending.get(address) if address else None
            handler = self._subscriptions.get(address) if address else None
        if kind == "message":
            if pending is not None:
                pending.reply = frame.get("body")
                pending.event.set()
            elif handler is not None:
                try:
                    handler(frame.get("body"))
                except Exception as e:  # a failing handler must not stop the reader
                    self._on_error(BusError(500, "handler for %s failed: %r" % (address, e), address))
        elif kind == "err":
            error = BusError(frame.get("failureCode"), frame.get("message"), frame.get("sourceAddress") or address)
            if pending is not None:
                pending.error = error
                pending.event.set()
            else:
                if handler is not None:  # a refused or ended subscription
                    with self._lock:
                        self._subscriptions.pop(address, None)
                self._on_error(error)

    def _fail_pending(self, error):
        with self._lock:
            pending, self._pending = list(self._pending.values()), {}
        for p in pending:
            p.error = error
            p.event.set()

    def _ping_loop(self):
        while not self._closed:
            time.sleep(self._ping_interval)
            if self._closed:
                return
            try:
                self.ping(timeout=self._ping_interval)
            except BusError:
                pass  # the reader notices a dead connection and reconnects
