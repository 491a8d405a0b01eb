/** "0 errors", "1 error", "2 errors": a count with its noun in the right number (give the plural when it is not noun+s). */
export function counted(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : pluralForm}`;
}

/**
 * What stopping every running container costs, for 0, 1 and n: "no container is running now", "the one running
 * container (web)", "all 3 running containers (a, b, c)".
 */
export function runningContainers(names: readonly string[], shown = 10): string {
  if (names.length === 0) return 'no container, as none is running now';
  const list = `${names.slice(0, shown).join(', ')}${names.length > shown ? ', ...' : ''}`;
  return names.length === 1 ? `the one running container (${list})` : `all ${names.length} running containers (${list})`;
}
