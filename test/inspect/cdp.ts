// A minimal Chrome DevTools Protocol client over a WebSocket, for tests.
import { WebSocket } from "ws";

export class Cdp {
  private seq = 0;
  private pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  private events: any[] = [];
  private listeners: { method: string; pred: (p: any) => boolean; resolve: (p: any) => void }[] = [];

  private constructor(private readonly ws: WebSocket) {
    ws.on("message", (data) => {
      const m = JSON.parse(String(data));
      if (m.id !== undefined) {
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        if (m.error) p?.reject(new Error(`${m.error.code}: ${m.error.message}`));
        else p?.resolve(m.result);
        return;
      }
      const i = this.listeners.findIndex((l) => l.method === m.method && l.pred(m.params));
      if (i >= 0) this.listeners.splice(i, 1)[0].resolve(m.params);
      else this.events.push(m);
    });
  }

  static connect(url: string): Promise<Cdp> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.once("open", () => resolve(new Cdp(ws)));
      ws.once("error", reject);
    });
  }

  send(method: string, params: Record<string, unknown> = {}): Promise<any> {
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }

  /** The next (or an already received) event `method` whose params satisfy `pred`. */
  event(method: string, pred: (p: any) => boolean = () => true, timeoutMs = 20_000): Promise<any> {
    const i = this.events.findIndex((e) => e.method === method && pred(e.params));
    if (i >= 0) return Promise.resolve(this.events.splice(i, 1)[0].params);
    return new Promise((resolve, reject) => {
      const l = { method, pred, resolve: (p: any) => (clearTimeout(t), resolve(p)) };
      const t = setTimeout(() => {
        this.listeners = this.listeners.filter((x) => x !== l);
        reject(new Error(`timed out waiting for ${method}`));
      }, timeoutMs);
      this.listeners.push(l);
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.ws.readyState === WebSocket.CLOSED) return resolve();
      this.ws.once("close", () => resolve());
      this.ws.close();
    });
  }
}
