/**
 * A command line for ExecStartPost= / ExecReload=, as systemd.service(5) "Command lines" parses it: words with
 * whitespace, quotes or backslashes are double-quoted with C escapes, `%` is a specifier prefix (written `%%`) and
 * `$` starts an environment variable (written `$$`), so paths and arguments reach dockdoc exactly as given.
 */
export function execLine(words: readonly string[]): string {
  return words.map(execWord).join(' ');
}

function execWord(word: string): string {
  const literal = word.replace(/%/g, '%%').replace(/\$/g, '$$$$');
  if (literal !== '' && !/[\s"'\\;]/.test(literal)) return literal;
  return `"${literal.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\t/g, '\\t')}"`;
}
