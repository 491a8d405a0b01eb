import { engineVersionBasis, notModelledFor } from '../src/engine/run.js';
import type { Rule } from '../src/engine/types.js';
import { OLDEST_MODELLED_ENGINE } from '../src/engine/version.js';

/**
 * Said once per run: the engine is older than any release dockdoc models, so the checks that depend on the engine's
 * behaviour were skipped rather than answered with 20.10's behaviour.
 */
const rule: Rule = {
  id: 'DD003',
  title: 'Checks not modelled for this engine version',
  severity: 'info',
  area: 'engine',
  needs: [],
  versionIndependent: true,
  summary: `The engine is older than ${OLDEST_MODELLED_ENGINE}, the oldest release dockdoc models: names the checks that were skipped instead of guessed.`,
  check(snapshot, context) {
    const skipped = context.rules.filter((other) => notModelledFor(other, context.engineVersion)).map((other) => other.id);
    if (skipped.length === 0) return [];
    const basis = engineVersionBasis(snapshot, context.settings);
    return [
      {
        subject: `engine:${context.engineVersion}`,
        message:
          `Docker ${context.engineVersion} (${basis.detail}) is older than ${OLDEST_MODELLED_ENGINE}, the oldest engine whose behaviour dockdoc models ` +
          `(daemon.json options and errors, address pools, firewall rules are taken from moby's source from that release on). ` +
          `Skipped ${skipped.join(', ')}: these checks did not run, so this report cannot vouch for what they cover.`,
        evidence: { engineVersion: context.engineVersion, source: basis.source, oldestModelled: OLDEST_MODELLED_ENGINE, skippedRules: skipped },
        fix: {
          text: `Upgrade Docker to ${OLDEST_MODELLED_ENGINE} or later (19.03 and older are no longer maintained), then run dockdoc again. The checks that do not depend on the engine's release (input files, compose files, saved-rule drift, live-restore) ran.`,
        },
      },
    ];
  },
};

export default rule;
