#!/usr/bin/env node
// Host-level micro-benchmark of crypto.decrypt_credential (no isolate, no Lua).
//
//   node bench/crypto.mjs [--runs N] [--iters N] [--bits 2048,3072,4096] [--size BYTES] [--json FILE]
//
// Per RSA key size: µs per call, the median over --runs runs of --iters calls each, of
//   - node:crypto       the same work done directly (RSA-OAEP-SHA256 unwrap + AES-256-GCM open),
//                       with base64url decoding: the floor
//   - module            createCryptoModule(...).functions.decrypt_credential (grant check,
//                       envelope parse, key lookup, decrypt, latin1 result)
//   - module + cache    the same with the plaintext cache on (same envelope every call: all hits)
//   - module x8 conc.   8 calls at a time (RSA on the libuv thread pool): µs per call, i.e.
//                       throughput; shows what WebCrypto's off-loop RSA buys on several cores
//   - seal              making an envelope (RSA public encrypt + AES-GCM), for reference
// Run on an idle machine; the runs of the variants are interleaved.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { constants, createDecipheriv, generateKeyPairSync, privateDecrypt, randomBytes } from "node:crypto";

const argv0 = process.execArgv;
const hasTsx = argv0.some((a, i) => a === "--import=tsx" || (a === "--import" && argv0[i + 1] === "tsx"));
if (!hasTsx) {
  const r = spawnSync(process.execPath, ["--import", "tsx", ...argv0, fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: "inherit" });
  process.exit(r.status ?? 1);
}

const { createCryptoModule, sealCredential } = await import("../src/modules/crypto/index.ts");

function opt(name, def) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
}
const RUNS = Number(opt("runs", 7));
const ITERS = Math.max(8, Math.round(Number(opt("iters", 200)) / 8) * 8);
const BITS = String(opt("bits", "2048,3072,4096")).split(",").map(Number);
const SIZE = Number(opt("size", 64));
const JSON_OUT = opt("json", undefined);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** The reference: what decrypt_credential has to do, straight on node:crypto. */
function nodeOpen(privateKey, keyName, envelope) {
  const [, w, n, c, t] = envelope.split(".");
  const dataKey = privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" }, Buffer.from(w, "base64url"));
  const d = createDecipheriv("aes-256-gcm", dataKey, Buffer.from(n, "base64url"), { authTagLength: 16 });
  d.setAAD(Buffer.from(`mbx1:${keyName}`));
  d.setAuthTag(Buffer.from(t, "base64url"));
  return Buffer.concat([d.update(Buffer.from(c, "base64url")), d.final()]);
}

const ctx = { configId: "cfg_bench", deadline: Infinity, signal: new AbortController().signal, memoryRemaining: 1e9 };
const results = [];
console.log(`crypto.decrypt_credential, ${SIZE}-byte plaintext, median of ${RUNS} runs x ${ITERS} calls; node ${process.version}, ${cpus()[0]?.model ?? "?"} x${cpus().length}, load ${loadavg()[0].toFixed(2)}`);
for (const bits of BITS) {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: bits });
  const pem = privateKey.export({ type: "pkcs8", format: "pem" });
  const config = { credentialKeys: { bench: { pemEnv: "BENCH_PEM", configs: ["cfg_*"] } } };
  const plain = randomBytes(SIZE);
  const envelope = sealCredential(publicKey, "bench", plain);
  const plainText = plain.toString("latin1");
  const mod = createCryptoModule(config, { env: { BENCH_PEM: pem } });
  const cached = createCryptoModule(config, { env: { BENCH_PEM: pem }, cache: { ttlMs: 60_000 } });

  const variants = {
    "node:crypto": async () => nodeOpen(privateKey, "bench", envelope),
    module: () => mod.functions.decrypt_credential(ctx, ["bench", envelope]),
    "module + cache": () => cached.functions.decrypt_credential(ctx, ["bench", envelope]),
    // RSA runs on the libuv pool (WebCrypto): concurrent calls overlap, the event loop stays free
    "module x8 conc.": () => Promise.all(Array.from({ length: 8 }, () => mod.functions.decrypt_credential(ctx, ["bench", envelope]))),
    seal: async () => sealCredential(publicKey, "bench", plain),
  };
  // check, and warm up (loads the keys)
  if (nodeOpen(privateKey, "bench", envelope).toString("latin1") !== plainText) throw new Error("reference decrypt mismatch");
  for (const f of [variants.module, variants["module + cache"]]) if ((await f()) !== plainText) throw new Error("module decrypt mismatch");
  for (const f of Object.values(variants)) for (let i = 0; i < 10; i++) await f();

  const times = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
  for (let r = 0; r < RUNS; r++) {
    for (const [name, f] of Object.entries(variants)) {
      const t0 = performance.now();
      const n = name.includes("x8") ? ITERS / 8 : ITERS;
      for (let i = 0; i < n; i++) await f();
      times[name].push(((performance.now() - t0) * 1000) / ITERS);
    }
  }
  const row = { bits, envelopeChars: envelope.length };
  for (const [name, xs] of Object.entries(times)) row[name] = { medianUs: median(xs), runsUs: xs };
  results.push(row);
  const ref = row["node:crypto"].medianUs;
  console.log(`\nRSA-${bits} (envelope ${envelope.length} chars)`);
  for (const name of Object.keys(variants)) {
    const m = row[name].medianUs;
    console.log(`  ${name.padEnd(16)} ${m.toFixed(1).padStart(9)} µs/call   ${(m / ref).toFixed(2)}x node:crypto   (runs: ${row[name].runsUs.map((x) => x.toFixed(0)).join(" ")})`);
  }
  await mod.close();
  await cached.close();
}
if (JSON_OUT) writeFileSync(JSON_OUT, JSON.stringify({ runs: RUNS, iters: ITERS, size: SIZE, results }, null, 2) + "\n");
