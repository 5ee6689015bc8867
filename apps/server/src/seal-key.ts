import { EXIT_CONFIG, type Logger } from '@jinku/runtime';
import { sealKeyringFromEnv, type SealKeyring } from '@jinku/seals';

/**
 * The keys that encrypt seals' private keys (JINKU_SEAL_KEY, JINKU_SEAL_KEY_ID, JINKU_SEAL_RETIRED_KEYS).
 * Unset: the server still lists and verifies seals, and refuses to register or apply one. Unusable: exit
 * EXIT_CONFIG with the reason, as for every other setting.
 */
export function sealKeyringOrExit(log: Logger, env: NodeJS.ProcessEnv = process.env): SealKeyring | undefined {
  if (!env['JINKU_SEAL_KEY']) {
    log.warn('JINKU_SEAL_KEY is not set: seals cannot be registered or applied (npm start provisions one under .jinku/)');
    return undefined;
  }
  try {
    return sealKeyringFromEnv(env);
  } catch (error) {
    log.fatal((error as Error).message);
    process.exit(EXIT_CONFIG);
  }
}
