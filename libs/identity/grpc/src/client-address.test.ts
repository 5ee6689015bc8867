import { describe, expect, it } from 'vitest';
import { clientAddressOf } from './client-address';

describe('clientAddressOf', () => {
  it.each([
    ['127.0.0.1:52114', '127.0.0.1'],
    ['::1:52114', '::1'],
    ['::ffff:10.0.0.7:443', '::ffff:10.0.0.7'],
    ['[2001:db8::1]:8080', '2001:db8::1'],
    ['unknown', 'unknown'],
    ['/run/jinku.sock', '/run/jinku.sock'],
  ])('%s is the address %s', (peer, address) => {
    expect(clientAddressOf(peer)).toBe(address);
  });
});
