import path from 'node:path';

/** Maps an absolute host path under the --root prefix. */
export function hostPath(root: string, absolute: string): string {
  return root === '/' || root === '' ? absolute : path.join(root, absolute);
}
