import { describe, expect, it } from 'vitest';
import { loadComposeProject } from '../../src/compose/project.js';
import { lintFixtures, summary } from '../lint/fixture-lint.js';

describe('DD307 compose reference not followed', () => {
  it('says a remote include is not followed and does not call its networks undefined, but checks the rest', async () => {
    expect(summary(await lintFixtures(['remote-include']))).toEqual([
      'remote-include/compose.yaml:2:5 info DD307 Project remote-include: include of the remote resource oci://docker.io/example/stack:latest is not followed (dockdoc reads local files only): what it defines is unknown, so references to undefined networks are not reported for this project.',
    ]);
  });

  it('says so for an include that is not in the snapshot (an older snapshot without linkedFiles)', () => {
    const project = loadComposeProject({
      workingDir: '/srv/app',
      variables: {},
      nameOverride: null,
      files: [{ path: 'compose.yaml', present: true, text: 'include: [dns.yaml]\nservices:\n  a: {image: x, networks: [dns]}\n' }],
    });
    expect(project).toMatchObject({ unfollowed: [{ message: 'include dns.yaml was not read, so what it defines is unknown', location: { file: 'compose.yaml', line: 1, column: 11 } }] });
  });

  it('reports nothing for a project without include or extends', async () => {
    expect(summary(await lintFixtures(['valid']), 'DD307')).toEqual([]);
  });
});
