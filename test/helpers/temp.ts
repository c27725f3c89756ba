import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHost, type Host } from "../../src-main/host/create-host";

/** A fresh temp folder; remove it with the returned function. */
export function tempDir(prefix = "loupe-test-"): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A host over a temp app-data folder with a controllable clock. */
export function testHost(dir: string, startMs = 1_700_000_000_000): { host: Host; clock: { t: number } } {
  const clock = { t: startMs };
  const host = createHost({ appDataDir: join(dir, "app-data"), hostKind: "cli", clock: { now: () => clock.t }, defaultProjectsDir: join(dir, "projects") });
  return { host, clock };
}
