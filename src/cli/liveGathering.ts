/**
 * Which of this host's commands a run starts before its program loads (src/gather/earlyStart.ts): `check` and
 * `snapshot` the iptables saves (the slowest), they and `pools` the `ip` listings of routes and addresses. Help and
 * runs that read a saved snapshot or bundle start nothing. Both entries ask it (src/cli/entry.ts, src/cli/poolsEntry.ts).
 */
export function liveGathering(argv: string[]): { saves: boolean; ipListings: boolean } {
  const none = { saves: false, ipListings: false };
  const flags = argv.slice(3);
  if (flags.some((f) => f === '-h' || f === '--help')) return none;
  // --snapshot and --from read a saved snapshot or a bundle, not this host.
  const readsSaved = (flag: string): boolean => flags.some((f) => f === flag || f.startsWith(`${flag}=`));
  if (argv[2] === 'snapshot') return readsSaved('--from') ? none : { saves: true, ipListings: true };
  if (argv[2] === 'check') return readsSaved('--snapshot') ? none : { saves: true, ipListings: true };
  if (argv[2] === 'pools') return readsSaved('--snapshot') ? none : { saves: false, ipListings: true };
  return none;
}
