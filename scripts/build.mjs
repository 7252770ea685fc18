// Build: bundle the runtime shims into one script for the isolates (esbuild), then
// compile the host TypeScript (tsc) into dist/.
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";

const root = new URL("..", import.meta.url).pathname;
const out = await build({
  entryPoints: [root + "src/runtime-shims/index.ts"],
  bundle: true,
  format: "iife",
  target: "es2022",
  platform: "neutral",
  write: false,
  minify: false,
  legalComments: "none",
});
const code = out.outputFiles[0].text;
const hash = createHash("sha256").update(code).digest("hex").slice(0, 16);
mkdirSync(root + "dist", { recursive: true });
// The runtime text and its content hash; the hash is part of every compiled-script cache key.
writeFileSync(root + "dist/runtime-bundle.js", code);
writeFileSync(root + "dist/runtime-bundle.json", JSON.stringify({ hash, bytes: code.length }) + "\n");
if (!process.argv.includes("--bundle-only")) {
  execFileSync(process.execPath, [root + "node_modules/typescript/bin/tsc", "-p", root + "tsconfig.json"], { stdio: "inherit" });
}
console.error(`moonbox: runtime bundle ${code.length} bytes (${hash})`);
