// Unit tests that change process.env put it back after each case (and drop lib/env's cache).
import { afterEach } from "node:test";
import { resetEnvCache } from "../../lib/env";

export function restoreEnvAfterEach(): void {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    resetEnvCache();
  });
}
