import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadComposeProject } from '../../src/compose/project.js';
import type { ComposeProject } from '../../src/compose/model.js';
import type { ComposeProjectInput, HostFile } from '../../src/snapshot/schema.js';

/** What the gatherer records for linked files: each file, and an absent .env in each included project directory. */
function linkedInput(linked: Record<string, string>): Pick<ComposeProjectInput, 'linkedFiles' | 'linkedEnvFiles'> {
  const directories = new Set(Object.keys(linked).map((absolutePath) => absolutePath.slice(0, absolutePath.lastIndexOf('/'))));
  return {
    linkedFiles: Object.entries(linked).map(([absolutePath, text]) => ({ absolutePath, file: { path: absolutePath.replace('/srv/app/', ''), present: true, text } })),
    linkedEnvFiles: [...directories].map((directory) => ({ absolutePath: `${directory}/.env`, present: false, variables: {} })),
  };
}

function project(files: HostFile[], linked: Record<string, string> = {}, extra: Partial<ComposeProjectInput> = {}): ComposeProject {
  const result = loadComposeProject({ workingDir: '/srv/app', variables: {}, nameOverride: null, files, ...linkedInput(linked), ...extra });
  if ('message' in result) throw new Error(`${result.location.file}:${result.location.line}: ${result.message}`);
  return result;
}

const file = (text: string, path = 'compose.yaml'): HostFile => ({ path, present: true, text });
const networksOf = (p: ComposeProject): string[] => p.networks.map((n) => `${n.name} ${n.ipam.map((c) => c.subnet?.value).join(',')} ${n.services.join(',')}`);

describe('include and extends', () => {
  it('a project split into included files has the networks of the same project in one file (property)', () => {
    const network = fc.record({ key: fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/), octet: fc.integer({ min: 0, max: 255 }), included: fc.boolean() });
    fc.assert(
      fc.property(fc.uniqueArray(network, { minLength: 1, maxLength: 6, selector: (n) => n.key }), (networks) => {
        const definition = (n: { key: string; octet: number }): string[] => [`  ${n.key}:`, '    ipam:', '      config:', `        - subnet: 10.${n.octet}.0.0/24`];
        const services = ['services:', ...networks.map((n) => `  svc-${n.key}: {image: x, networks: [${n.key}]}`)];
        const whole = [...services, 'networks:', ...networks.flatMap(definition)].join('\n');
        const own = networks.filter((n) => !n.included);
        const moved = networks.filter((n) => n.included);
        const main = ['include: [parts/net.yaml]', ...services, ...(own.length > 0 ? ['networks:', ...own.flatMap(definition)] : [])].join('\n');
        const part = moved.length > 0 ? ['networks:', ...moved.flatMap(definition)].join('\n') : 'name: parts';
        const split = project([file(main)], { '/srv/app/parts/net.yaml': part });
        expect(new Set(networksOf(split))).toEqual(new Set(networksOf(project([file(whole)]))));
      }),
    );
  });

  it('an included project reads its own .env, and the including project wins on a name both set', () => {
    const p = project(
      [file('include: [db/compose.yaml]\nservices:\n  app: {image: x, networks: [data]}\n')],
      { '/srv/app/db/compose.yaml': 'networks:\n  data:\n    ipam:\n      config:\n        - subnet: ${DATA_SUBNET}\n' },
      { linkedEnvFiles: [{ absolutePath: '/srv/app/db/.env', present: true, variables: { DATA_SUBNET: '10.1.0.0/24' } }] },
    );
    expect(networksOf(p)).toEqual(['app_data 10.1.0.0/24 app']);
    const overridden = project(
      [file('include: [db/compose.yaml]\nservices:\n  app: {image: x, networks: [data]}\n')],
      { '/srv/app/db/compose.yaml': 'networks:\n  data:\n    ipam:\n      config:\n        - subnet: ${DATA_SUBNET}\n' },
      { variables: { DATA_SUBNET: '10.9.0.0/24' }, linkedEnvFiles: [{ absolutePath: '/srv/app/db/.env', present: true, variables: { DATA_SUBNET: '10.1.0.0/24' } }] },
    );
    expect(networksOf(overridden)).toEqual(['app_data 10.9.0.0/24 app']);
  });

  it('refuses what compose refuses: include cycles, a missing extended service, an extends loop', () => {
    const failure = (files: HostFile[], linked: Record<string, string>): string => {
      const result = loadComposeProject({ workingDir: '/srv/app', variables: {}, nameOverride: null, files, ...linkedInput(linked) });
      return 'message' in result ? result.message : 'loaded';
    };
    expect(failure([file('include: [a.yaml]\nservices: {x: {image: x}}')], { '/srv/app/a.yaml': 'include: [b.yaml]', '/srv/app/b.yaml': 'include: [a.yaml]' })).toBe(
      'include cycle detected: /srv/app/a.yaml includes /srv/app/b.yaml includes /srv/app/a.yaml',
    );
    expect(failure([file('services:\n  a: {extends: b}\n')], {})).toBe('cannot extend service "a" in compose.yaml: service "b" not found');
    expect(failure([file('services:\n  a: {extends: b}\n  b: {extends: a}\n')], {})).toBe('circular reference: service b extends a again');
    expect(failure([file('services:\n  a: {extends: {file: base.yaml, service: nope}}\n')], { '/srv/app/base.yaml': 'services: {b: {}}' })).toBe(
      'cannot extend service "a" in compose.yaml: service "nope" not found in base.yaml',
    );
  });
});
