// The host side of the Lua http module (src/modules/http), against real loopback servers.
// No real DNS: names resolve through an injected resolver; the SSRF tests check that the
// internal server saw no connection at all (its 'connection' event), not just an error.
import { afterEach, describe, expect, it } from "vitest";
import http from "node:http";
import https from "node:https";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { createHttpModule, type HttpModule, type HttpModuleConfig, type HttpModuleOptions, type Resolver } from "../../src/modules/http/index.js";
import { checkAddress } from "../../src/modules/http/address.js";
import { ModuleError, type HostCallContext, type Plain } from "../../src/modules/host-module.js";

// ---------------------------------------------------------------- helpers

interface TestServer {
  port: number;
  host: string;
  /** TCP connections accepted (the 'connection' event). */
  connections: number;
  requests: http.IncomingMessage[];
  url(path?: string): string;
}

const servers: http.Server[] = [];
const modules: HttpModule[] = [];

afterEach(async () => {
  await Promise.all(modules.splice(0).map((m) => m.close?.()));
  await Promise.all(
    servers.splice(0).map(
      (s) =>
        new Promise<void>((resolve) => {
          s.closeAllConnections();
          s.close(() => resolve());
        }),
    ),
  );
});

async function serve(
  handler: (req: http.IncomingMessage, res: http.ServerResponse, s: TestServer) => void,
  opts: { host?: string; port?: number; tls?: { key: string; cert: string } } = {},
): Promise<TestServer> {
  const host = opts.host ?? "127.0.0.1";
  const t: TestServer = { port: 0, host, connections: 0, requests: [], url: (p = "/") => `${opts.tls ? "https" : "http"}://${host}:${t.port}${p}` };
  const listener = (req: http.IncomingMessage, res: http.ServerResponse) => {
    t.requests.push(req);
    handler(req, res, t);
  };
  const server = opts.tls ? https.createServer({ key: opts.tls.key, cert: opts.tls.cert }, listener) : http.createServer(listener);
  server.on(opts.tls ? "secureConnection" : "connection", () => t.connections++);
  if (opts.tls) server.on("connection", () => undefined);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, host, resolve));
  t.port = (server.address() as AddressInfo).port;
  return t;
}

const ok = (body: string | Buffer = "ok") => (_req: http.IncomingMessage, res: http.ServerResponse) => res.end(body);

const BASE: HttpModuleConfig = {
  allowedHosts: ["*"],
  httpTimeoutMs: 3_000,
  httpCacheEnabled: false,
  httpCacheTtlMs: 60_000,
  httpMaxResponseBytes: 10 * 1024 * 1024,
  httpAllowPrivateNetworks: true,
  httpMaxRedirects: 0,
};

function mod(config: Partial<HttpModuleConfig> = {}, options: HttpModuleOptions = {}): HttpModule {
  const m = createHttpModule({ ...BASE, ...config }, options);
  modules.push(m);
  return m;
}

/** A run's context; like the bridge, its signal aborts at the deadline (unless one is given). */
function ctx(o: { timeoutMs?: number; memory?: number; signal?: AbortSignal } = {}): HostCallContext {
  const timeoutMs = o.timeoutMs ?? 10_000;
  return {
    configId: "cfg_1",
    deadline: Date.now() + timeoutMs,
    signal: o.signal ?? AbortSignal.timeout(timeoutMs),
    memoryRemaining: o.memory ?? 64 * 1024 * 1024,
  };
}

interface Resp {
  status_code: number;
  body: string;
  headers: Record<string, string>;
}

function get(m: HttpModule, url: Plain, headers?: Plain, c: HostCallContext = ctx()): Promise<Resp> {
  const args: Plain[] = headers === undefined ? [url] : [url, headers];
  return m.functions.get(c, args) as Promise<unknown> as Promise<Resp>;
}

/** The ModuleError a call fails with (and that it is an http module error). */
async function failure(p: Promise<unknown>): Promise<ModuleError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ModuleError);
    expect((e as ModuleError).type).toBe("script_module_http");
    return e as ModuleError;
  }
  throw new Error("expected the call to fail");
}

/** A resolver from a table of names; counts calls per name. */
function resolver(table: Record<string, string[] | ((call: number) => string[])>): Resolver & { calls: Record<string, number> } {
  const calls: Record<string, number> = {};
  const r = async (name: string) => {
    calls[name] = (calls[name] ?? 0) + 1;
    const entry = table[name];
    if (entry === undefined) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: "ENOTFOUND" });
    const list = typeof entry === "function" ? entry(calls[name]) : entry;
    return list.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };
  return Object.assign(r, { calls });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- responses

describe("http.get responses", () => {
  it("exposes only get", () => {
    const m = mod();
    expect(m.name).toBe("http");
    expect(m.errorType).toBe("script_module_http");
    expect(Object.keys(m.functions)).toEqual(["get"]);
  });

  it("returns {status_code, body, headers} with lower-case names; repeats joined with ', ', set-cookie with newlines", async () => {
    const s = await serve((_req, res) => {
      res.statusCode = 201;
      res.setHeader("Content-Type", "application/json");
      res.setHeader("X-Multi", ["a", "b"]);
      res.setHeader("Set-Cookie", ["a=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT", "b=2"]);
      res.end('{"ok":true}');
    });
    const r = await get(mod(), s.url("/data?x=1"));
    expect(r.status_code).toBe(201);
    expect(r.body).toBe('{"ok":true}');
    expect(r.headers["content-type"]).toBe("application/json");
    expect(r.headers["x-multi"]).toBe("a, b");
    expect(r.headers["set-cookie"]).toBe("a=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT\nb=2");
    expect(Object.keys(r.headers).every((k) => k === k.toLowerCase())).toBe(true);
    expect(s.requests[0].url).toBe("/data?x=1");
  });

  it("is binary-safe: every byte value 0..255 arrives as one latin1 char", async () => {
    const bytes = Buffer.alloc(512, 0).map((_, i) => i % 256);
    const s = await serve(ok(bytes));
    const r = await get(mod(), s.url());
    expect(r.body.length).toBe(512);
    expect(Buffer.from(r.body, "latin1").equals(bytes)).toBe(true);
  });

  it("sends GET with the script's headers (bytes kept), a default User-Agent and no Accept-Encoding", async () => {
    const s = await serve(ok());
    const m = mod();
    await get(m, s.url(), { "X-Token": "abc", "X-Bytes": "caf\xe9" });
    const req = s.requests[0];
    expect(req.method).toBe("GET");
    expect(req.headers["x-token"]).toBe("abc");
    expect(req.headers["x-bytes"]).toBe("caf\xe9");
    expect(req.headers["user-agent"]).toBe("moonbox");
    expect(req.headers["accept-encoding"]).toBeUndefined();
    await get(m, s.url(), { "user-agent": "mine/1.0" });
    expect(s.requests[1].headers["user-agent"]).toBe("mine/1.0");
  });

  it("returns error statuses as responses, not failures", async () => {
    const s = await serve((req, res) => {
      res.statusCode = req.url === "/missing" ? 404 : 503;
      res.end("nope");
    });
    const m = mod();
    expect((await get(m, s.url("/missing"))).status_code).toBe(404);
    const r = await get(m, s.url("/down"));
    expect(r.status_code).toBe(503);
    expect(r.body).toBe("nope");
  });

  it("returns a 3xx as the response when redirects are off (the default)", async () => {
    const s = await serve((_req, res) => {
      res.writeHead(302, { Location: "/elsewhere" });
      res.end("moved");
    });
    const r = await get(mod(), s.url("/start"));
    expect(r.status_code).toBe(302);
    expect(r.headers.location).toBe("/elsewhere");
    expect(r.body).toBe("moved");
    expect(s.requests.length).toBe(1);
  });
});

// ---------------------------------------------------------------- arguments

describe("http.get arguments", () => {
  it.each<[string, Plain[], RegExp]>([
    ["url a number", [42], /^bad argument #1 \(string expected, got number\)$/],
    ["url nil", [null], /^bad argument #1 \(string expected, got nil\)$/],
    ["url a table", [{}], /^bad argument #1 \(string expected, got table\)$/],
    ["headers a string", ["http://127.0.0.1/", "x"], /^bad argument #2 \(table of header names to values expected, got string\)$/],
    ["headers a list", ["http://127.0.0.1/", ["a"]], /^bad argument #2 \(table of header names to values expected, got a list\)$/],
    ["a number header value", ["http://127.0.0.1/", { "X-N": 5 }], /^bad argument #2 \(header 'X-N': string expected, got number\)$/],
    ["a bad header name", ["http://127.0.0.1/", { "Bad Name": "x" }], /invalid header name "Bad Name"/],
    ["a colon in a header name", ["http://127.0.0.1/", { "X:Y": "x" }], /invalid header name/],
    ["a duplicate header", ["http://127.0.0.1/", { "X-A": "1", "x-a": "2" }], /header 'x-a' given twice/],
    ["a control character in the url", ["http://127.0.0.1/a\nb"], /url contains a control character/],
    ["an unparsable url", ["not a url"], /invalid URL 'not a url'/],
  ])("refuses %s", async (_what, args, message) => {
    const e = await failure(mod().functions.get(ctx(), args));
    expect(e.message).toMatch(message);
    expect(e.retryable).toBe(false); // a script bug: retrying the job cannot help
  });

  it.each(["Host", "content-length", "Transfer-Encoding", "Connection", "Upgrade", "TE"])("refuses the connection header %s", async (name) => {
    const s = await serve(ok());
    const e = await failure(get(mod(), s.url(), { [name]: "x" }));
    expect(e.message).toBe(`bad argument #2 (header '${name}' may not be set by scripts)`);
    expect(s.connections).toBe(0);
  });

  it.each(["v\r\nX-Injected: 1", "v\nX-Injected: 1", "v\r", "a\x00b"])("refuses CR/LF/NUL in a header value (%j) before connecting", async (value) => {
    const s = await serve(ok());
    const e = await failure(get(mod(), s.url(), { "X-A": value }));
    expect(e.message).toMatch(/header 'X-A': value contains CR, LF or another control character/);
    expect(s.connections).toBe(0);
  });

  it("accepts nil headers and an empty table (which may arrive as an empty list)", async () => {
    const s = await serve(ok());
    const m = mod();
    await get(m, s.url(), null);
    await get(m, s.url(), []);
    await get(m, s.url(), {});
    expect(s.requests.length).toBe(3);
  });
});

// ---------------------------------------------------------------- URL policy and allowlist

describe("URL policy", () => {
  it.each([
    ["ftp://127.0.0.1/x", "ftp"],
    ["file:///etc/passwd", "file"],
    ["gopher://127.0.0.1/", "gopher"],
    ["data:text/plain,hi", "data"],
    ["javascript:alert(1)", "javascript"],
    ["ws://127.0.0.1/", "ws"],
  ])("refuses the scheme of %s", async (url, scheme) => {
    const e = await failure(get(mod(), url));
    expect(e.message).toBe(`scheme '${scheme}' is not allowed (http and https only)`);
    expect(e.retryable).toBeUndefined(); // the spec's default for script_module_http: retryable
  });

  it.each(["http://user:pw@{h}/", "http://user@{h}/", "http://:pw@{h}/", "http://api.test@{h}/"])("refuses credentials in %s", async (pattern) => {
    const s = await serve(ok());
    const e = await failure(get(mod(), pattern.replace("{h}", `127.0.0.1:${s.port}`)));
    expect(e.message).toBe("credentials in the URL (user:password@) are not allowed");
    expect(s.connections).toBe(0);
  });

  describe("allowed_hosts", () => {
    async function setup() {
      const s = await serve(ok());
      const names = ["api.test", "x.api.test", "example.test", "a.example.test", "a.b.example.test", "ports.test", "evil.test", "api.test.evil.test"];
      const r = resolver(Object.fromEntries(names.map((n) => [n, ["127.0.0.1"]])));
      const m = mod({ allowedHosts: ["api.test", "*.example.test", `ports.test:${s.port}`] }, { resolve: r });
      return { s, m, p: s.port };
    }

    it.each([
      ["http://api.test:{p}/"],
      ["http://API.Test.:{p}/"], // checked after normalization: lower case, no trailing dot
      ["http://a.example.test:{p}/"],
      ["http://a.b.example.test:{p}/"], // wildcards match at any depth
      ["http://ports.test:{p}/"],
    ])("allows %s", async (u) => {
      const { s, m, p } = await setup();
      expect((await get(m, u.replace("{p}", String(p)))).body).toBe("ok");
      expect(s.requests.length).toBe(1);
    });

    it.each([
      ["http://x.api.test:{p}/", "x.api.test"], // an exact entry does not cover subdomains
      ["http://example.test:{p}/", "example.test"], // "*.example.test" is not the apex
      ["http://api.test.evil.test:{p}/", "api.test.evil.test"],
      ["http://evil.test:{p}#@api.test/", "evil.test"], // the URL as parsed, not as it reads
      ["http://evil.test:{p}\\@api.test/", "evil.test"],
      ["http://evil.test:{p}/?api.test", "evil.test"],
      ["http://127.0.0.1:{p}/", "127.0.0.1"],
      ["http://ports.test:1/", "ports.test"], // a port entry allows only that port
    ])("refuses %s", async (u, host) => {
      const { s, m, p } = await setup();
      const e = await failure(get(m, u.replace("{p}", String(p))));
      expect(e.message).toBe(`host '${host}' is not in allowed_hosts`);
      expect(s.connections).toBe(0);
    });

    it("reads non-ASCII URL bytes as UTF-8: an IDN host is matched in its punycode form", async () => {
      const s = await serve(ok("idn"));
      const m = mod({ allowedHosts: ["xn--mnchen-3ya.test"] }, { resolve: resolver({ "xn--mnchen-3ya.test": ["127.0.0.1"] }) });
      const utf8 = Buffer.from(`http://münchen.test:${s.port}/`, "utf8").toString("latin1"); // as Lua passes it
      expect((await get(m, utf8)).body).toBe("idn");
      const e = await failure(get(m, "http://m\xfcnchen.test/"));
      expect(e.message).toBe("bad argument #1 (url is not valid UTF-8)");
    });

    it("never matches an IP literal with a wildcard, and refuses everything when the list is empty", async () => {
      const s = await serve(ok());
      const e = await failure(get(mod({ allowedHosts: ["*.0.0.1"] }), s.url()));
      expect(e.message).toBe("host '127.0.0.1' is not in allowed_hosts");
      await failure(get(mod({ allowedHosts: [] }), s.url()));
      expect(s.connections).toBe(0);
    });
  });
});

// ---------------------------------------------------------------- SSRF guard

describe("SSRF guard (allowed_hosts '*', private networks not allowed)", () => {
  const guarded = (options: HttpModuleOptions = {}) => mod({ httpAllowPrivateNetworks: false }, options);

  it.each([
    ["http://127.0.0.1:{p}/", /127\.0\.0\.1 is a loopback address/],
    ["http://2130706433:{p}/", /127\.0\.0\.1 is a loopback address/], // decimal
    ["http://0x7f000001:{p}/", /loopback/], // hex
    ["http://0x7f.0.0.1:{p}/", /loopback/],
    ["http://0177.0.0.1:{p}/", /loopback/], // octal
    ["http://127.1:{p}/", /loopback/], // short form
    ["http://%31%32%37.0.0.1:{p}/", /loopback/], // percent-encoded
    ["http://0.0.0.0:{p}/", /0\.0\.0\.0 is an unspecified address/], // reaches localhost on Linux
    ["http://0:{p}/", /unspecified/],
    ["http://[::ffff:127.0.0.1]:{p}/", /loopback address \(embedded in an IPv4-mapped IPv6 address\)/],
    ["http://[::ffff:7f00:1]:{p}/", /IPv4-mapped/],
    ["http://[::1]:{p}/", /::1 is a loopback address/],
    ["http://[::]:{p}/", /unspecified/],
    ["http://[::127.0.0.1]:{p}/", /not a global unicast address/], // deprecated IPv4-compatible
    ["http://[64:ff9b::127.0.0.1]:{p}/", /loopback address \(embedded in an NAT64 IPv6 address\)/],
    ["http://[2002:7f00:1::1]:{p}/", /loopback address \(embedded in an 6to4 IPv6 address\)/],
  ])("refuses %s without connecting", async (u, reason) => {
    const s = await serve(ok());
    const e = await failure(get(guarded(), u.replace("{p}", String(s.port))));
    expect(e.message).toMatch(reason);
    expect(e.message).toMatch(/refused \(http_allow_private_networks is off\)$/);
    expect(s.connections).toBe(0);
  });

  it.each([
    ["127.0.0.1", /loopback/],
    ["127.0.0.2", /loopback/],
    ["::ffff:127.0.0.1", /IPv4-mapped/],
    ["0.0.0.0", /unspecified/],
    ["::", /unspecified/],
    ["10.1.2.3", /a private address/],
    ["172.16.0.1", /a private address/],
    ["192.168.1.1", /a private address/],
    ["100.64.0.1", /carrier-grade NAT/],
    ["169.254.169.254", /link-local/], // cloud metadata
    ["fe80::1", /link-local/],
    ["224.0.0.1", /multicast/],
    ["ff02::1", /multicast/],
    ["255.255.255.255", /broadcast/],
    ["fd00::1", /unique-local/],
    ["fec0::1", /site-local/],
    ["::ffff:10.0.0.1", /private address \(embedded in an IPv4-mapped/],
    ["64:ff9b::a9fe:a9fe", /link-local address \(embedded in an NAT64/],
    ["2002:a00:1::", /private address \(embedded in an 6to4/],
    ["2001:0:4136:e378:8000:63bf:3fff:fdd2", /Teredo/],
    ["192.0.2.10", /reserved/],
    ["240.0.0.1", /reserved/],
  ])("refuses a name resolving to %s without connecting", async (address, reason) => {
    const s = await serve(ok());
    const m = guarded({ resolve: resolver({ "internal.test": [address] }) });
    const e = await failure(get(m, `http://internal.test:${s.port}/`));
    expect(e.message).toMatch(new RegExp(`^'internal\\.test' resolves to [^,]+, `));
    expect(e.message).toMatch(reason);
    expect(s.connections).toBe(0);
  });

  it("refuses a name when any of its addresses is private (a public answer does not launder a private one)", async () => {
    const s = await serve(ok());
    const m = guarded({ resolve: resolver({ "mixed.test": ["8.8.8.8", "127.0.0.1"] }) });
    const e = await failure(get(m, `http://mixed.test:${s.port}/`));
    expect(e.message).toMatch(/'mixed\.test' resolves to 127\.0\.0\.1, a loopback address/);
    expect(s.connections).toBe(0);
  });

  it("refuses localhost through the default resolver", async () => {
    const s = await serve(ok());
    const e = await failure(get(guarded(), `http://localhost:${s.port}/`));
    expect(e.message).toMatch(/'localhost' resolves to (127\.0\.0\.1|::1), a loopback address/);
    expect(s.connections).toBe(0);
  });

  it("lets the same requests through when http_allow_private_networks is on", async () => {
    const s = await serve(ok());
    const m = mod({ httpAllowPrivateNetworks: true }, { resolve: resolver({ "internal.test": ["127.0.0.1"] }) });
    expect((await get(m, `http://2130706433:${s.port}/`)).body).toBe("ok");
    expect((await get(m, `http://internal.test:${s.port}/`)).body).toBe("ok");
    expect(s.connections).toBe(2);
  });

  it("allowAddresses lets one address through, nothing else", async () => {
    const s = await serve(ok(), { host: "127.0.0.2" });
    const m = guarded({ allowAddresses: ["127.0.0.2"] });
    expect((await get(m, s.url())).body).toBe("ok");
    await failure(get(m, `http://127.0.0.3:${s.port}/`));
  });

  it("reports DNS failures", async () => {
    const m = guarded({ resolve: resolver({}) });
    const e = await failure(get(m, "http://nx.test/"));
    expect(e.message).toBe("DNS lookup for 'nx.test' failed (ENOTFOUND)");
    const empty = await failure(get(guarded({ resolve: async () => [] }), "http://empty.test/"));
    expect(empty.message).toBe("DNS lookup for 'empty.test' returned no addresses");
  });
});

describe("address classification", () => {
  it.each([
    ["8.8.8.8", true],
    ["1.1.1.1", true],
    ["2606:4700:4700::1111", true],
    ["::ffff:8.8.8.8", true], // mapped forms are judged by the IPv4 inside
    ["64:ff9b::808:808", true], // NAT64 of a public address (DNS64 networks)
    ["2002:808:808::1", true],
    ["127.0.0.1", false],
    ["0x7f.1", false],
    ["2130706433", false],
    ["::ffff:0:127.0.0.1", false], // IPv4-translated
    ["64:ff9b:1::1", false], // local-use NAT64
    ["100::1", false], // discard-only
    ["2001:db8::1", false], // documentation
    ["4000::1", false], // outside global unicast
    ["not-an-ip", false],
  ])("%s is public: %s", (address, expected) => {
    expect(checkAddress(address, false).ok).toBe(expected);
  });

  it("connects to the canonical form, whatever notation the resolver used", () => {
    expect(checkAddress("0x7f.1", true)).toEqual({ ok: true, address: "127.0.0.1", family: 4 });
    expect(checkAddress("0:0:0:0:0:0:0:1", true)).toEqual({ ok: true, address: "::1", family: 6 });
  });
});

// ---------------------------------------------------------------- DNS pinning

describe("DNS pinning", () => {
  it("resolves once and connects to the checked address: a rebinding answer is never used", async () => {
    // "public" stands for an allowed upstream; "internal" listens on the same port on another
    // loopback address, where a second resolution of the name would point
    const pub = await serve(ok("public"), { host: "127.0.0.2" });
    const internal = await serve(ok("internal"), { host: "127.0.0.1", port: pub.port });
    const r = resolver({ "rebind.test": (call) => (call === 1 ? ["127.0.0.2"] : ["127.0.0.1"]) });
    const m = mod({ httpAllowPrivateNetworks: false }, { resolve: r, allowAddresses: ["127.0.0.2"] });
    const first = await get(m, `http://rebind.test:${pub.port}/`);
    expect(first.body).toBe("public");
    expect(r.calls["rebind.test"]).toBe(1);
    expect(pub.requests[0].headers.host).toBe(`rebind.test:${pub.port}`);
    // the next request resolves again, gets the internal address, and is refused
    const e = await failure(get(m, `http://rebind.test:${pub.port}/`));
    expect(e.message).toMatch(/'rebind\.test' resolves to 127\.0\.0\.1, a loopback address/);
    expect(r.calls["rebind.test"]).toBe(2);
    expect(internal.connections).toBe(0);
  });

  it("uses the injected resolver's answer for the connection (the system resolver never sees the name)", async () => {
    const s = await serve(ok());
    const r = resolver({ "pinned.invalid": ["127.0.0.1"] });
    const res = await get(mod({}, { resolve: r }), `http://pinned.invalid:${s.port}/`);
    expect(res.body).toBe("ok");
    expect(r.calls["pinned.invalid"]).toBe(1);
    expect(s.requests[0].headers.host).toBe(`pinned.invalid:${s.port}`);
  });
});

// ---------------------------------------------------------------- redirects

describe("redirects", () => {
  it("follows up to http_max_redirects hops, relative and absolute", async () => {
    const s = await serve((req, res, t) => {
      if (req.url === "/a") res.writeHead(301, { Location: "/b" }).end();
      else if (req.url === "/b") res.writeHead(307, { Location: `http://127.0.0.1:${t.port}/c` }).end();
      else res.end(`final ${req.url}`);
    });
    const r = await get(mod({ httpMaxRedirects: 2 }), s.url("/a"));
    expect(r.status_code).toBe(200);
    expect(r.body).toBe("final /c");
    expect(s.requests.map((q) => q.url)).toEqual(["/a", "/b", "/c"]);
  });

  it("stops at the cap with 'too many redirects (N)'", async () => {
    const s = await serve((req, res) => res.writeHead(302, { Location: `/r${Number(req.url!.slice(2) || 0) + 1}` }).end());
    const e = await failure(get(mod({ httpMaxRedirects: 3 }), s.url("/r0")));
    expect(e.message).toBe("too many redirects (3)");
    expect(s.requests.length).toBe(4);
  });

  it("keeps credentials on the same origin and drops them when the origin changes", async () => {
    const other = await serve(ok("other"));
    const s = await serve((req, res) => {
      if (req.url === "/same") res.writeHead(302, { Location: "/next" }).end();
      else if (req.url === "/next") res.writeHead(302, { Location: other.url("/x") }).end();
      else res.end();
    });
    const headers = { Authorization: "Bearer t", Cookie: "s=1", "X-Api-Key": "k", "X-Auth-Token": "t2", "Proxy-Authorization": "p", "X-Custom": "keep" };
    const r = await get(mod({ httpMaxRedirects: 5 }), s.url("/same"), headers);
    expect(r.body).toBe("other");
    expect(s.requests[1].headers.authorization).toBe("Bearer t"); // same origin
    const h = other.requests[0].headers;
    expect([h.authorization, h.cookie, h["x-api-key"], h["x-auth-token"], h["proxy-authorization"]]).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(h["x-custom"]).toBe("keep");
  });

  it("re-checks the scheme and the allowlist on every hop", async () => {
    const s = await serve((req, res) => {
      res.writeHead(302, { Location: req.url === "/ftp" ? "ftp://127.0.0.1/" : "http://elsewhere.test/" }).end();
    });
    const m = mod({ httpMaxRedirects: 3, allowedHosts: ["127.0.0.1"] });
    expect((await failure(get(m, s.url("/ftp")))).message).toBe("scheme 'ftp' is not allowed (http and https only)");
    expect((await failure(get(m, s.url("/host")))).message).toBe("host 'elsewhere.test' is not in allowed_hosts");
  });

  it("re-checks the SSRF guard on every hop: a redirect to an internal address never connects", async () => {
    const internal = await serve(ok("secret"));
    const pub = await serve(
      (req, res) => {
        const to = req.url === "/literal" ? `http://127.0.0.1:${internal.port}/` : req.url === "/mapped" ? `http://[::ffff:127.0.0.1]:${internal.port}/` : `http://internal.test:${internal.port}/`;
        res.writeHead(302, { Location: to }).end();
      },
      { host: "127.0.0.2" },
    );
    const m = mod({ httpMaxRedirects: 3, httpAllowPrivateNetworks: false }, { allowAddresses: ["127.0.0.2"], resolve: resolver({ "internal.test": ["127.0.0.1"] }) });
    for (const path of ["/literal", "/mapped", "/name"]) {
      const e = await failure(get(m, pub.url(path)));
      expect(e.message).toMatch(/loopback address/);
    }
    expect(pub.requests.length).toBe(3);
    expect(internal.connections).toBe(0);
  });
});

// ---------------------------------------------------------------- limits and failures

describe("limits and failures", () => {
  it("times out after http_timeout and closes the upstream connection", async () => {
    let closed = false;
    const s = await serve((req) => req.socket.on("close", () => (closed = true))); // never answers
    const t0 = Date.now();
    const e = await failure(get(mod({ httpTimeoutMs: 200 }), s.url("/slow")));
    expect(e.message).toBe(`request to 127.0.0.1:${s.port} timed out after 200ms (http_timeout)`);
    expect(e.retryable).toBeUndefined(); // retryable (the spec's default)
    expect(Date.now() - t0).toBeLessThan(1500);
    await sleep(50);
    expect(closed).toBe(true);
  });

  it("times out on a body that trickles past http_timeout", async () => {
    const s = await serve((_req, res) => {
      res.write("x");
      const t = setInterval(() => res.write("x"), 20);
      res.on("close", () => clearInterval(t));
    });
    const e = await failure(get(mod({ httpTimeoutMs: 200 }), s.url()));
    expect(e.message).toMatch(/timed out after 200ms \(http_timeout\)/);
  });

  it("gives up at the script's deadline when it comes before http_timeout, and cancels the upstream", async () => {
    let closed = false;
    const s = await serve((req) => req.socket.on("close", () => (closed = true)));
    const t0 = Date.now();
    const e = await failure(get(mod({ httpTimeoutMs: 5_000 }), s.url(), null, ctx({ timeoutMs: 150 })));
    expect(e.message).toBe("request abandoned: the script's time limit was reached");
    expect(Date.now() - t0).toBeLessThan(1000);
    await sleep(50);
    expect(closed).toBe(true);
  });

  it("gives up shortly after the deadline even if the signal never aborts (backstop)", async () => {
    const s = await serve(() => undefined);
    const t0 = Date.now();
    const e = await failure(get(mod(), s.url(), null, ctx({ timeoutMs: 100, signal: new AbortController().signal })));
    expect(e.message).toBe("request abandoned: the script's time limit was reached");
    expect(Date.now() - t0).toBeGreaterThanOrEqual(300); // deadline + 250 ms grace: never races the bridge's own reply
    expect(Date.now() - t0).toBeLessThan(1500);
  });

  it("gives up when the run's signal aborts", async () => {
    const s = await serve(() => undefined);
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const e = await failure(get(mod(), s.url(), null, ctx({ signal: ac.signal })));
    expect(e.message).toMatch(/time limit/);
    const late = await failure(get(mod(), s.url(), null, ctx({ signal: ac.signal })));
    expect(late.message).toBe("request not sent: the script's time limit was reached");
  });

  it("stops a huge download at http_max_response_mb instead of buffering it", async () => {
    let written = 0;
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const s = await serve((_req, res) => {
      const pump = () => {
        while (!res.destroyed && res.write(chunk)) {
          written += chunk.length;
          if (written > 512 * 1024 * 1024) return res.end(); // safety net: 512 MB
        }
        if (!res.destroyed) res.once("drain", pump);
      };
      pump();
    });
    const e = await failure(get(mod({ httpMaxResponseBytes: 1024 * 1024 }), s.url("/huge")));
    expect(e.message).toBe(`response body from 127.0.0.1:${s.port} exceeds 1048576 bytes (http_max_response_mb)`);
    expect(written).toBeLessThan(32 * 1024 * 1024); // stopped early (socket buffers allow some slack)
  });

  it("refuses a declared Content-Length over the cap before reading the body", async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { "Content-Length": String(50 * 1024 * 1024) });
      res.write("x");
    });
    const e = await failure(get(mod({ httpMaxResponseBytes: 1024 }), s.url()));
    expect(e.message).toMatch(/exceeds 1024 bytes \(http_max_response_mb\)/);
  });

  it("caps the body at the script's remaining memory when that is smaller", async () => {
    const s = await serve(ok(Buffer.alloc(200_000, 0x62)));
    const m = mod();
    const e = await failure(get(m, s.url(), null, ctx({ memory: 100_000 })));
    expect(e.message).toMatch(/exceeds the script's remaining memory \(100000 bytes\)/);
    expect((await get(m, s.url(), null, ctx({ memory: 200_000 }))).body.length).toBe(200_000); // exactly at the limit
  });

  it("reports a refused connection", async () => {
    const s = await serve(ok());
    const port = s.port;
    await new Promise<void>((r) => servers.pop()!.close(() => r()));
    const e = await failure(get(mod(), `http://127.0.0.1:${port}/`));
    expect(e.message).toBe(`connection to 127.0.0.1:${port} refused`);
    expect(e.retryable).toBeUndefined(); // retryable (the spec's default)
  });

  it("reports a connection dropped before the response or in the middle of the body", async () => {
    const s = await serve((req, res) => {
      if (req.url === "/reset") return req.socket.destroy();
      res.writeHead(200, { "Content-Length": "100" });
      res.write("partial");
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const m = mod();
    expect((await failure(get(m, s.url("/reset")))).message).toMatch(/^(connection to 127\.0\.0\.1:\d+ reset|request to 127\.0\.0\.1:\d+ failed: socket hang up)/);
    expect((await failure(get(m, s.url("/cut")))).message).toBe(`connection to 127.0.0.1:${s.port} closed before the response was complete`);
  });
});

// ---------------------------------------------------------------- cache and singleflight

describe("cache", () => {
  it("answers a repeated request from the cache when enabled", async () => {
    const s = await serve(ok("cached"));
    const m = mod({ httpCacheEnabled: true });
    expect((await get(m, s.url())).body).toBe("cached");
    expect((await get(m, s.url())).body).toBe("cached");
    expect(s.requests.length).toBe(1);
    expect(m.stats()).toEqual({ upstreamRequests: 1, cacheHits: 1, singleflightJoins: 0 });
  });

  it("keys on the request headers: another token is another entry; name case and order do not matter", async () => {
    const s = await serve((req, res) => res.end(`for ${req.headers.authorization}`));
    const m = mod({ httpCacheEnabled: true });
    expect((await get(m, s.url(), { Authorization: "Bearer A", "X-B": "1" })).body).toBe("for Bearer A");
    expect((await get(m, s.url(), { Authorization: "Bearer B", "X-B": "1" })).body).toBe("for Bearer B");
    expect((await get(m, s.url(), { "x-b": "1", authorization: "Bearer A" })).body).toBe("for Bearer A");
    expect((await get(m, s.url())).body).toBe("for undefined");
    expect(s.requests.length).toBe(3);
  });

  it("expires entries after http_cache_ttl", async () => {
    const s = await serve(ok());
    const m = mod({ httpCacheEnabled: true, httpCacheTtlMs: 100 });
    await get(m, s.url());
    await get(m, s.url());
    await sleep(150);
    await get(m, s.url());
    expect(s.requests.length).toBe(2);
  });

  it("does not cache when disabled, nor non-2xx, no-store/no-cache responses or failures", async () => {
    let n = 0;
    const s = await serve((req, res) => {
      n++;
      if (req.url === "/err") res.writeHead(500).end();
      else if (req.url === "/nostore") res.writeHead(200, { "Cache-Control": "private, no-store" }).end();
      else if (req.url === "/nocache") res.writeHead(200, { "Cache-Control": "no-cache" }).end();
      else if (req.url === "/redirect") res.writeHead(302, { Location: "/" }).end();
      else if (req.url === "/fail") req.socket.destroy();
      else res.end();
    });
    const off = mod({ httpCacheEnabled: false });
    await get(off, s.url());
    await get(off, s.url());
    expect(n).toBe(2);
    const on = mod({ httpCacheEnabled: true });
    for (const path of ["/err", "/nostore", "/nocache", "/redirect"]) {
      await get(on, s.url(path));
      await get(on, s.url(path));
    }
    await failure(get(on, s.url("/fail")));
    await failure(get(on, s.url("/fail")));
    expect(n).toBe(2 + 10);
    expect(on.stats().cacheHits).toBe(0);
  });

  it("returns a fresh table per call", async () => {
    const s = await serve(ok());
    const m = mod({ httpCacheEnabled: true });
    const a = await get(m, s.url());
    a.headers["x-mutated"] = "1";
    const b = await get(m, s.url());
    expect(b.headers["x-mutated"]).toBeUndefined();
  });

  it("checks a cached body against each caller's memory", async () => {
    const s = await serve(ok(Buffer.alloc(5000, 0x61)));
    const m = mod({ httpCacheEnabled: true });
    await get(m, s.url());
    const e = await failure(get(m, s.url(), null, ctx({ memory: 1000 })));
    expect(e.message).toMatch(/exceeds the script's remaining memory \(1000 bytes\)/);
  });
});

describe("singleflight", () => {
  const slow = (ms: number, body = "shared") => (_req: http.IncomingMessage, res: http.ServerResponse) => void setTimeout(() => res.end(body), ms);

  it.each([false, true])("shares one upstream request between concurrent identical calls (cache enabled: %s)", async (cache) => {
    const s = await serve(slow(150));
    const m = mod({ httpCacheEnabled: cache });
    const results = await Promise.all(Array.from({ length: 5 }, () => get(m, s.url(), { Authorization: "Bearer A" })));
    expect(results.map((r) => r.body)).toEqual(Array(5).fill("shared"));
    expect(s.requests.length).toBe(1);
    expect(m.stats()).toEqual({ upstreamRequests: 1, cacheHits: 0, singleflightJoins: 4 });
  });

  it("does not share between calls with different headers", async () => {
    const s = await serve(slow(50));
    const m = mod();
    await Promise.all([get(m, s.url(), { Authorization: "A" }), get(m, s.url(), { Authorization: "B" })]);
    expect(s.requests.length).toBe(2);
  });

  it("shares failures too", async () => {
    const s = await serve((req) => void setTimeout(() => req.socket.destroy(), 50));
    const m = mod();
    const errors = await Promise.all([failure(get(m, s.url())), failure(get(m, s.url()))]);
    expect(errors[0].message).toBe(errors[1].message);
    expect(s.connections).toBe(1);
  });

  it("a follower whose deadline passes gives up without cancelling the request for the others", async () => {
    const s = await serve(slow(300));
    const m = mod();
    const leader = get(m, s.url(), null, ctx({ timeoutMs: 5_000 }));
    const follower = failure(get(m, s.url(), null, ctx({ timeoutMs: 80 })));
    expect((await follower).message).toMatch(/time limit/);
    expect((await leader).body).toBe("shared");
    expect(s.requests.length).toBe(1);
  });

  it("the leader leaving does not cancel it either", async () => {
    const s = await serve(slow(300));
    const m = mod();
    const leader = failure(get(m, s.url(), null, ctx({ timeoutMs: 80 })));
    const follower = get(m, s.url(), null, ctx({ timeoutMs: 5_000 }));
    expect((await leader).message).toMatch(/time limit/);
    expect((await follower).body).toBe("shared");
    expect(s.requests.length).toBe(1);
  });

  it("cancels the upstream when the last waiter leaves; the next call starts afresh", async () => {
    let closed = 0;
    const s = await serve((req, res) => {
      req.socket.on("close", () => closed++);
      if (req.url === "/hang") return;
      res.end("fresh");
    });
    const m = mod();
    await Promise.all([failure(get(m, s.url("/hang"), null, ctx({ timeoutMs: 60 }))), failure(get(m, s.url("/hang"), null, ctx({ timeoutMs: 90 })))]);
    await sleep(50);
    expect(closed).toBe(1);
    expect(m.stats().upstreamRequests).toBe(1);
    await failure(get(m, s.url("/hang"), null, ctx({ timeoutMs: 30 })));
    expect(m.stats().upstreamRequests).toBe(2); // not joined to the abandoned one
  });

  it("a waiter with less memory gives up as the shared body outgrows it; the others get it", async () => {
    const s = await serve((_req, res) => {
      res.write(Buffer.alloc(3000, 0x61));
      setTimeout(() => res.end(Buffer.alloc(3000, 0x61)), 100);
    });
    const m = mod();
    const big = get(m, s.url(), null, ctx({ memory: 1_000_000 }));
    const small = failure(get(m, s.url(), null, ctx({ memory: 2000 })));
    expect((await small).message).toMatch(/remaining memory \(2000 bytes\)/);
    expect((await big).body.length).toBe(6000);
    expect(s.requests.length).toBe(1);
  });

  it("close() cancels requests in flight and refuses new ones", async () => {
    const s = await serve(() => undefined);
    const m = mod();
    const pending = failure(get(m, s.url()));
    await sleep(50);
    await m.close!();
    expect((await pending).message).toBe("the http module was closed");
    expect((await failure(get(m, s.url()))).message).toBe("the http module is closed");
  });
});

// ---------------------------------------------------------------- https

function makeCert(): { key: string; cert: string } | undefined {
  try {
    const dir = mkdtempSync(join(tmpdir(), "moonbox-http-"));
    try {
      execFileSync(
        "openssl",
        ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", "/CN=secure.test",
          "-addext", "subjectAltName=DNS:secure.test,IP:127.0.0.1", "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem")],
        { stdio: "ignore" },
      );
      return { key: readFileSync(join(dir, "key.pem"), "utf8"), cert: readFileSync(join(dir, "cert.pem"), "utf8") };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } catch {
    return undefined; // no openssl: the connection tests are skipped
  }
}

const CERT = makeCert();

describe.skipIf(CERT === undefined)("https", () => {
  const names = resolver({ "secure.test": ["127.0.0.1"], "other.test": ["127.0.0.1"] });

  it("connects with TLS, checking the certificate against the host name (not the pinned IP)", async () => {
    const s = await serve(ok("secret"), { tls: CERT });
    const m = mod({}, { resolve: names, tls: { ca: CERT!.cert } });
    const r = await get(m, `https://secure.test:${s.port}/`);
    expect(r.body).toBe("secret");
    const e = await failure(get(m, `https://other.test:${s.port}/`));
    expect(e.message).toMatch(new RegExp(`^TLS error with other\\.test:${s.port}: .*other\\.test`));
  });

  it("does not trust an unknown certificate", async () => {
    const s = await serve(ok(), { tls: CERT });
    const e = await failure(get(mod({}, { resolve: names }), `https://secure.test:${s.port}/`));
    expect(e.message).toMatch(/^TLS error with secure\.test:\d+: .*self[- ]signed/i);
  });

  it("drops credentials on a redirect from https to http (another origin)", async () => {
    const plain = await serve(ok("plain"));
    const s = await serve((_req, res) => res.writeHead(302, { Location: `http://secure.test:${plain.port}/` }).end(), { tls: CERT });
    const m = mod({ httpMaxRedirects: 1 }, { resolve: names, tls: { ca: CERT!.cert } });
    const r = await get(m, `https://secure.test:${s.port}/`, { Authorization: "Bearer x" });
    expect(r.body).toBe("plain");
    expect(s.requests[0].headers.authorization).toBe("Bearer x");
    expect(plain.requests[0].headers.authorization).toBeUndefined();
  });
});

describe("https scheme handling (no TLS server needed)", () => {
  it("applies the allowlist and the SSRF guard to https URLs before connecting", async () => {
    const s = await serve(ok());
    expect((await failure(get(mod({ allowedHosts: ["api.test"] }), `https://127.0.0.1:${s.port}/`))).message).toBe("host '127.0.0.1' is not in allowed_hosts");
    expect((await failure(get(mod({ httpAllowPrivateNetworks: false }), `https://127.0.0.1:${s.port}/`))).message).toMatch(/loopback/);
    expect(s.connections).toBe(0);
  });

  it("speaks TLS on https URLs (a plain HTTP server fails the handshake)", async () => {
    const s = await serve(ok());
    const e = await failure(get(mod(), `https://127.0.0.1:${s.port}/`));
    expect(e.message).toMatch(/127\.0\.0\.1/);
    expect(s.requests.length).toBe(0);
  });
});
