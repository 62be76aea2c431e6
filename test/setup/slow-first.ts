/**
 * The Node suite's file order: the longest files first, so that the last minute is not two workers each on one of
 * the four end-to-end walks (a minute or more each) while nothing else is left. Without a results cache, as on a
 * clean clone, vitest's default order puts them last: it runs larger files first, and the walks' files are small
 * (their steps live in test/e2e/walks.ts). The rest keeps the default order.
 * @module
 */

import { BaseSequencer, type TestSpecification } from 'vitest/node'

/** Longest first: the walks (60–90 s each in CI), then Chromium and the CLI files (10–40 s: each spawns servers or `varco`). */
const SLOW = [/\/test\/e2e\/walks\.[a-z-]+\.test\.ts$/, /\/test\/e2e\/.+\.browser\.test\.ts$/, /\/test\/edge\/[a-z0-9-]*cli\.test\.ts$/]

const rank = (f: TestSpecification) => {
  const i = SLOW.findIndex((re) => re.test(f.moduleId))
  return i === -1 ? SLOW.length : i
}

export default class SlowFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files)
    // Array#sort is stable: within a rank, the default order stays.
    return [...sorted].sort((a, b) => rank(a) - rank(b))
  }
}
