import { describe, expect, it } from 'vitest';
import { ERROR_CASES, LOADED_CASES, dump, file, kernel, result } from './corpus-support.js';

const BACKENDS = ['nft', 'legacy'] as const;

describe('rules files compare equal to what the kernel printed back (fixtures/iptables)', () => {
  it('has the whole corpus', () => {
    expect(LOADED_CASES.map((c) => c.name)).toEqual([
      '01-rhel-default-sysconfig', '02-match-order-shuffled', '03-state-vs-conntrack', '04-address-normalisation',
      '05-negations', '06-multiport-iprange-ports', '07-comments-quoting', '08-custom-chains-policies', '09-log-reject',
      '10-interfaces', '11-nat-table', '12-long-options-protocol-aliases', '13-tcpflags-limit-misc', '14-counters',
      '15-dash4-dash6', '16-mangle-raw-tables', '17-docker-host-saved-by-iptables-save', '61-ipv6-basic', '62-dash4-dash6',
    ]);
    expect(ERROR_CASES).toHaveLength(20);
  });

  for (const c of LOADED_CASES) {
    for (const backend of BACKENDS) {
      it(`${c.name}: equals iptables-save of ${backend}, rule by rule and in order`, () => {
        const input = file(c.input, c.family);
        expect(input.problems).toEqual([]);
        const saved = kernel(result(c.name, `${backend}/save.txt`) as string, c.family);
        expect(dump(input)).toBe(dump(saved));
      });

      it(`${c.name}: equals \`iptables -S\` of ${backend} for every listed table`, () => {
        const input = file(c.input, c.family);
        for (const table of ['filter', 'nat', 'mangle', 'raw']) {
          const listing = result(c.name, `${backend}/S-${table}.txt`);
          if (listing === null) continue;
          // A table the file does not name is listed with its built-in chains and ACCEPT policies.
          const expected = input.tables.has(table) ? input : file(`*${table}\nCOMMIT\n`, c.family);
          expect(dump(kernel(listing, c.family, table), table)).toBe(dump(expected, table));
        }
      });
    }
  }

  it('reads the counters forms: [p:b] prefixes, `-c p b` in -S -v, and policy counters', () => {
    const input = file(LOADED_CASES.find((c) => c.name === '14-counters')!.input, 4);
    for (const backend of BACKENDS) {
      // Legacy took save -c after the -S listings, which instantiate an empty nat table there (N4).
      expect(dump(kernel(result('14-counters', `${backend}/save-c.txt`) as string, 4), 'filter')).toBe(dump(input, 'filter'));
      expect(dump(kernel(result('14-counters', `${backend}/S-filter-v.txt`) as string, 4, 'filter'))).toBe(dump(input));
    }
  });

  it('reads mixed-backend output, whose first line is the warning', () => {
    const nft = kernel(result('90-mixed-backends', 'nft-save.txt') as string, 4);
    expect(nft.problems).toEqual([]);
    expect(dump(nft)).toBe(dump(file(LOADED_CASES.find((c) => c.name === '01-rhel-default-sysconfig')!.input, 4)));
    const legacy = kernel(result('90-mixed-backends', 'legacy-save.txt') as string, 4);
    expect(dump(legacy)).toBe(dump(file(LOADED_CASES.find((c) => c.name === '11-nat-table')!.input, 4)));
  });
});

describe('the kernel output is a fixed point of the canonical form', () => {
  for (const c of LOADED_CASES) {
    for (const backend of BACKENDS) {
      it(`${c.name} (${backend}): every saved rule, read as a rules file, prints back exactly as the kernel printed it`, () => {
        const text = result(c.name, `${backend}/save.txt`) as string;
        const kernelLines = text.split('\n').filter((l) => l.startsWith('-A '));
        const reread = file(text, c.family);
        expect(reread.problems).toEqual([]);
        const printed = [...reread.tables.values()].flatMap((t) => [...t.chains.values()].flatMap((ch) => ch.rules.map((r) => `-A ${ch.name} ${r.text}`)));
        expect(printed.sort()).toEqual([...kernelLines].sort());
        // The lazily read structure of kernel rules exists for every one of them.
        for (const table of kernel(text, c.family).tables.values()) for (const chain of table.chains.values()) for (const rule of chain.rules) expect(rule.spec).not.toBeNull();
      });
    }
  }
});

describe('error cases give DD001-style problems with the line (fixtures/iptables/errors)', () => {
  const expected: Record<string, { severity: 'error' | 'warning'; line: number; column?: number; message: string; failsOn?: 'nft' | 'legacy' }[]> = {
    'e01-missing-commit': [{ severity: 'error', line: 4, message: 'COMMIT expected at line 4' }],
    'e02-unknown-option': [{ severity: 'error', line: 3, column: 17, message: 'unknown option "--dprot"' }],
    'e03-jump-undefined-chain': [{ severity: 'error', line: 3, message: "Chain 'DOCKER-USER' does not exist (legacy: Couldn't load target `DOCKER-USER')" }],
    'e04-bad-address': [{ severity: 'error', line: 3, column: 13, message: "host/network `10.0.0.256' not found" }],
    'e05-old-intrapositioned-negation': [{ severity: 'error', line: 3, column: 15, message: "Bad argument `10.0.0.1'" }],
    'e06-port-without-protocol': [{ severity: 'error', line: 3, column: 10, message: 'unknown option "--dport"' }],
    'e07-policy-on-user-chain': [
      { severity: 'warning', line: 3, failsOn: 'legacy', message: "Can't set policy `DROP' on `MYCHAIN' line 3: Bad built-in chain name (iptables-legacy-restore fails; nft creates the chain and ignores the policy)" },
    ],
    'e08-unknown-table': [{ severity: 'error', line: 1, message: "table name 'filtr' invalid" }],
    'e09-comment-too-long': [{ severity: 'warning', line: 3, message: 'comment is 300 bytes long: the kernel keeps only the first 255' }],
    'e10-unterminated-quote': [
      { severity: 'warning', line: 3, column: 31, message: 'unterminated double quote: iptables-restore takes the rest of the line, newline included, as one argument, so this rule loads without the options that follow the quote' },
    ],
    'e12-state-in-wrong-place': [{ severity: 'error', line: 3, column: 10, message: 'unknown option "--state"' }],
    'e13-rule-before-table': [{ severity: 'error', line: 1, message: 'line 1 failed: rule or chain outside a table (no *filter / *nat line before it)' }],
    'e14-dnat-in-filter': [{ severity: 'error', line: 3, message: 'x_tables: ip_tables: DNAT target: only valid in nat table, not filter' }],
    'e15-dport-before-protocol': [{ severity: 'error', line: 3, column: 10, message: 'unknown option "--dport"' }],
    'e16-single-quoted-comment': [{ severity: 'error', line: 3, column: 57, message: "Bad argument `quoted'" }],
    'e17-limit-1-per-day': [
      { severity: 'warning', line: 4, failsOn: 'legacy', message: 'limit 1/day with burst 5 overflows xt_limit: iptables-legacy refuses it ("xt_limit: Overflow, try lower: 864000000/5"), nft loads it' },
    ],
    'e18-negated-any-address': [
      { severity: 'warning', line: 3, failsOn: 'nft', message: "`! -s 0.0.0.0/0' matches nothing: iptables-nft refuses it (RULE_APPEND failed (Invalid argument)), legacy loads it" },
    ],
    'e19-negated-any-address-v6': [
      { severity: 'warning', line: 3, failsOn: 'nft', message: "`! -s ::/0' matches nothing: iptables-nft refuses it (RULE_APPEND failed (Invalid argument)), legacy loads it" },
    ],
    'e20-duplicate-chain': [
      { severity: 'warning', line: 6, failsOn: 'legacy', message: "chain 'DOCKER' declared twice: iptables-legacy-restore fails with \"error creating chain 'DOCKER':File exists\"; nft accepts it" },
    ],
    'e21-multiport-before-protocol': [
      { severity: 'error', line: 3, column: 23, message: "multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp'" },
    ],
  };

  for (const c of ERROR_CASES) {
    it(`${c.name}`, () => {
      const parsed = file(c.input, c.family);
      expect(parsed.problems).toEqual(expected[c.name]);
      // Errors are exactly the cases both backends refuse; warnings load on at least one (restore.rc in the corpus).
      const rc = Object.fromEntries(BACKENDS.map((b) => [b, (result(`errors/${c.name}`, `${b}/restore.rc`) as string).trim()]));
      const refusedBy = BACKENDS.filter((b) => rc[b] !== '0');
      const problem = expected[c.name]![0]!;
      if (problem.severity === 'error') expect(refusedBy).toEqual(['nft', 'legacy']);
      else expect(refusedBy).toEqual(problem.failsOn ? [problem.failsOn] : []);
    });
  }

  for (const c of ERROR_CASES) {
    for (const backend of BACKENDS) {
      const rc = (result(`errors/${c.name}`, `${backend}/restore.rc`) ?? '').trim();
      if (rc !== '0') continue;
      it(`${c.name}: what ${backend} loaded equals the file as dockdoc reads it`, () => {
        const loaded = kernel(result(`errors/${c.name}`, `${backend}/save-after.txt`) as string, c.family);
        expect(dump(file(c.input, c.family))).toBe(dump(loaded));
      });
    }
  }
});
