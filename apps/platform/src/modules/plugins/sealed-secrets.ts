import { AppError } from '../../errors.ts';
import { type SecretBox, SecretBoxError } from '../../lib/secret-box.ts';

// Secret fields of one installation travel as one sealed JSON object, bound to the tenant and
// the installation row: a blob copied to another row or tenant does not open.

function boundTo(tenantId: string, installationId: string): string {
  return `tillpoint:plugin-installation:${tenantId}:${installationId}`;
}

export interface SealedColumns {
  readonly secrets: Buffer | null;
  readonly secretsKeyId: string | null;
  readonly secretFields: readonly string[];
}

export function sealSecrets(
  box: SecretBox,
  tenantId: string,
  installationId: string,
  secrets: Readonly<Record<string, unknown>>,
): SealedColumns {
  const fields = Object.keys(secrets).sort();
  if (fields.length === 0) return { secrets: null, secretsKeyId: null, secretFields: [] };
  const sealed = box.seal(JSON.stringify(secrets), boundTo(tenantId, installationId));
  return { secrets: sealed.blob, secretsKeyId: sealed.keyId, secretFields: fields };
}

export function openSecrets(
  box: SecretBox,
  tenantId: string,
  installation: SealedColumns & { readonly id: string; readonly pluginKey: string },
): Record<string, unknown> {
  const { secrets, secretsKeyId } = installation;
  if (secrets === null || secretsKeyId === null) return {};
  try {
    return JSON.parse(
      box.open({ keyId: secretsKeyId, blob: secrets }, boundTo(tenantId, installation.id)),
    ) as Record<string, unknown>;
  } catch (error) {
    if (!(error instanceof SecretBoxError)) throw error;
    throw new AppError(
      'plugin.secrets_unreadable',
      `The saved credentials of ${installation.pluginKey} can no longer be read (the key that ` +
        'sealed them is not configured). Enter the secret settings again.',
      { plugin: installation.pluginKey },
    );
  }
}
