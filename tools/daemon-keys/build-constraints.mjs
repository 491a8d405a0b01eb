// Decides whether a Go file is part of a linux/amd64 cgo build, the way `go build` does: file-name suffixes
// (_GOOS, _GOARCH, _GOOS_GOARCH, _test) and `//go:build` lines (or the older `// +build` lines when a file has
// no `//go:build`). dockerd release builds for Linux use cgo, so `cgo` is satisfied; custom tags such as
// `exclude_graphdriver_btrfs` are not.

const KNOWN_OS = new Set([
  'aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'hurd', 'illumos', 'ios', 'js', 'linux', 'nacl', 'netbsd',
  'openbsd', 'plan9', 'solaris', 'wasip1', 'windows', 'zos',
]);
const KNOWN_ARCH = new Set([
  '386', 'amd64', 'amd64p32', 'arm', 'armbe', 'arm64', 'arm64be', 'loong64', 'mips', 'mipsle', 'mips64', 'mips64le',
  'mips64p32', 'mips64p32le', 'ppc', 'ppc64', 'ppc64le', 'riscv', 'riscv64', 's390', 's390x', 'sparc', 'sparc64',
  'wasm',
]);
const TARGET_TAGS = new Set(['linux', 'unix', 'amd64', 'gc', 'cgo']);

function tagSatisfied(tag) {
  return TARGET_TAGS.has(tag) || /^go1\.\d+$/.test(tag);
}

function fileNameAllows(fileName) {
  if (!fileName.endsWith('.go') || fileName.endsWith('_test.go')) return false;
  const parts = fileName.slice(0, -3).split('_');
  if (parts.length < 2) return true;
  const last = parts[parts.length - 1];
  const previous = parts.length >= 3 ? parts[parts.length - 2] : null;
  if (previous !== null && KNOWN_OS.has(previous) && KNOWN_ARCH.has(last)) {
    return tagSatisfied(previous) && tagSatisfied(last);
  }
  if (KNOWN_OS.has(last) || KNOWN_ARCH.has(last)) return tagSatisfied(last);
  return true;
}

/** Evaluates a `//go:build` expression: ||, &&, !, parentheses and tags. */
function evaluateGoBuild(expression) {
  const tokens = expression.match(/\|\||&&|!|\(|\)|[A-Za-z0-9_.]+/g) ?? [];
  let pos = 0;
  const parseOr = () => {
    let value = parseAnd();
    while (tokens[pos] === '||') { pos++; const right = parseAnd(); value = value || right; }
    return value;
  };
  const parseAnd = () => {
    let value = parseNot();
    while (tokens[pos] === '&&') { pos++; const right = parseNot(); value = value && right; }
    return value;
  };
  const parseNot = () => {
    if (tokens[pos] === '!') { pos++; return !parseNot(); }
    if (tokens[pos] === '(') {
      pos++;
      const value = parseOr();
      if (tokens[pos++] !== ')') throw new Error(`bad //go:build expression: ${expression}`);
      return value;
    }
    const tag = tokens[pos++];
    if (tag === undefined) throw new Error(`bad //go:build expression: ${expression}`);
    return tagSatisfied(tag);
  };
  const value = parseOr();
  if (pos !== tokens.length) throw new Error(`bad //go:build expression: ${expression}`);
  return value;
}

/** Evaluates `// +build` lines: lines are ANDed, space-separated terms ORed, comma-separated terms ANDed. */
function evaluatePlusBuild(lines) {
  return lines.every((line) =>
    line.split(/\s+/).filter(Boolean).some((term) =>
      term.split(',').every((atom) => (atom.startsWith('!') ? !tagSatisfied(atom.slice(1)) : tagSatisfied(atom))),
    ),
  );
}

/** Constraint lines may only appear before the package clause, among comments and blank lines. */
function headerLines(source) {
  const lines = [];
  for (const line of source.split('\n')) {
    const trimmed = line.trim();
    if (trimmed.startsWith('package ')) break;
    lines.push(trimmed);
  }
  return lines;
}

/**
 * @param {string} fileName base name of the file
 * @param {string} source its contents
 */
export function isInLinuxBuild(fileName, source) {
  if (!fileNameAllows(fileName)) return false;
  const header = headerLines(source);
  const goBuild = header.find((line) => line.startsWith('//go:build '));
  if (goBuild) return evaluateGoBuild(goBuild.slice('//go:build '.length));
  const plusBuild = header.filter((line) => line.startsWith('// +build ')).map((line) => line.slice('// +build '.length));
  return plusBuild.length === 0 || evaluatePlusBuild(plusBuild);
}
