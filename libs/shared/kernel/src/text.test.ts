import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkText, excerpt } from './text';
import { refusalOfCall } from './testing';

describe('checkText', () => {
  it('accepts ordinary text up to the limit, counting characters, not UTF-16 units', () => {
    expect(checkText('国内增值税入库', 'summary', 7)).toBe('国内增值税入库');
    expect(checkText('😀😀', 'summary', 2)).toBe('😀😀');
    expect(checkText('', 'summary', 2)).toBe('');
  });

  it('refuses text longer than the limit, naming the field and quoting nothing', () => {
    const refusal = refusalOfCall(() => checkText('x'.repeat(15_000_000), 'summary', 500));
    expect(refusal).toMatchObject({ kind: 'invalid_argument', reason: 'TEXT_TOO_LONG', details: { field: 'summary', maxLength: '500' } });
    expect(refusal!.message).toBe('summary is longer than 500 characters');
    expect(refusalOfCall(() => checkText('😀😀😀', 'summary', 2))?.reason).toBe('TEXT_TOO_LONG');
  });

  it.each([
    ['NUL', 'a\u0000b', 'U+0000'],
    ['tab', 'a\tb', 'U+0009'],
    ['newline', 'a\nb', 'U+000A'],
    ['DEL', 'a\u007Fb', 'U+007F'],
    ['C1 next line', 'a\u0085b', 'U+0085'],
  ])('refuses a control character (%s) with its code point and position', (_label, value, character) => {
    expect(refusalOfCall(() => checkText(value, 'summary', 500))).toMatchObject({
      reason: 'CONTROL_CHARACTER',
      details: { field: 'summary', character, position: '1' },
    });
  });

  it('refuses text that is not valid UTF-8: lone surrogates and the replacement character a decoder leaves', () => {
    for (const value of ['a\uD800', '\uDC00b', 'x\uFFFDy']) {
      expect(refusalOfCall(() => checkText(value, 'reference', 128))?.reason, JSON.stringify(value)).toBe('INVALID_UTF8');
    }
  });

  it('accepts any printable well-formed text within the limit', () => {
    // eslint-disable-next-line no-control-regex -- the generator must leave out what checkText refuses
    const printable = fc.string({ unit: 'grapheme', maxLength: 50 }).filter((s) => !/[\u0000-\u001F\u007F-\u009F\uFFFD]/.test(s));
    fc.assert(fc.property(printable, (value) => checkText(value, 'summary', 500) === value));
  });
});

describe('excerpt', () => {
  it('keeps short values and cuts long ones to 64 characters with an ellipsis', () => {
    expect(excerpt('SZ')).toBe('SZ');
    expect(excerpt('x'.repeat(60_000))).toBe(`${'x'.repeat(64)}…`);
  });

  it('never splits a surrogate pair', () => {
    const cut = excerpt(`${'x'.repeat(63)}😀😀`);
    expect(cut).toBe(`${'x'.repeat(63)}…`);
    expect(refusalOfCall(() => checkText(cut, 'excerpt', 100))).toBeUndefined();
  });

  it('shows control characters and lone surrogates as U+FFFD, so a quote can always be sent, logged and stored', () => {
    expect(excerpt('1\u0000\n\uD800')).toBe('1\uFFFD\uFFFD\uFFFD');
  });
});
