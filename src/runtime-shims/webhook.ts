// The webhook transform entry point inside the isolate (see src/webhook for the host side).
// Filled in by the webhook-transform work; registers `entries.transform`.
export {};
