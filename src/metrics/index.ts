// Metrics (Prometheus, prom-client) and structured logs (pino).
export { MoonboxMetrics, serveMetrics } from "./metrics.js";
export type { MetricsOptions, RunObservation, PoolLike, MetricsServer, MetricsServerOptions } from "./metrics.js";
export { createLogger, logScriptOutput } from "./log.js";
export type { Logger } from "./log.js";
