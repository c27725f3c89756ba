import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import type { RecentProject } from "../../src-preload/api";
import { writeFileAtomic } from "../files/atomic";

const RecentFile = z.array(z.object({ path: z.string(), name: z.string(), openedAt: z.number() }));
const KeyOverrideFile = z.object({ keys: z.array(z.string()), macKeys: z.array(z.string()).optional() });
const AppSettingsFile = z.object({ annotatorName: z.string(), keymapOverrides: z.record(z.string(), KeyOverrideFile) }).partial();
export type AppSettings = { annotatorName: string; keymapOverrides: Record<string, { keys: string[]; macKeys?: string[] }> };

const MAX_RECENT = 20;

/** Per-user state that is not part of any project: recent projects and the annotator's name. */
export class AppState {
  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  recent(): RecentProject[] {
    return this.readRecent().map((r) => ({ ...r, exists: existsSync(join(r.path, "project.sqlite")) }));
  }

  touchRecent(path: string, name: string, now: number): void {
    const list = this.readRecent().filter((r) => r.path !== path);
    list.unshift({ path, name, openedAt: now });
    writeFileAtomic(join(this.dir, "recent.json"), JSON.stringify(list.slice(0, MAX_RECENT), null, 2));
  }

  settings(): AppSettings {
    const raw = this.readJson("settings.json");
    const parsed = AppSettingsFile.safeParse(raw);
    const data = parsed.success ? parsed.data : {};
    return { annotatorName: data.annotatorName ?? "", keymapOverrides: data.keymapOverrides ?? {} };
  }

  updateSettings(patch: Partial<AppSettings>): AppSettings {
    const next = { ...this.settings(), ...patch };
    writeFileAtomic(join(this.dir, "settings.json"), JSON.stringify(next, null, 2));
    return next;
  }

  private readRecent(): { path: string; name: string; openedAt: number }[] {
    const parsed = RecentFile.safeParse(this.readJson("recent.json"));
    return parsed.success ? parsed.data : [];
  }

  /** A missing or unreadable state file reads as empty: it only holds conveniences. */
  private readJson(name: string): unknown {
    try {
      return JSON.parse(readFileSync(join(this.dir, name), "utf8")) as unknown;
    } catch {
      return undefined;
    }
  }
}
