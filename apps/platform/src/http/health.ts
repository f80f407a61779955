import type { FastifyInstance } from 'fastify';

export interface ReadinessCheck {
  readonly name: string;
  check(): Promise<void>;
}

/** /health/live says the process runs; /health/ready says it can serve (database, Redis). */
export async function healthRoutes(
  app: FastifyInstance,
  options: { checks: readonly ReadinessCheck[] },
) {
  app.get('/health/live', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/health/ready', { schema: { hide: true } }, async (_request, reply) => {
    const results = await Promise.all(
      options.checks.map(async ({ name, check }) => {
        try {
          await Promise.race([
            check(),
            new Promise((_, reject) =>
              setTimeout(() => reject(new Error('timeout')), 2_000).unref(),
            ),
          ]);
          return [name, 'ok'] as const;
        } catch {
          return [name, 'failing'] as const;
        }
      }),
    );
    const ready = results.every(([, status]) => status === 'ok');
    return reply
      .status(ready ? 200 : 503)
      .send({ status: ready ? 'ready' : 'not_ready', checks: Object.fromEntries(results) });
  });
}
