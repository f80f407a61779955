import { FakeStripeError } from './errors.ts';
import { Params } from './form.ts';
import type { Route } from './router.ts';
import { copy } from './state.ts';

// The account behind the key. Restricted keys (rk_) may run payments but not read the account,
// which is how a tenant's least-privilege key behaves at Stripe.

export const accountRoutes: readonly Route[] = [
  {
    method: 'GET',
    path: '/v1/account',
    handler: ({ state, params, keyKind }) => {
      new Params(params, []);
      if (keyKind === 'restricted')
        throw new FakeStripeError(403, {
          type: 'invalid_request_error',
          message: `The provided restricted key does not have the required permissions for this endpoint on account '${state.account.id}'.`,
        });
      return copy(state.account);
    },
  },
];
