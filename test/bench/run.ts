import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir, cpus } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { cliBundleState } from "../../bin/cli-bundle.mjs";
import { loadNote, type Bench, type BenchContext } from "./bench";

const here = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const quick = argv.includes("--quick");
const only = argv.filter((a) => !a.startsWith("--"));

async function main(): Promise<void> {
  const files = readdirSync(here).filter((f) => f.endsWith(".bench.ts")).sort();
  const results: { bench: string; name: string; value: number; unit: string; note?: string }[] = [];
  console.log(`loupe bench — node ${process.version}, ${cpus().length} cores${quick ? ", quick" : ""}; ${loadNote()}`);
  // figures that start `loupe` measure the CLI users get: the prebuilt bundle, made current first when stale
  const root = join(here, "..", "..");
  if (cliBundleState(root, {}).stale) execFileSync(process.execPath, [join(root, "scripts", "build-cli.mjs")], { stdio: "inherit" });
  for (const file of files) {
    const mod = (await import(pathToFileURL(join(here, file)).href)) as { bench: Bench };
    const bench = mod.bench;
    if (only.length > 0 && !only.some((o) => bench.name.includes(o) || file.includes(o))) continue;
    const tmp = mkdtempSync(join(tmpdir(), `loupe-bench-${bench.name}-`));
    console.log(`\n## ${bench.name}`);
    const ctx: BenchContext = {
      quick,
      tmpDir: tmp,
      report(entry) {
        results.push({ bench: bench.name, ...entry });
        const v = Number.isInteger(entry.value) ? String(entry.value) : entry.value.toFixed(3);
        console.log(`  ${entry.name}: ${v} ${entry.unit}${entry.note ? `  (${entry.note})` : ""}`);
      },
      log: (t) => console.log(`  ${t}`),
    };
    const t0 = performance.now();
    try {
      await bench.run(ctx);
    } catch (err) {
      console.log(`  FAILED: ${err instanceof Error ? err.stack : String(err)}`);
      process.exitCode = 1;
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
    console.log(`  (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  }
  mkdirSync(join(here, "..", "..", "test-output"), { recursive: true });
  writeFileSync(join(here, "..", "..", "test-output", "bench.json"), JSON.stringify(results, null, 2));
}

void main();
