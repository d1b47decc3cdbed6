// Reliability counts for the summary test, in the same form as the native suites write them
// (tests/support/reliability.cpp): $CW_RELIABILITY_DIR/<name>.json.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function record_reliability(name, counts) {
  const dir = process.env.CW_RELIABILITY_DIR;
  if (!dir) return;
  const out = {};
  for (const key of ['inputs', 'faults', 'requests', 'failures', 'lost']) out[key] = counts[key] || 0;
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.json`);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(out, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);  // a summary never reads half a file
}
