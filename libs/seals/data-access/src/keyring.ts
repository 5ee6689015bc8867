import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * The keys that encrypt seals' private keys at rest (AES-256-GCM). `current` encrypts every new seal's key;
 * every key a stored row names must still be here to decrypt it, so rotating means adding a new current key
 * and keeping the old ones as retired.
 */
export interface SealKeyring {
  readonly currentKeyId: string;
  readonly keys: ReadonlyMap<string, Buffer>;
}

const KEY_ID = /^[A-Za-z0-9_.-]{1,40}$/;

function decodeKey(id: string, base64: string): Buffer {
  if (!KEY_ID.test(id)) throw new Error(`seal encryption key id ${JSON.stringify(id.slice(0, 40))} is not a plain name`);
  const key = Buffer.from(base64.trim(), 'base64');
  if (key.length !== 32) throw new Error(`seal encryption key ${id} must be 32 bytes, base64 (got ${key.length})`);
  return key;
}

export function sealKeyring(currentKeyId: string, keys: Readonly<Record<string, string>>): SealKeyring {
  const map = new Map(Object.entries(keys).map(([id, base64]) => [id, decodeKey(id, base64)] as const));
  if (!map.has(currentKeyId)) throw new Error(`the current seal encryption key ${currentKeyId} is not in the keyring`);
  return { currentKeyId, keys: map };
}

/**
 * From configuration: JINKU_SEAL_KEY (32 bytes, base64) is the current key, named JINKU_SEAL_KEY_ID (default
 * `k1`); JINKU_SEAL_RETIRED_KEYS (`id:base64,id:base64`) are earlier keys, kept only to decrypt.
 */
export function sealKeyringFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): SealKeyring {
  const current = env['JINKU_SEAL_KEY'];
  if (!current) throw new Error('JINKU_SEAL_KEY is not set: 32 random bytes, base64 (openssl rand -base64 32)');
  const currentKeyId = env['JINKU_SEAL_KEY_ID'] || 'k1';
  const retired = (env['JINKU_SEAL_RETIRED_KEYS'] ?? '')
    .split(',')
    .map((pair) => pair.trim())
    .filter(Boolean)
    .map((pair) => {
      const at = pair.indexOf(':');
      return [pair.slice(0, at), pair.slice(at + 1)] as const;
    });
  return sealKeyring(currentKeyId, { ...Object.fromEntries(retired), [currentKeyId]: current });
}

export interface EncryptedKey {
  readonly encryptionKeyId: string;
  readonly iv: Buffer;
  readonly ciphertext: Buffer;
  readonly authTag: Buffer;
}

/** `aad` binds the ciphertext to its seal: moved to another seal's row it no longer decrypts. */
export function encryptPrivateKey(keyring: SealKeyring, plaintext: Buffer, aad: string): EncryptedKey {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyring.keys.get(keyring.currentKeyId)!, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { encryptionKeyId: keyring.currentKeyId, iv, ciphertext, authTag: cipher.getAuthTag() };
}

export function decryptPrivateKey(keyring: SealKeyring, encrypted: EncryptedKey, aad: string): Buffer {
  const key = keyring.keys.get(encrypted.encryptionKeyId);
  if (!key) throw new Error(`seal encryption key ${encrypted.encryptionKeyId} is not configured (JINKU_SEAL_RETIRED_KEYS)`);
  const decipher = createDecipheriv('aes-256-gcm', key, encrypted.iv);
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(encrypted.authTag);
  return Buffer.concat([decipher.update(encrypted.ciphertext), decipher.final()]);
}
