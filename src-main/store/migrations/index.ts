import { migration0001 } from "./0001-initial";
import { migration0002 } from "./0002-models-predictions";
import { migration0003 } from "./0003-datasets";
import { migration0004 } from "./0004-review-tasks";
import { migration0005 } from "./0005-loop";
import { migration0006 } from "./0006-scale-indexes";
import { migration0007 } from "./0007-review-assignment";
import { migration0008 } from "./0008-label-counts";
import { migration0009 } from "./0009-selection-columns";
import type { Migration } from "./types";

/** Every migration in order. Append new numbers at the end; never edit or reorder merged ones. */
export const MIGRATIONS: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0004,
  migration0005,
  migration0006,
  migration0007,
  migration0008,
  migration0009,
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.reduce((v, m) => Math.max(v, m.version), 0);
