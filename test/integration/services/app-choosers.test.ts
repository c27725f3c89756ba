import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHost, type Host } from "../../../src-main/host/create-host";
import type { DialogPort } from "../../../src-main/runtime/dialogs";
import { tempDir } from "../../helpers/temp";

let t: ReturnType<typeof tempDir>;
let hosts: Host[] = [];
beforeEach(() => {
  t = tempDir();
});
afterEach(async () => {
  for (const h of hosts) await h.dispose();
  hosts = [];
  t.cleanup();
});

/** A host whose native choosers answer with the given paths, in turn. */
function hostPicking(...answers: (string | null)[]): Host {
  const next = async () => answers.shift() ?? null;
  const dialogs: DialogPort = { chooseFolder: next, chooseFile: next };
  const host = createHost({ appDataDir: join(t.dir, "app"), hostKind: "electron", dialogs });
  hosts.push(host);
  return host;
}

describe("the native folder and file choosers", () => {
  it("say they are not supported where the host has no dialogs (the view keeps its typed field)", async () => {
    const host = createHost({ appDataDir: join(t.dir, "app"), hostKind: "test-bridge" });
    hosts.push(host);
    expect(await host.call("app", "chooseFolder", {})).toEqual({ path: null, supported: false });
  });

  it("hand back a folder the person picked, and null when they cancelled", async () => {
    const folder = join(t.dir, "exports");
    mkdirSync(folder);
    const host = hostPicking(folder, null);
    expect(await host.call("app", "chooseFolder", { title: "Export into" })).toEqual({ path: folder, supported: true });
    expect(await host.call("app", "chooseFolder", {})).toEqual({ path: null, supported: true });
  });

  it("check what the dialog answered: a missing folder or a file of the wrong kind is refused and named", async () => {
    const model = join(t.dir, "model.pt");
    writeFileSync(model, "x");
    const host = hostPicking(join(t.dir, "nowhere"), model);
    expect(await host.dispatch("app.chooseFolder", {})).toMatchObject({ ok: false, error: { code: "E_NOT_FOUND", file: join(t.dir, "nowhere") } });
    expect(await host.dispatch("app.chooseFile", { extensions: ["onnx"] })).toMatchObject({ ok: false, error: { code: "E_VALIDATION", message: `${model} is not a .onnx file.` } });
  });
});
