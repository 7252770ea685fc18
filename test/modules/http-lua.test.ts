// http end to end: Lua scripts calling http.get through WebhookTransformer, the bridge and
// the real http module (src/modules/http), against loopback servers, in both isolation modes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { WebhookTransformer, type TransformJob } from "../../src/webhook/index.js";
import { createHttpModule, type HttpModule, type HttpModuleConfig } from "../../src/modules/http/index.js";

const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
const meta = (config_id = "cfg_a") => ({ webhook_id: "01HZX", config_id, attempt: 0, max_attempts: 3, created_at: "2026-11-22T00:00:00Z" });

interface Upstream {
  port: number;
  connections: number;
  requests: http.IncomingMessage[];
  /** Bytes the /huge handler managed to write before the client stopped reading. */
  hugeWritten: number;
  /** Sockets of /hang requests that have closed. */
  hangClosed: number;
}

/** One loopback server with a route per behaviour (slow, huge, redirecting, erroring). */
async function upstream(): Promise<{ u: Upstream; server: http.Server }> {
  const u: Upstream = { port: 0, connections: 0, requests: [], hugeWritten: 0, hangClosed: 0 };
  const server = http.createServer((req, res) => {
    u.requests.push(req);
    const path = req.url ?? "/";
    if (path === "/bytes") {
      res.writeHead(200, { "Content-Type": "application/octet-stream", "X-Echo-Auth": req.headers.authorization ?? "none" });
      res.end(ALL_BYTES);
    } else if (path === "/json") {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end('{"token":"t-123"}');
    } else if (path.startsWith("/slow")) {
      setTimeout(() => res.end("slow"), Number(path.slice(6)) || 200);
    } else if (path === "/hang") {
      req.socket.on("close", () => u.hangClosed++);
    } else if (path === "/huge") {
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      const pump = () => {
        while (!res.destroyed && u.hugeWritten < 256 * 1024 * 1024 && res.write(chunk)) u.hugeWritten += chunk.length;
        if (!res.destroyed && u.hugeWritten < 256 * 1024 * 1024) res.once("drain", pump);
        else res.end();
      };
      pump();
    } else if (path === "/redirect") {
      res.writeHead(302, { Location: "/json" }).end();
    } else if (path === "/error") {
      res.writeHead(500, { "Content-Type": "text/plain" }).end("upstream broke");
    } else if (path === "/reset") {
      req.socket.destroy();
    } else {
      res.writeHead(404).end();
    }
  });
  server.on("connection", () => u.connections++);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  u.port = (server.address() as AddressInfo).port;
  return { u, server };
}

const HTTP: HttpModuleConfig = {
  allowedHosts: ["*"],
  httpTimeoutMs: 3_000,
  httpCacheEnabled: false,
  httpCacheTtlMs: 60_000,
  httpMaxResponseBytes: 10 * 1024 * 1024,
  httpAllowPrivateNetworks: true, // the upstream is on loopback; the guard has its own transformer below
  httpMaxRedirects: 0,
};

for (const isolation of ["inline", "process"] as const) {
  describe(`http.get from Lua (${isolation} isolation)`, () => {
    let t: WebhookTransformer;
    let guarded: WebhookTransformer;
    let httpModule: HttpModule;
    let up: { u: Upstream; server: http.Server };
    let base: string;

    beforeAll(async () => {
      up = await upstream();
      base = `http://127.0.0.1:${up.u.port}`;
      httpModule = createHttpModule(HTTP, { resolve: async (name) => (name === "api.test" ? [{ address: "127.0.0.1", family: 4 }] : []) });
      t = await WebhookTransformer.create({ isolation, logger: false, config: { enabled: true, poolSize: 2, timeoutMs: 500, memoryLimitMb: 6 }, modules: [httpModule] });
      guarded = await WebhookTransformer.create({
        isolation,
        logger: false,
        config: { enabled: true, poolSize: 1, timeoutMs: 500 },
        modules: [createHttpModule({ ...HTTP, httpAllowPrivateNetworks: false })],
      });
    });
    afterAll(async () => {
      await t?.dispose();
      await guarded?.dispose();
      up.server.closeAllConnections();
      await new Promise((r) => up.server.close(r));
    });

    const run = (source: string, job: Partial<TransformJob> = {}, tr = t) => tr.tryTransform({ script: { source }, payload: "p", metadata: meta(), ...job });

    it("gets {status_code, body, headers}; the body is binary-safe; request headers go upstream", async () => {
      const r = await run(`
        local r = http.get("${base}/bytes", { Authorization = "Bearer abc" })
        assert(r.status_code == 200, "status")
        assert(r.headers["content-type"] == "application/octet-stream", "content-type")
        assert(#r.body == 256, "length " .. #r.body)
        for i = 0, 255 do assert(r.body:byte(i + 1) == i, "byte " .. i) end
        request.body = r.headers["x-echo-auth"] .. "|" .. r.body`);
      expect(r.error).toBeUndefined();
      expect(r.request!.body.equals(Buffer.concat([Buffer.from("Bearer abc|"), ALL_BYTES]))).toBe(true);
    });

    it("works with json: a token fetched and used in the outgoing request", async () => {
      const r = await run(`
        local json = require("json")
        local tok = json.decode(http.get("http://api.test:${up.u.port}/json").body).token
        request.headers["Authorization"] = "Bearer " .. tok`);
      expect(r.error).toBeUndefined();
      expect(r.request!.headers.Authorization).toBe("Bearer t-123");
    });

    it("returns error statuses and (by default) redirects as responses", async () => {
      const r = await run(`
        local e = http.get("${base}/error")
        local m = http.get("${base}/redirect")
        request.body = e.status_code .. " " .. e.body .. " " .. m.status_code .. " " .. m.headers["location"]`);
      expect(r.error).toBeUndefined();
      expect(r.request!.body.toString()).toBe("500 upstream broke 302 /json");
    });

    it("a failure is a Lua error with the reason: pcall catches it", async () => {
      const r = await run(`
        local ok, e = pcall(http.get, "${base}/reset")
        local ok2, e2 = pcall(http.get, "ftp://example.com/")
        request.body = tostring(ok) .. "|" .. e .. "|" .. tostring(ok2) .. "|" .. e2`);
      expect(r.error).toBeUndefined();
      const parts = r.request!.body.toString().split("|");
      expect(parts[0]).toBe("false");
      expect(parts[1]).toMatch(/^http\.get: (connection to 127\.0\.0\.1:\d+ reset|request to 127\.0\.0\.1:\d+ failed: socket hang up)/);
      expect(parts.slice(2)).toEqual(["false", "http.get: scheme 'ftp' is not allowed (http and https only)"]);
    });

    it("uncaught, the run fails as script_module_http, retryable, with the line", async () => {
      const r = await run(`local x = 1\nlocal r = http.get("gopher://example.com/")`);
      expect(r.error).toMatchObject({
        type: "script_module_http",
        retryable: true,
        line: 2,
        message: "script.lua:2: http.get: scheme 'gopher' is not allowed (http and https only)",
      });
    });

    it("bad arguments fail the run as script_module_http, not retryable", async () => {
      const r = await run(`http.get(42)`);
      expect(r.error).toMatchObject({ type: "script_module_http", retryable: false, message: "script.lua:1: http.get: bad argument #1 (string expected, got number)" });
      const inj = await run(`http.get("${base}/bytes", { ["X-A"] = "v\\r\\nX-Injected: 1" })`);
      expect(inj.error).toMatchObject({ type: "script_module_http", retryable: false, message: expect.stringContaining("value contains CR, LF") });
    });

    it("the SSRF guard refuses internal addresses, and the upstream sees no connection", async () => {
      const before = up.u.connections;
      const r = await run(
        `local ok, e = pcall(http.get, "http://2130706433:${up.u.port}/bytes")
         request.body = e
         http.get("http://[::ffff:127.0.0.1]:${up.u.port}/bytes")`,
        {},
        guarded,
      );
      expect(r.error).toMatchObject({ type: "script_module_http", retryable: true, line: 3, message: expect.stringMatching(/http\.get: ::ffff:7f00:1 is a loopback address \(embedded in an IPv4-mapped IPv6 address\): refused/) });
      expect(up.u.connections).toBe(before);
    });

    it("a slow upstream past the script's timeout ends the run as script_timeout and is cancelled", async () => {
      const closedBefore = up.u.hangClosed;
      const t0 = performance.now();
      const r = await run(`local ok, e = pcall(http.get, "${base}/hang")\nrequest.body = "not reached"`);
      expect(r.error?.type).toBe("script_timeout");
      expect(performance.now() - t0).toBeLessThan(2500);
      await new Promise((res) => setTimeout(res, 100));
      expect(up.u.hangClosed).toBe(closedBefore + 1); // the upstream request was cancelled
    });

    it("a slow upstream within the timeout is waited for", async () => {
      const r = await run(`request.body = http.get("${base}/slow/100").body`);
      expect(r.error).toBeUndefined();
      expect(r.request!.body.toString()).toBe("slow");
    });

    it("a huge body is cut off at the script's memory, not downloaded whole", async () => {
      const r = await run(`local ok, e = pcall(http.get, "${base}/huge")\nrequest.body = e\nhttp.get("${base}/huge")`);
      expect(r.error).toMatchObject({ type: "script_module_http", line: 3, message: expect.stringMatching(/http\.get: response body .* exceeds the script's remaining memory \(\d+ bytes\)/) });
      expect(up.u.hugeWritten).toBeLessThan(64 * 1024 * 1024);
    });

    it("concurrent runs asking for the same URL share one upstream request", async () => {
      const before = up.u.requests.length;
      const statsBefore = httpModule.stats();
      // two runs (the pool has two isolates), two tenants, one upstream request
      const results = await Promise.all(["cfg_one", "cfg_two"].map((c) => run(`request.body = http.get("${base}/slow/150").body`, { metadata: meta(c) })));
      expect(results.map((r) => r.request?.body.toString())).toEqual(["slow", "slow"]);
      expect(up.u.requests.length - before).toBe(1);
      expect(httpModule.stats().singleflightJoins - statsBefore.singleflightJoins).toBe(1);
    });
  });
}
