import { Chain } from './chain.js';

/**
 * A table's chains by name, in the order iptables-restore creates them (built-in chains, then user chains as declared).
 * A user chain declared plainly (`:NAME - [0:0]`, or only named by kernel output's rules) whose rules are one run of
 * canonical lines of the parsed source is kept as a few numbers, and becomes a Chain object only when someone reads it
 * (`get`, `values`): a Kubernetes host declares tens of thousands of chains, and a check reads a few hundred of them
 * (issue 12). Everything else is a Chain from the start. Either way it reads exactly as the Chain it stands for.
 *
 * Chains are numbered (`slot`) in that order; a slot keeps its number for good, so the parser and the comparisons walk
 * and match chains by slot without making their objects.
 */
export class ChainMap {
  readonly #slots = new Map<string, number>();
  readonly #names: string[] = [];
  /** Slots whose chain was deleted (`-X`): no longer in the table, but a rule read before still knows its chain. */
  readonly #deleted: boolean[] = [];
  readonly #chains: (Chain | undefined)[] = [];
  /** A chain not made yet: the line that declared it (-1: none) and its run of lines, source[runStart, runEnd) (-1: none). */
  readonly #declaredAt: number[] = [];
  readonly #runStart: number[] = [];
  readonly #runEnd: number[] = [];
  readonly #runLine: number[] = [];
  readonly #runCount: number[] = [];

  constructor(
    readonly table: string,
    readonly family: 4 | 6,
    /** The text whose lines the chains not made yet point into. */
    private readonly source: string,
  ) {}

  get size(): number {
    return this.#slots.size;
  }

  has(name: string): boolean {
    return this.#slots.has(name);
  }

  get(name: string): Chain | undefined {
    const slot = this.#slots.get(name);
    return slot === undefined ? undefined : this.chainAt(slot);
  }

  /** Puts `chain` under its name: in the place of the chain it replaces, else last. */
  set(name: string, chain: Chain): this {
    const slot = this.#slots.get(name);
    if (slot === undefined) this.#slots.set(name, this.#add(name, chain, -1));
    else this.#chains[slot] = chain;
    return this;
  }

  delete(name: string): boolean {
    const slot = this.#slots.get(name);
    if (slot === undefined) return false;
    this.#deleted[slot] = true;
    return this.#slots.delete(name);
  }

  *values(): IterableIterator<Chain> {
    for (let slot = 0; slot < this.#names.length; slot++) if (!this.#deleted[slot]) yield this.chainAt(slot);
  }

  *keys(): IterableIterator<string> {
    for (let slot = 0; slot < this.#names.length; slot++) if (!this.#deleted[slot]) yield this.#names[slot] as string;
  }

  /**
   * A new user chain declared at `line` (null: only named by rules), kept unmade; false when the name is taken (the
   * caller then does what a second declaration does).
   */
  declare(name: string, line: number | null): boolean {
    if (this.#slots.has(name)) return false;
    this.#slots.set(name, this.#add(name, undefined, line ?? -1));
    return true;
  }

  #add(name: string, chain: Chain | undefined, declaredAt: number): number {
    const slot = this.#names.length;
    this.#names.push(name);
    this.#deleted.push(false);
    this.#chains.push(chain);
    this.#declaredAt.push(declaredAt);
    this.#runStart.push(0);
    this.#runEnd.push(-1);
    this.#runLine.push(0);
    this.#runCount.push(0);
    return slot;
  }

  /** The slot of the chain named so, -1 when there is none. */
  slotOf(name: string): number {
    return this.#slots.get(name) ?? -1;
  }

  /** How many slots were ever given (deleted ones included): slots are 0 .. slotCount - 1. */
  get slotCount(): number {
    return this.#names.length;
  }

  nameAt(slot: number): string {
    return this.#names[slot] as string;
  }

  /** False once the chain was deleted from the table. */
  inTable(slot: number): boolean {
    return !this.#deleted[slot];
  }

  /** The chain of a slot (made now if it was not), deleted or not. */
  chainAt(slot: number): Chain {
    let chain = this.#chains[slot];
    if (chain === undefined) {
      const declaredAt = this.#declaredAt[slot] as number;
      chain = new Chain(this.table, this.family, this.#names[slot] as string, false, null, declaredAt < 0 ? null : declaredAt);
      const runEnd = this.#runEnd[slot] as number;
      if (runEnd >= 0) chain.appendLine(this.source, this.#runStart[slot] as number, runEnd, this.#runLine[slot] as number, this.#runCount[slot] as number);
      this.#chains[slot] = chain;
    }
    return chain;
  }

  /** The chain of a slot if it was made already: a slot not made yet is a user chain, no policy. */
  madeAt(slot: number): Chain | undefined {
    return this.#chains[slot];
  }

  ruleCountAt(slot: number): number {
    const chain = this.#chains[slot];
    if (chain) return chain.ruleCount;
    return (this.#runEnd[slot] as number) < 0 ? 0 : (this.#runCount[slot] as number);
  }

  /**
   * Appends `lines` canonical lines of the source, source[start, end) (each `-A NAME text`, the first at line `line`),
   * to the chain of `slot`, still without reading them when they continue its run.
   */
  appendRun(slot: number, start: number, end: number, line: number, lines: number): void {
    const chain = this.#chains[slot];
    if (chain) {
      chain.appendLine(this.source, start, end, line, lines);
      return;
    }
    const runEnd = this.#runEnd[slot] as number;
    if (runEnd < 0) {
      this.#runStart[slot] = start;
      this.#runEnd[slot] = end;
      this.#runLine[slot] = line;
      this.#runCount[slot] = lines;
    } else if (runEnd + 1 === start) {
      this.#runEnd[slot] = end;
      this.#runCount[slot] = (this.#runCount[slot] as number) + lines;
    } else {
      this.chainAt(slot).appendLine(this.source, start, end, line, lines);
    }
  }

  /**
   * How many lines of `source` from `start` on are the rules of the chain of `slot` exactly (its whole run, followed by
   * a line end), or 0 (see Chain.runAt).
   */
  runAt(slot: number, source: string, start: number): number {
    const chain = this.#chains[slot];
    if (chain) return chain.runAt(source, start);
    const runEnd = this.#runEnd[slot] as number;
    if (runEnd < 0) return 0;
    const runStart = this.#runStart[slot] as number;
    const after = start + runEnd - runStart;
    if (after > source.length || (after < source.length && source.charCodeAt(after) !== 10)) return 0;
    return source.slice(start, after) === this.source.slice(runStart, runEnd) ? (this.#runCount[slot] as number) : 0;
  }

  /** Whether the chain of `slot` holds the same rule texts in the same order as `other`'s chain of that name. */
  sameRulesAt(slot: number, other: ChainMap | undefined): boolean {
    const otherSlot = other ? other.slotOf(this.#names[slot] as string) : -1;
    if (!other || otherSlot < 0) return false;
    const count = this.ruleCountAt(slot);
    if (count !== other.ruleCountAt(otherSlot)) return false;
    if (this.#chains[slot] !== undefined || other.#chains[otherSlot] !== undefined) return this.chainAt(slot).sameRulesAs(other.chainAt(otherSlot));
    if (count === 0) return true;
    const start = this.#runStart[slot] as number;
    const end = this.#runEnd[slot] as number;
    const otherStart = other.#runStart[otherSlot] as number;
    const otherEnd = other.#runEnd[otherSlot] as number;
    return end - start === otherEnd - otherStart && this.source.slice(start, end) === other.source.slice(otherStart, otherEnd);
  }
}
