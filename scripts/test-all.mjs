#!/usr/bin/env node
// `npm test`: typecheck, lint, build, then the unit, integration and e2e test layers. Every step runs even when an
// earlier one fails; the last line sums all test runners as `N passed, N failed` (CI reads it).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outDir = join(root, "test-output");
mkdirSync(outDir, { recursive: true });
const npx = process.platform === "win32" ? "npx.cmd" : "npx";
const only = process.argv.slice(2); // e.g. `npm test -- unit e2e`

let passed = 0;
let failed = 0;
const summary = [];

function run(name, args, { counts = 1 } = {}) {
  if (only.length && !only.includes(name)) return true;
  const t0 = Date.now();
  process.stdout.write(`\n== ${name}: ${args.join(" ")}\n`);
  const res = spawnSync(npx, args, { cwd: root, stdio: "inherit", env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? "1" } });
  const ok = res.status === 0;
  summary.push(`${ok ? "ok  " : "FAIL"} ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  if (counts && ok) passed += counts;
  else if (counts) failed += counts;
  return ok;
}

function vitest(project) {
  if (only.length && !only.includes(project)) return;
  const report = join(outDir, `vitest-${project}.json`);
  rmSync(report, { force: true });
  run(project, ["vitest", "run", "--project", project, "--reporter=default", "--reporter=json", `--outputFile.json=${report}`], { counts: 0 });
  if (existsSync(report)) {
    const r = JSON.parse(readFileSync(report, "utf8"));
    // A file that failed without a failing test (an import error, a hook) counts as one failure.
    const brokenFiles = (r.testResults ?? []).filter(
      (f) => f.status === "failed" && !(f.assertionResults ?? []).some((a) => a.status === "failed"),
    ).length;
    passed += r.numPassedTests ?? 0;
    failed += (r.numFailedTests ?? 0) + brokenFiles;
    if (brokenFiles) summary.push(`     ${project}: ${brokenFiles} test file(s) failed outside a test`);
    summary.push(`     ${project}: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests ?? 0} skipped`);
  } else {
    failed += 1;
    summary.push(`     ${project}: no report (the runner crashed)`);
  }
}

run("typecheck", ["tsc", "--noEmit", "-p", "tsconfig.json"]);
run("typecheck-web", ["tsc", "--noEmit", "-p", "tsconfig.web.json"]);
run("typecheck-test", ["tsc", "--noEmit", "-p", "tsconfig.test.json"]);
run("lint", ["eslint", "."]);
// the image addon (JPEG decoding and the letterbox pass in C); a machine without libjpeg's headers prepares images
// with sharp and JS instead, and the tests that need the addon say so by name
run("build-native", ["node", "scripts/build-native.mjs", "--if-possible"], { counts: 0 });
const built = run("build", ["electron-vite", "build"]);
// the prebuilt CLI (bin/loupe.mjs runs it only while it matches the sources; CLI tests then start in a fraction of the time)
run("build-cli", ["node", "scripts/build-cli.mjs"]);
vitest("unit");
vitest("integration");
if (built || only.length) vitest("e2e");
else summary.push("skip e2e (the build failed)");

console.log(`\n${summary.join("\n")}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
