import { refusalOfCall } from '@jinku/kernel/testing';
import { describe, expect, it } from 'vitest';
import { parseBearer } from './bearer';


const TOKEN = 'jk_q0Zx-Ab_9w3LrT5nYpE2cKuV8sHdFgJi1mOa7BtWzQ4';

describe('parseBearer', () => {
  it('returns the token of a bearer credential, whatever the case of the scheme', () => {
    expect(parseBearer(`Bearer ${TOKEN}`)).toBe(TOKEN);
    expect(parseBearer(`bearer ${TOKEN}`)).toBe(TOKEN);
    expect(parseBearer(`BEARER  ${TOKEN}`)).toBe(TOKEN);
  });

  it.each([undefined, '', '   '])('refuses missing credentials (%j)', (header) => {
    expect(refusalOfCall(() => parseBearer(header))).toMatchObject({ kind: 'unauthenticated', reason: 'MISSING_CREDENTIALS' });
  });

  it.each([TOKEN, `Basic ${TOKEN}`, 'Bearer', 'Bearer ', `Bearer ${TOKEN} extra`, `Bearer\t${TOKEN}`, 'Bearer jk_a,b', `Bearer ${'a'.repeat(600)}`])(
    'refuses the malformed credentials %j',
    (header) => {
      expect(refusalOfCall(() => parseBearer(header))).toMatchObject({ kind: 'unauthenticated', reason: 'MALFORMED_CREDENTIALS' });
    },
  );
});
