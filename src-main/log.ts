/** Scoped structured logger: `createLogger('inference.client').info('started', { pid })`. Quiet unless LOUPE_LOG is set. */
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;
type Level = keyof typeof LEVELS;

export function createLogger(scope: string): Logger {
  const env = process.env.LOUPE_LOG as Level | undefined;
  const threshold = env && env in LEVELS ? LEVELS[env] : LEVELS.warn + 100;
  const write = (level: Level, msg: string, fields?: Record<string, unknown>): void => {
    if (LEVELS[level] < threshold) return;
    const extra = fields ? ` ${JSON.stringify(fields)}` : "";
    process.stderr.write(`[${new Date().toISOString()}] ${level} ${scope}: ${msg}${extra}\n`);
  };
  return {
    debug: (m, f) => write("debug", m, f),
    info: (m, f) => write("info", m, f),
    warn: (m, f) => write("warn", m, f),
    error: (m, f) => write("error", m, f),
  };
}
