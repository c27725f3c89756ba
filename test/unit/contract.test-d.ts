import { expectTypeOf, test } from "vitest";
import type { LoupeApi, RequestOf, ResponseOf, Result } from "../../src-preload/api";
import type { z } from "zod";
import type { schemas, SCHEMAS_MATCH_CONTRACT } from "../../src-main/services/schemas";

test("each schema parses to exactly its contract request type", () => {
  expectTypeOf<typeof SCHEMAS_MATCH_CONTRACT>().toEqualTypeOf<true>();
  expectTypeOf<z.output<typeof schemas.labels.applyEdits>>().toEqualTypeOf<RequestOf<"labels", "applyEdits">>();
});

test("methods take one request object and resolve to a Result", () => {
  expectTypeOf<LoupeApi["images"]["get"]>().parameters.toEqualTypeOf<[{ imageId: number }]>();
  expectTypeOf<ReturnType<LoupeApi["projects"]["current"]>>().toEqualTypeOf<Promise<Result<ResponseOf<"projects", "current">>>>();
});
