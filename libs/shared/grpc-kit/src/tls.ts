import { readFileSync } from 'node:fs';
import { ServerCredentials } from '@grpc/grpc-js';

/** PEM files of the server's certificate chain and key; with `caFile`, clients must show a certificate it signed. */
export interface TlsFiles {
  readonly certFile: string;
  readonly keyFile: string;
  readonly caFile?: string;
}

/** TLS credentials from the files, read once at start; plaintext when there are none. */
export function serverCredentials(tls: TlsFiles | undefined): ServerCredentials {
  if (!tls) return ServerCredentials.createInsecure();
  const ca = tls.caFile ? readFileSync(tls.caFile) : null;
  return ServerCredentials.createSsl(ca, [{ cert_chain: readFileSync(tls.certFile), private_key: readFileSync(tls.keyFile) }], ca !== null);
}
