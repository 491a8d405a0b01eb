import { describe, expect, it } from 'vitest';
import { runBounded } from '../../src/gather/command.js';

describe('a command run bounded', () => {
  it('hands its output over as it is printed, decoded, a character split between two writes included', async () => {
    const pieces: string[] = [];
    // "é" is 0xC3 0xA9: the two bytes come in two writes, a tenth of a second apart.
    const result = await runBounded('sh', ['-c', "printf 'a\\303'; sleep 0.1; printf '\\251b'; printf 'err\\303' >&2"], 5000, { onStdout: (text) => pieces.push(text) });
    expect(result).toMatchObject({ stdout: 'aéb', stderr: 'err\uFFFD', exitCode: 0, stopped: null });
    expect(pieces.join('')).toBe('aéb');
    expect(pieces.length).toBeGreaterThan(1);
  });

  it('stops at the output cap, and what was handed over is what it read', async () => {
    const pieces: string[] = [];
    const result = await runBounded('sh', ['-c', 'yes'], 5000, { maxBytes: 100_000, onStdout: (text) => pieces.push(text) });
    expect(result.stopped).toEqual({ reason: 'output-cap', detail: 'printed more than 100000 bytes' });
    expect(pieces.join('')).toBe(result.stdout);
    expect(result.stdout.length).toBeLessThanOrEqual(100_000);
  });
});
