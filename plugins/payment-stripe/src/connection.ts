import { type ConnectionCheck, isPluginError, type PluginContext } from '@tillpoint/plugin-sdk';
import Stripe from 'stripe';
import { isTestKey, type StripePluginConfig } from './config.ts';
import { toPluginError } from './errors.ts';

// "Test the connection" in the admin: is the key accepted, which account is it, test or live.

export async function testStripeConnection(
  stripe: Stripe,
  config: StripePluginConfig,
  ctx: PluginContext,
): Promise<ConnectionCheck> {
  const mode = isTestKey(config) ? 'test mode' : 'live mode';
  const details = { mode, webhookUrl: ctx.webhookUrl };
  try {
    const account = await stripe.accounts.retrieveCurrent();
    const name = account.business_profile?.name ?? account.settings?.dashboard?.display_name;
    return {
      ok: true,
      message: `Connected to Stripe account ${account.id}${name ? ` (${name})` : ''} in ${mode}.`,
      details: { ...details, accountId: account.id },
    };
  } catch (error) {
    if (!(error instanceof Stripe.errors.StripePermissionError)) return refused(error, details);
  }
  // A restricted key may not read the account; what matters is that it may drive the readers.
  try {
    await stripe.terminal.readers.list({ limit: 1 });
    return {
      ok: true,
      message: `Connected to Stripe with a restricted key in ${mode}.`,
      details,
    };
  } catch (error) {
    return refused(error, details);
  }
}

function refused(error: unknown, details: Record<string, unknown>): ConnectionCheck {
  if (error instanceof Stripe.errors.StripeAuthenticationError)
    return {
      ok: false,
      message:
        'The secret key was refused by Stripe. Copy it again from the Stripe dashboard (Developers > API keys).',
      details,
    };
  const mapped = toPluginError(error, 'account');
  if (isPluginError(mapped))
    return { ok: false, message: mapped.message, details: { ...details, code: mapped.code } };
  return { ok: false, message: `Stripe could not be checked: ${String(error)}`, details };
}
