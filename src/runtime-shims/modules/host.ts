// The host-backed modules of the webhook spec. Their functions live on the host
// (src/modules/http, kv, crypto), where all policy is enforced; inside the isolate each is a
// thin function that passes plain arguments over the bridge (registry.ts hostCall).
import { defineHostModule } from "./registry.js";

defineHostModule("http", ["get"], "script_module_http");
defineHostModule("kv", ["get", "set", "del"], "script_module_kv");
defineHostModule("crypto", ["decrypt_credential"], "script_module_crypto");
