import type { ChainMap } from './chain-map.js';
import type { Ruleset } from './ruleset.js';

/**
 * Which rule texts of a saved file the kernel printed for the same chain (the live ruleset), so that parsing the file
 * takes them as canonical instead of reading them again. A file written by iptables-save follows the live rules line
 * by line: a chain byte-equal to the live one is known in one step (`blockAt`), and the rest is matched rule by rule in
 * order, stepping over a few rules added live since (`has`); a text out of place is simply not known (it is then
 * parsed, which is always correct, only slower). Live chains are found by slot (src/iptables/chain-map.ts), so a
 * chain that is byte-equal is compared without making its object.
 */
export class KernelReference {
  private table = '';
  private chains: ChainMap | undefined;
  /** The live chain entered (-1: none) and how many of its rules the file has matched so far. */
  private slot = -1;
  private cursor = 0;
  /** Cursors of chains left, per table and slot, for files that interleave chains (iptables-restore accepts any order). */
  private readonly cursors = new Map<string, Map<number, number>>();

  constructor(private readonly live: Ruleset) {}

  /** How many lines of `source` from `start` on are the whole live chain, byte for byte (0 when not, or not from its start). */
  blockAt(table: string, chain: string, source: string, start: number): number {
    this.enter(table, chain);
    if (!this.chains || this.slot < 0 || this.cursor !== 0) return 0;
    const lines = this.chains.runAt(this.slot, source, start);
    this.cursor = lines;
    return lines;
  }

  has(table: string, chain: string, text: string): boolean {
    this.enter(table, chain);
    if (!this.chains || this.slot < 0) return false;
    const rules = this.chains.chainAt(this.slot).rules;
    for (let ahead = 0; ahead < 4; ahead++) {
      if (rules[this.cursor + ahead]?.text === text) {
        this.cursor += ahead + 1;
        return true;
      }
    }
    return false;
  }

  private enter(table: string, chain: string): void {
    if (this.table === table && this.chains && this.slot >= 0 && this.chains.nameAt(this.slot) === chain) return;
    if (this.slot >= 0 && this.cursor !== 0) this.cursorsOf(this.table).set(this.slot, this.cursor);
    if (this.table !== table || !this.chains) {
      this.table = table;
      this.chains = this.live.tables.get(table)?.chains;
    }
    this.slot = this.chains?.slotOf(chain) ?? -1;
    this.cursor = this.slot >= 0 ? (this.cursors.get(table)?.get(this.slot) ?? 0) : 0;
  }

  private cursorsOf(table: string): Map<number, number> {
    let cursors = this.cursors.get(table);
    if (!cursors) {
      cursors = new Map();
      this.cursors.set(table, cursors);
    }
    return cursors;
  }
}
