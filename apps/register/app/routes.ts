import { index, layout, type RouteConfig, route } from '@react-router/dev/routes';

export default [
  route('pair', 'routes/pair.tsx'),
  route('sign-in', 'routes/sign-in.tsx'),
  layout('routes/signed-in.tsx', [
    index('routes/sell.tsx'),
    route('shift', 'routes/shift.tsx'),
    route('returns', 'routes/returns.tsx'),
    route('settings', 'routes/settings.tsx'),
  ]),
] satisfies RouteConfig;
