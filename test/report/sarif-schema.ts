import { readFileSync } from 'node:fs';
import AjvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';

/** The OASIS SARIF 2.1.0 schema (errata 01, JSON Schema draft-04), bundled so tests need no network. */
const schema = JSON.parse(readFileSync(new URL('../../fixtures/sarif/sarif-schema-2.1.0.json', import.meta.url), 'utf8')) as object;

// Both packages are CommonJS whose module.exports also carries `default`: the form that type-checks under NodeNext.
const ajv = new AjvDraft04.default({ allErrors: true, strict: false });
ajvFormats.default(ajv);

/** Validates a SARIF log against the schema; `validateSarif.errors` says why not. */
export const validateSarif = ajv.compile(schema);
