// crypto.decrypt_credential from Lua, through WebhookTransformer and the host-module bridge,
// in both isolation modes (crypto.test.ts covers the module itself).
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { generateKeyPairSync, type KeyObject } from "node:crypto";
import { WebhookTransformer, type TransformJob } from "../../src/webhook/index.js";
import { createCryptoModule, sealCredential } from "../../src/modules/crypto/index.js";

const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
const meta = (config_id = "cfg_a") => ({ webhook_id: "01HZX", config_id, attempt: 0, max_attempts: 3, created_at: "2026-11-22T00:00:00Z" });

let pub: KeyObject;
let pem: string;
beforeAll(() => {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  pub = publicKey;
  pem = privateKey.export({ type: "pkcs8", format: "pem" }) as string;
});

for (const isolation of ["inline", "process"] as const) {
  describe(`crypto.decrypt_credential from Lua (${isolation} isolation)`, () => {
    let t: WebhookTransformer;
    beforeAll(async () => {
      const crypto = createCryptoModule(
        {
          credentialKeys: {
            billing: { pemEnv: "BILLING_PEM", configs: ["cfg_a", "team_*"] },
            missing: { pemFile: "/nonexistent/moonbox-test.pem", configs: ["*"] },
          },
        },
        { env: { BILLING_PEM: pem } },
      );
      t = await WebhookTransformer.create({ isolation, logger: false, config: { enabled: true, poolSize: 1, timeoutMs: 2000 }, modules: [crypto] });
    });
    afterAll(() => t.dispose());

    const run = (source: string, job: Partial<TransformJob> = {}) => t.tryTransform({ script: { source }, payload: "", metadata: meta(), ...job });

    it("decrypts a credential for a granted config", async () => {
      const env = sealCredential(pub, "billing", Buffer.from("sk_live_123"));
      const r = await run(`request.headers["Authorization"] = "Bearer " .. crypto.decrypt_credential("billing", payload)`, { payload: env });
      expect(r.error).toBeUndefined();
      expect(r.request!.headers["Authorization"]).toBe("Bearer sk_live_123");
      // a prefix grant, and require("crypto") works as well as the global
      const p = await run(`request.body = require("crypto").decrypt_credential("billing", payload)`, { payload: env, metadata: meta("team_red") });
      expect(p.request!.body.toString()).toBe("sk_live_123");
    });

    it("binary plaintext arrives as the exact bytes", async () => {
      const env = sealCredential(pub, "billing", ALL_BYTES);
      const r = await run(`local s = crypto.decrypt_credential("billing", payload)
        assert(#s == 256)
        for i = 0, 255 do assert(s:byte(i + 1) == i) end
        request.body = s`, { payload: env });
      expect(r.error).toBeUndefined();
      expect(r.request!.body.equals(ALL_BYTES)).toBe(true);
      const e = await run(`request.body = "[" .. crypto.decrypt_credential("billing", payload) .. "]"`, { payload: sealCredential(pub, "billing", Buffer.alloc(0)) });
      expect(e.request!.body.toString()).toBe("[]");
    });

    it("an ungranted key ends the run as script_module_crypto, not retryable, with the Lua line", async () => {
      const env = sealCredential(pub, "billing", Buffer.from("secret"));
      const r = await run(`local a = 1\nlocal tok = crypto.decrypt_credential("billing", payload)\nrequest.body = tok`, { payload: env, metadata: meta("cfg_b") });
      expect(r.error).toMatchObject({
        type: "script_module_crypto",
        retryable: false,
        line: 2,
        message: "script.lua:2: crypto.decrypt_credential: key 'billing' is not available to this config",
      });
      // an unknown key name reads the same
      const u = await run(`crypto.decrypt_credential("nope", payload)`, { payload: env });
      expect(u.error).toMatchObject({ type: "script_module_crypto", retryable: false, message: "script.lua:1: crypto.decrypt_credential: key 'nope' is not available to this config" });
    });

    it("pcall catches crypto errors", async () => {
      const env = sealCredential(pub, "billing", Buffer.from("secret"));
      const parts = env.split(".");
      parts[3] = Buffer.from("tampered").toString("base64url");
      const r = await run(
        `local ok1, e1 = pcall(crypto.decrypt_credential, "billing", payload)
         local ok2, e2 = pcall(crypto.decrypt_credential, "billing", "mbx1.short")
         request.body = tostring(ok1) .. "|" .. e1 .. "|" .. tostring(ok2) .. "|" .. e2`,
        { payload: parts.join(".") },
      );
      expect(r.error).toBeUndefined();
      expect(r.request!.body.toString()).toBe(
        "false|crypto.decrypt_credential: decryption failed (wrong key or tampered envelope)|false|crypto.decrypt_credential: malformed envelope: expected 5 dot-separated parts, got 2",
      );
    });

    it("a key store that cannot be read is the retryable case", async () => {
      const r = await run(`crypto.decrypt_credential("missing", payload)`, { payload: sealCredential(pub, "missing", Buffer.from("x")) });
      expect(r.error).toMatchObject({ type: "script_module_crypto", retryable: true, message: "script.lua:1: crypto.decrypt_credential: key 'missing' is temporarily unavailable (key store not readable)" });
    });
  });
}
