// The inspector endpoint: what Chrome DevTools and VS Code look for on a debug port.
//   GET /json/version        {"Browser", "Protocol-Version", "V8-Version", "webSocketDebuggerUrl"}
//   GET /json/list, /json    [{id, type: "node", title, url, devtoolsFrontendUrl, webSocketDebuggerUrl}]
//   WS  /<id>                the Chrome DevTools Protocol, relayed to an isolated-vm inspector session
// Off by default; listens on 127.0.0.1 unless a non-loopback host is explicitly allowed
// (whoever reaches the socket can run code in the isolate). Requests whose Host header is not
// an IP address or localhost are refused (DNS rebinding), as Node's own inspector does.
import { createServer, IncomingMessage, ServerResponse, Server } from "node:http";
import { randomUUID } from "node:crypto";
import { isIP } from "node:net";
import type { AddressInfo } from "node:net";
import { WebSocketServer, WebSocket } from "ws";
import type ivm from "isolated-vm";

export interface InspectorOptions {
  /** TCP port (default 9229; 0 picks a free one). */
  port?: number;
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** Required to listen on a non-loopback address: anyone who can connect can run code. */
  allowRemote?: boolean;
  /** Target title shown by chrome://inspect (default "moonbox"). */
  title?: string;
  /** Target URL shown by chrome://inspect (e.g. the Lua file). */
  url?: string;
}

interface Client {
  ws: WebSocket;
  session: ivm.InspectorSession;
  /** Client request ids not answered yet -> when sent (ms). */
  inflight: Map<number, number>;
  /** Our own requests (ids from KICK_BASE) -> what to do with the answer. */
  internal: Map<number, () => void>;
  /** Set once the client is being disconnected. */
  dropped?: Promise<void>;
}

/**
 * VS Code's js-debug, attaching to a Node target, evaluates `process.pid`, `.version` and
 * `.arch` in execution context 1 and retries while `process` is not defined (some versions
 * forever), then assigns to `process.env`. Context 1 is isolated-vm's default context, which
 * runs none of our code: it gets a `process` with the host's values and an empty `env`.
 */
const PROCESS_FOR_JS_DEBUG = `typeof process === "undefined" && Object.defineProperty(globalThis, "process", { value: Object.freeze({ pid: ${process.pid}, version: ${JSON.stringify(process.version)}, arch: ${JSON.stringify(process.arch)}, env: {} }) })`;

/** Ids of the server's own protocol messages (far above what DevTools or VS Code use). */
const KICK_BASE = 2_000_000_000;
/** An unanswered request older than this gets the paused isolate woken up again. */
const KICK_AFTER_MS = 25;

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);

export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host) || /^127\./.test(host) || host === "[::1]";
}

export class InspectorServer {
  readonly id = randomUUID();
  private isolate: ivm.Isolate | undefined;
  private clients = new Set<Client>();
  private waiting: { resolve: () => void }[] = [];
  private released = false;
  private attachWaiters: ((c: number) => void)[] = [];
  private kickSeq = KICK_BASE;
  private kickTimer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly http: Server,
    private readonly wss: WebSocketServer,
    readonly host: string,
    readonly port: number,
    private readonly opts: InspectorOptions,
  ) {}

  static async start(opts: InspectorOptions = {}): Promise<InspectorServer> {
    const host = opts.host ?? "127.0.0.1";
    if (!isLoopback(host) && !opts.allowRemote) {
      throw new Error(`moonbox inspector: refusing to listen on non-loopback address ${host} (set allowRemote to allow it)`);
    }
    const http = createServer();
    const wss = new WebSocketServer({ noServer: true, maxPayload: 256 * 1024 * 1024 });
    await new Promise<void>((resolve, reject) => {
      http.once("error", reject);
      http.listen(opts.port ?? 9229, host, () => {
        http.off("error", reject);
        resolve();
      });
    });
    const port = (http.address() as AddressInfo).port;
    const s = new InspectorServer(http, wss, host, port, opts);
    http.on("request", (req, res) => s.onRequest(req, res));
    http.on("upgrade", (req, socket, head) => {
      if (!s.hostAllowed(req) || (req.url ?? "").split("?")[0] !== `/${s.id}`) {
        socket.end("HTTP/1.1 400 Bad Request\r\n\r\n");
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => s.onConnection(ws));
    });
    return s;
  }

  /** host:port as it appears in URLs. */
  private get hostPort(): string {
    const h = this.host.includes(":") ? `[${this.host}]` : this.host;
    return `${h}:${this.port}`;
  }

  /** The WebSocket URL a CDP client connects to. */
  get webSocketUrl(): string {
    return `ws://${this.hostPort}/${this.id}`;
  }

  /** Paste into Chrome's address bar to open DevTools on this target. */
  get devtoolsUrl(): string {
    return `devtools://devtools/bundled/js_app.html?experiments=true&v8only=true&ws=${this.hostPort}/${this.id}`;
  }

  /** Debug this isolate (a replaced isolate's sessions are closed). */
  attach(isolate: ivm.Isolate): void {
    if (this.isolate === isolate) return;
    this.isolate = isolate;
    for (const c of this.clients) c.ws.close(1001, "isolate replaced");
  }

  /** Connected debugger sessions. */
  get sessions(): number {
    return this.clients.size;
  }

  /**
   * Resolves true once a debugger is attached and ready (it sent Runtime.runIfWaitingForDebugger,
   * as DevTools and VS Code do), false after `timeoutMs` (no timeout when undefined).
   */
  waitForDebugger(timeoutMs?: number): Promise<boolean> {
    if (this.released) return Promise.resolve(true);
    return new Promise((resolve) => {
      const w = {
        resolve: () => {
          if (timer) clearTimeout(timer);
          resolve(true);
        },
      };
      const timer =
        timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              this.waiting = this.waiting.filter((x) => x !== w);
              resolve(false);
            }, timeoutMs);
      this.waiting.push(w);
    });
  }

  /** Resolves when no debugger session is connected. */
  waitForDisconnect(): Promise<void> {
    if (this.clients.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.attachWaiters.push(() => resolve()));
  }

  /** Resume a paused isolate, disconnect every debugger and stop listening. */
  async close(): Promise<void> {
    await Promise.all([...this.clients].map((c) => this.drop(c)));
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
    if (this.kickTimer) clearInterval(this.kickTimer);
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  /**
   * isolated-vm can miss the wake-up for a message that arrives just as the isolate enters
   * (or goes round) its paused message loop: the message then waits in its queue until the
   * next one. A request unanswered for KICK_AFTER_MS gets a no-op message sent after it, which
   * wakes the loop and runs both (the no-op's error answer is not forwarded).
   */
  private kick(c: Client): void {
    const id = ++this.kickSeq;
    c.internal.set(id, () => undefined);
    try {
      c.session.dispatchProtocolMessage(JSON.stringify({ id, method: "Moonbox.wake" }));
    } catch {
      // the session is gone
    }
  }

  private watchInflight(): void {
    if (this.kickTimer) return;
    this.kickTimer = setInterval(() => {
      const now = Date.now();
      let any = false;
      for (const c of this.clients) {
        if (c.inflight.size === 0) continue;
        any = true;
        for (const t of c.inflight.values()) {
          if (now - t >= KICK_AFTER_MS) {
            this.kick(c);
            break;
          }
        }
      }
      if (!any && this.kickTimer) {
        clearInterval(this.kickTimer);
        this.kickTimer = undefined;
      }
    }, KICK_AFTER_MS);
    this.kickTimer.unref();
  }

  /** Our own request on a session (answered, or given up after `timeoutMs`). */
  private internalRequest(c: Client, method: string, timeoutMs: number, params?: object): Promise<void> {
    const id = ++this.kickSeq;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        c.inflight.delete(id);
        c.internal.delete(id);
        resolve();
      }, timeoutMs);
      c.internal.set(id, () => {
        clearTimeout(timer);
        resolve();
      });
      c.inflight.set(id, Date.now());
      this.watchInflight();
      try {
        c.session.dispatchProtocolMessage(JSON.stringify({ id, method, params }));
      } catch {
        clearTimeout(timer);
        resolve();
      }
    });
  }

  /** Disconnect a debugger: resume the isolate if it paused it, then end the session (at most once). */
  private drop(c: Client): Promise<void> {
    return (c.dropped ??= this.disconnect(c));
  }

  private async disconnect(c: Client): Promise<void> {
    await this.internalRequest(c, "Debugger.resume", 1000);
    // isolated-vm frees a session's channel at once but V8's side later, on the isolate's
    // thread: quiet every domain first so V8 sends nothing to a freed channel
    for (const m of ["Debugger.disable", "Runtime.disable", "Profiler.disable", "HeapProfiler.disable"]) await this.internalRequest(c, m, 1000);
    this.clients.delete(c);
    try {
      c.session.dispose();
    } catch {
      // the isolate is gone
    }
    if (this.clients.size === 0) for (const w of this.attachWaiters.splice(0)) w(0);
  }

  private hostAllowed(req: IncomingMessage): boolean {
    const h = req.headers.host;
    if (h === undefined) return true;
    const name = h.startsWith("[") ? h.slice(1, h.indexOf("]")) : h.replace(/:\d+$/, "");
    return name === "localhost" || isIP(name) !== 0 || (this.opts.allowRemote === true && name === this.host);
  }

  private target() {
    const ws = `${this.hostPort}/${this.id}`;
    return {
      description: "moonbox Lua isolate",
      devtoolsFrontendUrl: `devtools://devtools/bundled/js_app.html?experiments=true&v8only=true&ws=${ws}`,
      devtoolsFrontendUrlCompat: `devtools://devtools/bundled/inspector.html?experiments=true&v8only=true&ws=${ws}`,
      id: this.id,
      title: this.opts.title ?? "moonbox",
      type: "node",
      url: this.opts.url ?? "",
      webSocketDebuggerUrl: `ws://${ws}`,
    };
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const send = (status: number, body: unknown) => {
      const text = JSON.stringify(body, null, 2);
      res.writeHead(status, { "Content-Type": "application/json; charset=UTF-8", "Content-Length": Buffer.byteLength(text) });
      res.end(text);
    };
    if (!this.hostAllowed(req)) return send(400, { error: "Host header is not an IP address or localhost" });
    const path = (req.url ?? "/").split("?")[0].replace(/\/+$/, "");
    if (req.method !== "GET") return send(405, { error: "GET only" });
    switch (path) {
      case "/json/version":
        return send(200, { Browser: `moonbox/${process.version}`, "Protocol-Version": "1.3", "V8-Version": process.versions.v8, webSocketDebuggerUrl: `ws://${this.hostPort}/${this.id}` });
      case "/json":
      case "/json/list":
        return send(200, [this.target()]);
      default:
        return send(404, { error: "not found" });
    }
  }

  private onConnection(ws: WebSocket): void {
    const isolate = this.isolate;
    if (isolate === undefined || isolate.isDisposed) {
      ws.close(1011, "no isolate to debug");
      return;
    }
    const session = isolate.createInspectorSession();
    const client: Client = { ws, session, inflight: new Map(), internal: new Map() };
    this.clients.add(client);
    const forward = (msg: string) => {
      if (ws.readyState === WebSocket.OPEN) ws.send(msg);
    };
    session.onResponse = (id, msg) => {
      client.inflight.delete(id);
      const own = client.internal.get(id);
      if (own) {
        client.internal.delete(id);
        own();
      } else if (id < KICK_BASE) forward(msg);
    };
    session.onNotification = forward;
    // before any client message (the session handles them in order)
    void this.internalRequest(client, "Runtime.evaluate", 5000, { contextId: 1, expression: PROCESS_FOR_JS_DEBUG });
    const drop = () => void this.drop(client);
    ws.on("close", drop);
    ws.on("error", drop);
    ws.on("message", (data) => {
      const text = String(data);
      let msg: { id?: unknown; method?: unknown } | undefined;
      try {
        msg = JSON.parse(text);
      } catch {
        // not JSON: V8 answers with an error
      }
      if (!this.released && msg?.method === "Runtime.runIfWaitingForDebugger") {
        this.released = true;
        for (const w of this.waiting.splice(0)) w.resolve();
      }
      if (typeof msg?.id === "number" && msg.id < KICK_BASE) {
        client.inflight.set(msg.id, Date.now());
        this.watchInflight();
      }
      try {
        session.dispatchProtocolMessage(text);
      } catch {
        ws.close(1011, "inspector session closed");
      }
    });
  }
}
