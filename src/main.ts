import { existsSync } from 'node:fs';
import { createJiraBridge } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './log.js';
import { Metrics } from './metrics.js';
import { Sealer } from './store/crypto.js';
import { createRedis } from './store/redis.js';

// `.env` is a convenience for local runs; real deployments set the environment.
if (existsSync('.env')) process.loadEnvFile('.env');

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig(process.env);
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(78); // EX_CONFIG
  }
  throw err;
}

const log = createLogger(config.logLevel);
const metrics = new Metrics({ defaultMetrics: true });
const redis = createRedis(config.redisUrl, config.redisKeyPrefix);
redis.on('error', (err) => log.warn({ err: err.message }, 'redis error'));
const bridge = createJiraBridge({ config, redis, log, metrics, sealer: new Sealer(config.encryptionKeys) });
const address = await bridge.listen(config.port);
log.info({ port: address.port, publicUrl: config.publicUrl }, 'Jira Bridge is listening');

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'shutting down: draining requests');
  await bridge.close();
  await redis.quit().catch(() => redis.disconnect());
  log.info('stopped');
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
