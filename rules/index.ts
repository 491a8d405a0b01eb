import type { Rule } from '../src/engine/types.js';
import DD001 from './DD001.js';
import DD002 from './DD002.js';
import DD101 from './DD101.js';

/** The rule catalogue. IDs never change meaning (docs/rules/). One entry per line, kept in ID order. */
export const ALL_RULES: readonly Rule[] = [
  DD001,
  DD002,
  DD101,
];
