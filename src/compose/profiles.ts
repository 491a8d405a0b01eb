import type { Location } from '../engine/types.js';
import { ComposeFileError, scalarText, type MapEntry, type MapNode } from './yaml-tree.js';

export interface DisabledService {
  service: string;
  profiles: string[];
  location: Required<Location>;
}

/**
 * compose-go Project.WithProfiles: a service with `profiles` starts only when one of them is active (or `*` is);
 * a service without profiles always starts. Compose checks the network references of started services only.
 */
export function applyProfiles(root: MapNode, active: readonly string[]): { enabled: MapNode; disabled: DisabledService[] } {
  const servicesEntry = root.entries.get('services');
  if (!servicesEntry || servicesEntry.value.kind !== 'map') return { enabled: root, disabled: [] };
  const kept = new Map<string, MapEntry>();
  const disabled: DisabledService[] = [];
  for (const [name, entry] of servicesEntry.value.entries) {
    const profiles = profilesOf(name, entry);
    if (profiles.length === 0 || active.includes('*') || profiles.some((profile) => active.includes(profile))) {
      kept.set(name, entry);
    } else {
      disabled.push({ service: name, profiles, location: { file: entry.value.file, line: entry.keyAt.line, column: entry.keyAt.column } });
    }
  }
  const entries = new Map(root.entries).set('services', { ...servicesEntry, value: { ...servicesEntry.value, entries: kept } });
  return { enabled: { ...root, entries }, disabled };
}

function profilesOf(name: string, entry: MapEntry): string[] {
  if (entry.value.kind !== 'map') return [];
  const node = entry.value.entries.get('profiles')?.value;
  if (!node || (node.kind === 'scalar' && node.value === null)) return [];
  if (node.kind !== 'seq') throw new ComposeFileError(`services.${name}.profiles must be a list`, node.file, node.at);
  return node.items.map((item) => {
    const text = item.kind === 'scalar' ? scalarText(item) : null;
    if (text === null) throw new ComposeFileError(`services.${name}.profiles must be a list of strings`, item.file, item.at);
    return text;
  });
}

/** Active profiles as compose reads them: `--profile` flags, else COMPOSE_PROFILES split on commas. */
export function activeProfiles(flags: readonly string[], composeProfiles: string | undefined): string[] {
  if (flags.length > 0) return [...flags];
  return (composeProfiles ?? '').split(',').map((profile) => profile.trim()).filter((profile) => profile !== '');
}
