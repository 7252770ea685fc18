// The one error type the host sees. `type` decides retry or dead-letter, exactly as the
// webhook spec's table says; classification never parses text a script controls.

export const SCRIPT_ERROR_TYPES = [
  "script_not_found",
  "script_syntax_error",
  "script_runtime_error",
  "script_timeout",
  "script_memory_limit",
  "script_module_kv",
  "script_module_http",
  "script_module_crypto",
  "script_invalid_output",
  "script_disabled",
] as const;

export type ScriptErrorType = (typeof SCRIPT_ERROR_TYPES)[number];

const RETRYABLE: Record<ScriptErrorType, boolean> = {
  script_not_found: false,
  script_syntax_error: false,
  script_runtime_error: false,
  script_timeout: false,
  script_memory_limit: false,
  script_module_kv: true,
  script_module_http: true,
  script_module_crypto: false,
  script_invalid_output: false,
  script_disabled: false,
};

export class ScriptError extends Error {
  readonly retryable: boolean;
  constructor(
    readonly type: ScriptErrorType,
    message: string,
    readonly line?: number,
    readonly luaTraceback?: string,
    retryable?: boolean,
  ) {
    super(message);
    this.name = "ScriptError";
    this.retryable = retryable ?? RETRYABLE[type];
  }

  toJSON(): { type: ScriptErrorType; retryable: boolean; message: string; line: number | null } {
    return { type: this.type, retryable: this.retryable, message: this.message, line: this.line ?? null };
  }
}

/** Exit codes of the CLI, one per error type (0 = ok, 1 = usage / internal). */
export const EXIT_CODES: Record<ScriptErrorType, number> = {
  script_not_found: 10,
  script_syntax_error: 11,
  script_runtime_error: 12,
  script_timeout: 13,
  script_memory_limit: 14,
  script_module_kv: 15,
  script_module_http: 16,
  script_module_crypto: 17,
  script_invalid_output: 18,
  script_disabled: 19,
};
