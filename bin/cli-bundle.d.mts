export type CliBundleState = { entry: string; builtAt: string; stale?: undefined } | { stale: string; entry?: undefined; builtAt?: undefined };
export function cliBundleState(root: string, env?: NodeJS.ProcessEnv): CliBundleState;
