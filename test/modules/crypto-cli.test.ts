// `moonbox credential keygen|encrypt|decrypt` end to end: the real src/cli.ts main() in a
// child process (from the sources through tsx, so no build is needed).
import { describe, it, expect } from "vitest";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPrivateKey } from "node:crypto";
import { createCryptoModule } from "../../src/modules/crypto/index.js";

const TSX_IMPORT = new URL("../../node_modules/tsx/dist/loader.mjs", import.meta.url).href;
const CLI = new URL("../../src/cli.ts", import.meta.url).href;
const MAIN = `const { main } = await import(${JSON.stringify(CLI)}); process.exitCode = await main(process.argv.slice(1));`;
/** Runs main() once per argv in one process (stdout/stderr captured per run): many cheap cases, one start-up. */
const BATCH = `const { main } = await import(${JSON.stringify(CLI)});
const out = [];
for (const argv of JSON.parse(process.argv[1])) {
  let stdout = "", stderr = "";
  const o = process.stdout.write, e = process.stderr.write;
  process.stdout.write = (s) => ((stdout += s), true);
  process.stderr.write = (s) => ((stderr += s), true);
  let code;
  try { code = await main(argv); } finally { process.stdout.write = o; process.stderr.write = e; }
  out.push({ code, stdout, stderr });
}
process.stdout.write(JSON.stringify(out));`;
const dir = mkdtempSync(join(tmpdir(), "moonbox-credential-"));
const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

function moonbox(args: string[], opts: { input?: Buffer | string; env?: NodeJS.ProcessEnv; script?: string } = {}): Promise<{ code: number | null; stdout: Buffer; stderr: string }> {
  const child = spawn(process.execPath, ["--no-node-snapshot", "--import", TSX_IMPORT, "--input-type=module", "-e", opts.script ?? MAIN, "--", ...args], {
    cwd: dir,
    env: { ...process.env, ...opts.env },
    timeout: 60_000,
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on("data", (b: Buffer) => out.push(b));
  child.stderr.on("data", (b: Buffer) => err.push(b));
  child.stdin.end(opts.input ?? "");
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString() }));
  });
}

describe("moonbox credential", () => {
  it("keygen writes a 0600 private key and a public key; encrypt/decrypt round-trip; the engine opens the envelope", async () => {
    const k = await moonbox(["credential", "keygen", "--out", "billing", "--bits", "2048"]);
    expect(k.stderr).toBe("");
    expect(k.code).toBe(0);
    expect(k.stdout.toString()).toBe("wrote billing.pem (private, 2048-bit RSA) and billing.pub.pem (public)\n");
    expect(statSync(join(dir, "billing.pem")).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, "billing.pub.pem"), "utf8")).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(createPrivateKey(readFileSync(join(dir, "billing.pem"))).asymmetricKeyDetails?.modulusLength).toBe(2048);

    // --value (UTF-8 text)
    const e1 = await moonbox(["credential", "encrypt", "--public-key", "billing.pub.pem", "--key-name", "billing", "--value", "tok_✓"]);
    expect(e1.code).toBe(0);
    const env1 = e1.stdout.toString();
    expect(env1).toMatch(/^mbx1\.[A-Za-z0-9_.-]+\n$/);
    // stdin bytes, binary
    const e2 = await moonbox(["credential", "encrypt", "--public-key", "billing.pub.pem", "--key-name", "billing"], { input: ALL_BYTES });
    expect(e2.code).toBe(0);
    const env2 = e2.stdout.toString().trim();

    const d1 = await moonbox(["credential", "decrypt", "--private-key", "billing.pem", "--key-name", "billing", env1.trim()]);
    expect(d1).toMatchObject({ code: 0, stderr: "" });
    expect(d1.stdout.toString("utf8")).toBe("tok_✓");
    const d2 = await moonbox(["credential", "decrypt", "--private-key", "billing.pem", "--key-name", "billing"], { input: env2 + "\n" });
    expect(d2.code).toBe(0);
    expect(d2.stdout.equals(ALL_BYTES)).toBe(true);

    // what the CLI makes, the engine's crypto module opens
    const m = createCryptoModule({ credentialKeys: { billing: { pemFile: join(dir, "billing.pem"), configs: ["*"] } } });
    const ctx = { configId: "cfg", deadline: Date.now() + 1000, signal: new AbortController().signal, memoryRemaining: 1e9 };
    expect(await m.functions.decrypt_credential(ctx, ["billing", env2])).toBe(ALL_BYTES.toString("latin1"));

    // wrong key name / tampered: exit 1 with the reason, no plaintext
    const bad = await moonbox(["credential", "decrypt", "--private-key", "billing.pem", "--key-name", "other", env1.trim()]);
    expect(bad).toMatchObject({ code: 1, stderr: "moonbox credential decrypt: decryption failed (wrong key or tampered envelope)\n" });
    expect(bad.stdout.length).toBe(0);
    const trunc = await moonbox(["credential", "decrypt", "--private-key", "billing.pem", "--key-name", "billing", env1.slice(0, 50)]);
    expect(trunc).toMatchObject({ code: 1, stderr: "moonbox credential decrypt: malformed envelope: expected 5 dot-separated parts, got 2\n" });

    // keygen does not overwrite without --force
    const again = await moonbox(["credential", "keygen", "--out", "billing", "--bits", "2048"]);
    expect(again).toMatchObject({ code: 1, stderr: "moonbox credential keygen: billing.pem exists (use --force to overwrite)\n" });
  });

  it("keygen --passphrase-env encrypts the private key; decrypt --passphrase-env opens it", async () => {
    const env = { MB_TEST_PASS: "correct horse" };
    expect((await moonbox(["credential", "keygen", "--out", "enc", "--bits", "2048", "--passphrase-env", "MB_TEST_PASS"], { env })).code).toBe(0);
    expect(readFileSync(join(dir, "enc.pem"), "utf8")).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----/);
    const e = (await moonbox(["credential", "encrypt", "--public-key", "enc.pub.pem", "--key-name", "k"], { input: "pw-protected" })).stdout.toString().trim();
    const d = await moonbox(["credential", "decrypt", "--private-key", "enc.pem", "--key-name", "k", "--passphrase-env", "MB_TEST_PASS", e], { env });
    expect(d.stdout.toString()).toBe("pw-protected");
    const nopass = await moonbox(["credential", "decrypt", "--private-key", "enc.pem", "--key-name", "k", e]);
    expect(nopass.code).toBe(1);
    expect(nopass.stderr).toMatch(/^moonbox credential decrypt: --private-key: enc\.pem is not a usable key PEM/);
  });

  it("--help for each command; usage errors exit 1", async () => {
    const many = async (argvs: string[][]) => {
      const r = await moonbox([JSON.stringify(argvs)], { script: BATCH });
      expect(r.stderr).toBe("");
      return JSON.parse(r.stdout.toString()) as { code: number; stdout: string; stderr: string }[];
    };
    const cmds = ["keygen", "encrypt", "decrypt"];
    const [top, cred, ...helps] = await many([["--help"], ["credential", "--help"], ...cmds.map((c) => ["credential", c, "--help"])]);
    expect(top.stdout).toContain("credential keygen|encrypt|decrypt");
    expect(cred).toMatchObject({ code: 0, stdout: expect.stringMatching(/^usage: moonbox credential <keygen\|encrypt\|decrypt>/) });
    cmds.forEach((cmd, i) => {
      expect(helps[i].code).toBe(0);
      expect(helps[i].stdout).toMatch(new RegExp(`^usage: moonbox credential ${cmd} `));
    });
    const usage: [string[], RegExp][] = [
      [["credential"], /^usage: moonbox credential/],
      [["credential", "frobnicate"], /^moonbox credential: unknown command 'frobnicate'/],
      [["credential", "keygen"], /^moonbox credential keygen: missing --out NAME\nusage: moonbox credential keygen/],
      [["credential", "keygen", "--out", "x", "--bits", "1024"], /^moonbox credential keygen: --bits: expected a multiple of 8 from 2048 to 16384, got '1024'/],
      [["credential", "encrypt", "--key-name", "k"], /^moonbox credential encrypt: missing --public-key FILE/],
      [["credential", "encrypt", "--public-key", "billing.pub.pem"], /^moonbox credential encrypt: missing --key-name NAME/],
      [["credential", "encrypt", "--public-key", "billing.pub.pem", "--key-name", "bad name"], /^moonbox credential encrypt: --key-name: 'bad name' is not a valid key name/],
      [["credential", "encrypt", "--public-key", "nope.pem", "--key-name", "k", "--value", "v"], /^moonbox credential encrypt: --public-key: cannot read nope\.pem: ENOENT/],
      [["credential", "encrypt", "--bogus"], /^moonbox credential encrypt: Unknown option '--bogus'/],
      [["credential", "decrypt", "--key-name", "k", "x"], /^moonbox credential decrypt: missing --private-key FILE/],
      [["credential", "keygen", "--out", "x", "--passphrase-env", "MB_UNSET_VAR_X"], /^moonbox credential keygen: --passphrase-env: environment variable MB_UNSET_VAR_X is not set/],
    ];
    const results = await many(usage.map(([args]) => args));
    usage.forEach(([args, re], i) => {
      expect(results[i].code, args.join(" ")).toBe(1);
      expect(results[i].stderr).toMatch(re);
    });
  });
});
