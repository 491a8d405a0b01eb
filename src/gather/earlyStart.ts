/**
 * What bin/dockdoc.js starts on this host before the program loads (src/cli/entry.ts), in one small module: the
 * commands that gather live claim these runs instead of starting their own (src/gather/earlyWork.ts).
 */
export { stopUnclaimedEarlyWork } from './earlyWork.js';
export { startEarlyIpListings } from './ipListings.js';
export { startEarlySaves } from './saves.js';
