import mqemitter, { type MQEmitter } from 'mqemitter';
import mqemitterRedis from 'mqemitter-redis';

/**
 * The pub/sub every platform instance shares: Redis-backed when REDIS_URL is set (an event
 * published by one instance reaches subscribers on all of them), in-process otherwise. Mercurius
 * subscriptions listen on the same emitter.
 */
export interface EventBus {
  readonly emitter: MQEmitter;
  publish(topic: string, payload: unknown): Promise<void>;
  close(): Promise<void>;
}

export function createEventBus(redisUrl: string | null): EventBus {
  const emitter: MQEmitter = redisUrl
    ? mqemitterRedis({ connectionString: redisUrl })
    : mqemitter();
  return {
    emitter,
    publish(topic, payload) {
      return new Promise((resolve) => emitter.emit({ topic, payload }, () => resolve()));
    },
    close() {
      return new Promise((resolve) => emitter.close(() => resolve()));
    },
  };
}
