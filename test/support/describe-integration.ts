import { afterAll, describe, it } from 'vitest';
import { integrationAvailability } from './availability.js';
import { stopAllDaemons } from './daemon-registry.js';

/** Set to 1 (as CI should) to make missing prerequisites a test failure instead of a skip. */
export const REQUIRE_INTEGRATION_ENV = 'DOCKDOC_REQUIRE_INTEGRATION';

let skipWarned = false;

/**
 * `describe` for tests that start real dockerd instances. Runs when integrationAvailability() is ok, and then stops
 * every daemon the file started in afterAll, even after failures. Otherwise the block is skipped and the reason is
 * printed once, e.g. "integration tests skipped: not root".
 */
export function describeIntegration(name: string, body: () => void): void {
  const availability = integrationAvailability();
  if (availability.ok) {
    describe(name, () => {
      afterAll(stopAllDaemons);
      body();
    });
    return;
  }
  if (process.env[REQUIRE_INTEGRATION_ENV] === '1') {
    describe(name, () => {
      it('has what integration tests need', () => {
        throw new Error(`${REQUIRE_INTEGRATION_ENV}=1 but integration tests cannot run: ${availability.reason}`);
      });
    });
    return;
  }
  if (!skipWarned) {
    console.warn(`integration tests skipped: ${availability.reason}`);
    skipWarned = true;
  }
  describe.skip(`${name} (integration tests skipped: ${availability.reason})`, body);
}
