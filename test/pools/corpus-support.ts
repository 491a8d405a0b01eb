import { readdirSync, readFileSync } from 'node:fs';
import type { RouteEntry } from '../../src/snapshot/schema.js';

export const CORPUS = new URL('../../fixtures/pools/corpus/', import.meta.url);

export interface Attempt {
  attempt: number;
  name: string;
  rc: number;
  subnet?: string;
  error?: string;
}

export interface CorpusResult {
  daemon_json: Record<string, unknown>;
  daemon_started: boolean;
  daemon_error_lines?: string[];
  default_bridge_docker0?: { Subnet: string; Gateway?: string }[];
  attempts: Attempt[];
}

export type Step =
  | { create: { name: string; subnets?: string[]; ipRange?: string; gateway?: string } }
  | { createUntilFailure: { prefix: string; max: number } }
  | { remove: string[] }
  | { restart: true }
  | { addRoutes: string[] };

export interface Scenarios {
  engineVersion: string;
  nameservers: string[];
  experiments: Record<string, { routesBeforeStart?: string[]; steps: Step[] }>;
}

export const scenarios = JSON.parse(readFileSync(new URL('scenarios.json', CORPUS), 'utf8')) as Scenarios;

export function experimentNames(): string[] {
  return readdirSync(CORPUS, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

export function readExperiment(name: string): { daemonJson: string; result: CorpusResult } {
  return {
    daemonJson: readFileSync(new URL(`${name}/daemon.json`, CORPUS), 'utf8'),
    result: JSON.parse(readFileSync(new URL(`${name}/result.json`, CORPUS), 'utf8')) as CorpusResult,
  };
}

/** One line of `ip -4 route` text output as the snapshot's RouteEntry (main table; no "scope" means global). */
export function routeFromText(line: string): RouteEntry {
  const words = line.trim().split(/\s+/);
  const after = (key: string): string | null => {
    const i = words.indexOf(key);
    return i >= 0 ? words[i + 1]! : null;
  };
  return {
    family: 4,
    dst: words[0]!,
    dev: after('dev'),
    gateway: after('via'),
    scope: after('scope') ?? 'global',
    table: 'main',
    type: 'unicast',
    protocol: after('proto'),
  };
}
