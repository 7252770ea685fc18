// Developer tool: run a Lua file's generated code directly in this Node process (not in an
// isolate) so `node --cpu-prof scripts/profile-local.mjs FILE.lua` profiles the runtime and
// the emitted code. Needs `node scripts/build.mjs` first.
import { readFileSync } from "node:fs";
import vm from "node:vm";
import { compileLua } from "../dist/compile.js";

const file = process.argv[2];
vm.runInThisContext(readFileSync(new URL("../dist/runtime-bundle.js", import.meta.url), "utf8"), { filename: "moonbox-runtime.js" });
const chunk = compileLua(readFileSync(file), file);
vm.runInThisContext(chunk.code, { filename: chunk.id });
const t0 = performance.now();
const r = globalThis.$moonbox.run(chunk.id, {});
console.error(`${file}: ${(performance.now() - t0).toFixed(1)} ms`, r.error ?? "");
process.stdout.write(r.stdout);
