// Hostile variants of a seed text: byte flips, truncation, deep nesting, unicode, NUL, huge numbers, alias bombs,
// duplicated and deleted ranges. Deterministic for a given seed number, so a failure can be replayed.

/** mulberry32: a small seeded PRNG (fast-check brings its own; the fuzzer needs one without it). */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const UNICODE = ['\u0000', '\uFEFF', '\u202E', '\u0301', '\uD800', '\uDFFF', '\u{1F600}', '\u2028', '\u00A0', '\u0085', 'İ', 'ß', '\r', '\t', '\v'];
const HUGE_NUMBERS = ['1e999999', '-1e-999999', '9'.repeat(400), '0x' + 'f'.repeat(64), '18446744073709551616', '-0', '1.7976931348623157e309', 'NaN', 'Infinity', '4294967296/33', '99999999999999999999/64'];
const TOKENS = ['{', '}', '[', ']', '"', "'", ':', ',', '-', '- ', '  ', '\n', '#', '&a ', '*a', '<<: *a', '!reset ', '${', '}', '$$', '${X:-', '${X:?e}', '\\', '/', '.', '0', '255', '256', '-A', '-j', '!', '*filter', 'COMMIT', '--', '\u0000'];

/** Nesting openers in the syntaxes the parsers read. */
const NESTING = ['[', '{"a":', '- ', '{a: ', 'a:\n  ', '${X:-', '['.repeat(2)];

/** A YAML "billion laughs": each anchor repeats the previous one ten times. */
function aliasBomb(levels) {
  const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < levels; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
  return `${lines.join('\n')}\n`;
}

export function mutate(seedText, seed) {
  const rand = random(seed);
  const int = (n) => Math.floor(rand() * n);
  const pick = (list) => list[int(list.length)];
  let text = seedText;
  const rounds = 1 + int(4);
  for (let round = 0; round < rounds; round++) {
    const at = int(text.length + 1);
    switch (int(11)) {
      case 0: {
        // Byte flips: a few characters replaced by random ones (any UTF-16 unit).
        const chars = text.split('');
        for (let i = 0; i < 1 + int(8) && chars.length > 0; i++) chars[int(chars.length)] = String.fromCharCode(int(rand() < 0.8 ? 128 : 65536));
        text = chars.join('');
        break;
      }
      case 1:
        text = text.slice(0, at);
        break;
      case 2: {
        const opener = pick(NESTING);
        const depth = pick([10, 100, 1000, 5000, 20_000]);
        text = `${text.slice(0, at)}${opener.repeat(depth)}${rand() < 0.5 ? text.slice(at) : ''}`;
        break;
      }
      case 3:
        text = `${text.slice(0, at)}${pick(UNICODE).repeat(1 + int(3))}${text.slice(at)}`;
        break;
      case 4:
        text = `${text.slice(0, at)}\u0000${text.slice(at)}`;
        break;
      case 5: {
        // Replace a number with a huge or malformed one.
        const numbers = [...text.matchAll(/\d+/g)];
        const target = numbers.length > 0 ? pick(numbers) : null;
        text = target ? `${text.slice(0, target.index)}${pick(HUGE_NUMBERS)}${text.slice(target.index + target[0].length)}` : `${text}${pick(HUGE_NUMBERS)}`;
        break;
      }
      case 6:
        text = rand() < 0.5 ? `${aliasBomb(3 + int(8))}${text}` : `${text}\n${aliasBomb(3 + int(8))}`;
        break;
      case 7: {
        // Duplicate a range somewhere else (repeats lines, keys, whole tables).
        const from = int(text.length + 1);
        const piece = text.slice(from, from + int(400));
        text = `${text.slice(0, at)}${piece.repeat(1 + int(rand() < 0.1 ? 200 : 3))}${text.slice(at)}`;
        break;
      }
      case 8:
        text = `${text.slice(0, at)}${text.slice(at + int(200))}`;
        break;
      case 9:
        text = `${text.slice(0, at)}${pick(TOKENS).repeat(1 + int(rand() < 0.1 ? 1000 : 4))}${text.slice(at)}`;
        break;
      default: {
        // A long line: a value far longer than any real one.
        text = `${text.slice(0, at)}${pick(['a', '1', ' ', '"', '$', '-']).repeat(pick([1000, 100_000, 1_000_000]))}${text.slice(at)}`;
        break;
      }
    }
  }
  return text;
}
