// Structured logs (pino) for engine events and script output. The Engine logs to a pino
// logger given in its options:
//   info  "engine started"        {isolation, poolSize, memoryLimitMb}
//   debug "run ok"                {script, durationMs, instructions, heapBytes}
//   info  "run failed"            {script, errorType, message, line, retryable}
//   warn  "isolate restarted"     {restarts}
//   info  "inspector listening"   {url, devtools}
//   info  "script output"         {script, stream: "stdout", line}   (logScriptOutput: true)
import pino, { type Logger, type LoggerOptions, type DestinationStream } from "pino";

export type { Logger };

/** A pino logger named "moonbox" (JSON lines on stdout unless a destination is given). */
export function createLogger(opts: LoggerOptions = {}, destination?: DestinationStream): Logger {
  const o: LoggerOptions = { name: "moonbox", ...opts };
  return destination ? pino(o, destination) : pino(o);
}

/** One log record per line a script printed (bytes shown as UTF-8 when valid). */
export function logScriptOutput(logger: Logger, script: string, output: string, stream = "stdout"): void {
  if (output === "" || !logger.isLevelEnabled("info")) return;
  const lines = (output.endsWith("\n") ? output.slice(0, -1) : output).split("\n");
  for (const bytes of lines) {
    const buf = Buffer.from(bytes, "latin1");
    const text = buf.toString("utf8");
    logger.info({ script, stream, line: Buffer.from(text, "utf8").equals(buf) ? text : bytes }, "script output");
  }
}
