import type { Chain } from './chain.js';
import type { Ruleset } from './ruleset.js';

/**
 * Which rule texts of a saved file the kernel printed for the same chain (the live ruleset), so that parsing the file
 * takes them as canonical instead of reading them again. A file written by iptables-save follows the live rules line
 * by line: a chain byte-equal to the live one is known in one step (`blockAt`), and the rest is matched rule by rule in
 * order, stepping over a few rules added live since (`has`); a text out of place is simply not known (it is then
 * parsed, which is always correct, only slower). A file that comes back to a chain (iptables-restore accepts any
 * order) is matched from the chain's first live rule again: any text the kernel printed for the chain is canonical
 * wherever it stands, so no cursor per chain is kept (one map entry per chain of a Kubernetes host, for nothing).
 */
export class KernelReference {
  private table = '';
  private chain: Chain | undefined;
  private cursor = 0;

  constructor(private readonly live: Ruleset) {}

  /** How many lines of `source` from `start` on are the whole live chain, byte for byte (0 when not, or not from its start). */
  blockAt(table: string, chain: string, source: string, start: number): number {
    this.enter(table, chain);
    if (!this.chain || this.cursor !== 0) return 0;
    const lines = this.chain.runAt(source, start);
    this.cursor = lines;
    return lines;
  }

  has(table: string, chain: string, text: string): boolean {
    this.enter(table, chain);
    const rules = this.chain?.rules ?? [];
    for (let ahead = 0; ahead < 4; ahead++) {
      if (rules[this.cursor + ahead]?.text === text) {
        this.cursor += ahead + 1;
        return true;
      }
    }
    return false;
  }

  private enter(table: string, chain: string): void {
    if (this.chain?.name === chain && this.table === table) return;
    this.table = table;
    this.chain = this.live.tables.get(table)?.chains.get(chain);
    this.cursor = 0;
  }
}
