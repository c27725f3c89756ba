import type { z } from "zod";
import type { Area, Result } from "../../src-preload/api";
import { API_METHODS } from "../../src-preload/api";
import { LoupeError, fail, ok } from "../errors";
import type { Services } from "./context";
import { schemaFor } from "./schemas";

export type Dispatch = (channel: string, payload: unknown) => Promise<Result<unknown>>;

/**
 * The door every host uses: look up `area.method`, validate the payload with its schema, call the service, and turn
 * whatever happens into a Result. Nothing thrown escapes; unknown channels and bad payloads are refused.
 */
export function createDispatch(services: Services): Dispatch {
  return async (channel, payload) => {
    try {
      if (typeof channel !== "string" || channel.length > 100) throw new LoupeError("E_UNKNOWN_METHOD", "the channel must be a short string");
      const dot = channel.indexOf(".");
      const area = channel.slice(0, dot);
      const method = channel.slice(dot + 1);
      const listed = Object.hasOwn(API_METHODS, area) && (API_METHODS[area as Area] as readonly string[]).includes(method);
      const schema = listed ? schemaFor(area, method) : undefined;
      if (!listed || !schema) throw new LoupeError("E_UNKNOWN_METHOD", `unknown method "${channel}"`);
      const parsed = schema.safeParse(payload ?? {});
      if (!parsed.success) throw validationError(channel, parsed.error);
      const impl = (services[area as Area] as unknown as Record<string, (req: unknown) => unknown>)[method];
      if (typeof impl !== "function") throw new LoupeError("E_UNKNOWN_METHOD", `"${channel}" has no implementation`);
      return ok(await impl(parsed.data));
    } catch (err) {
      return fail(err);
    }
  };
}

function validationError(channel: string, error: z.ZodError): LoupeError {
  const issues = error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
  const first = issues[0];
  const where = first && first.path ? `${first.path}: ` : "";
  return new LoupeError("E_VALIDATION", `${channel}: invalid request: ${where}${first?.message ?? "bad payload"}`, { details: { issues } });
}
