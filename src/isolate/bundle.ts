// The runtime bundle text (built by scripts/build.mjs) and its content hash.
import { readFileSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

export interface RuntimeBundle {
  code: string;
  hash: string;
}

let cached: RuntimeBundle | undefined;

export function runtimeBundle(): RuntimeBundle {
  if (cached) return cached;
  const here = dirname(fileURLToPath(import.meta.url));
  // dist/isolate/bundle.js -> dist/; src/isolate/bundle.ts -> ../../dist/
  for (const dir of [join(here, ".."), join(here, "..", "..", "dist")]) {
    const file = join(dir, "runtime-bundle.js");
    if (existsSync(file)) {
      const meta = JSON.parse(readFileSync(join(dir, "runtime-bundle.json"), "utf8"));
      cached = { code: readFileSync(file, "utf8"), hash: meta.hash };
      return cached;
    }
  }
  throw new Error("moonbox: runtime bundle missing; run `npm run build`");
}
