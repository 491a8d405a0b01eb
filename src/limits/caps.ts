/**
 * Every size limit on what dockdoc reads, in one place (documented in docs/fuzzing.md, "Caps"). A larger input is
 * refused with DD001 naming the cap, before it is parsed, so a hostile or broken file costs bounded time and memory.
 * Each cap is far above what a real host or project holds (see the comment on each).
 */
export const INPUT_CAPS = {
  /** iptables-save output a firewall service restores: a host with 50,000 rules saves about 8 MB. */
  savedRules: 16 * 1024 * 1024,
  /** daemon.json: a few kilobytes in practice. */
  daemonJson: 1024 * 1024,
  /**
   * One compose file: a few kilobytes in practice. The yaml library reads about 200 KB a second of hostile text
   * (thousands of one-line items, stray brackets), so this cap is what keeps one file under a second.
   */
  composeFile: 128 * 1024,
  /** A compose project's .env file: a few hundred bytes in practice. */
  dotEnv: 256 * 1024,
  /** .dockdoc.yml: a few hundred bytes in practice; YAML, so kept small for the same reason as compose files. */
  config: 64 * 1024,
  /** Any other host file dockdoc reads (systemd units and drop-ins, resolv.conf, nftables.conf). */
  hostFile: 4 * 1024 * 1024,
  /** A sysctl value under /proc/sys: one short line; anything longer (or not a regular file, under --root) is not one. */
  sysctl: 4096,
  /** A bundle of the gather script holds what a snapshot holds, raw (docs/bundle.md). */
  bundle: 64 * 1024 * 1024,
  /** A snapshot carries both iptables-save outputs, the saved rules files and the compose files. */
  snapshot: 64 * 1024 * 1024,
} as const;

export type InputKind = keyof typeof INPUT_CAPS;

const INPUT_NAMES: Record<InputKind, string> = {
  savedRules: 'a saved rules file',
  daemonJson: 'daemon.json',
  composeFile: 'a compose file',
  dotEnv: 'a .env file',
  config: 'a configuration file',
  snapshot: 'a snapshot',
  hostFile: 'a host file',
  sysctl: 'a sysctl value',
  bundle: 'a bundle',
};

/**
 * How deep YAML collections may nest (compose files, .dockdoc.yml): the yaml library's composer recurses per level
 * and overflows the call stack near 1,000 levels; real files nest fewer than 10.
 */
export const MAX_YAML_NESTING = 100;

/**
 * How deep `${A:-${B:-…}}` defaults may nest in compose interpolation: each level re-scans the rest of the value,
 * so the cost of a value grows with this bound times its length. Real files nest one or two.
 */
export const MAX_INTERPOLATION_NESTING = 32;

/** Values a YAML document may expand to through aliases and merge keys ("billion laughs" alias bombs). */
export const MAX_YAML_EXPANDED_NODES = 1_000_000;

/**
 * How many nftables chains the INPUT gatherer lists (the input-hook base chains and the chains they jump or go to),
 * and how deep it follows jumps. The kernel itself refuses jumps deeper than 16 (NFT_JUMP_STACK_SIZE); firewalld's
 * input path is about 8 chains per active zone.
 */
export const MAX_NFT_INPUT_CHAINS = 128;
export const MAX_NFT_JUMP_DEPTH = 16;

/** The DD001 message for an input over its cap (the documented one unless a caller bounds it tighter), or null. */
export function overCap(kind: InputKind, text: string, cap: number = INPUT_CAPS[kind]): string | null {
  // Cheap first: UTF-8 takes at least one byte per UTF-16 unit and at most three.
  if (text.length * 3 <= cap) return null;
  if (Buffer.byteLength(text, 'utf8') <= cap) return null;
  return capMessage(kind, cap);
}

/** The DD001 message for an input of `kind` over `cap` bytes. */
export function capMessage(kind: InputKind, cap: number = INPUT_CAPS[kind]): string {
  return `${INPUT_NAMES[kind]} may be at most ${formatBytes(cap)}; this one is larger, so dockdoc did not parse it`;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(bytes % 1024 === 0 ? 0 : 1)} KiB`;
  return `${bytes} bytes`;
}
