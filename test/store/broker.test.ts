// scripts/kafka/broker.sh: idempotent start, status, the bootstrap address on stdout.
import { describe, it, expect } from "vitest";
import { sharedBroker, brokerSh, portOpen } from "./env.js";

const broker = await sharedBroker();

describe.skipIf(!!broker.missing)("scripts/kafka/broker.sh", () => {
  it("start is idempotent and prints the bootstrap address; status reports it", async () => {
    const t0 = Date.now();
    const again = await brokerSh(["start", "--port", String(broker.port)]);
    expect(again.code).toBe(0);
    expect(again.stdout.trim()).toBe(broker.bootstrap);
    expect(Date.now() - t0).toBeLessThan(5000);
    const st = await brokerSh(["status", "--port", String(broker.port)]);
    expect(st.code).toBe(0);
    expect(st.stdout.trim()).toBe(broker.bootstrap);
    expect(await portOpen(broker.port)).toBe(true);
  });

  it("status of a port with no broker exits 3; stop of it is a no-op", async () => {
    const st = await brokerSh(["status", "--port", "19999"]);
    expect(st.code).toBe(3);
    expect(st.stdout.trim()).toBe("");
    expect((await brokerSh(["stop", "--port", "19999"])).code).toBe(0);
  });

  it("rejects bad arguments", async () => {
    expect((await brokerSh(["start", "--port", "abc"])).code).not.toBe(0);
    expect((await brokerSh(["frobnicate"])).code).toBe(2);
  });
});
