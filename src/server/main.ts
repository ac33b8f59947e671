import { buildApp } from './app';
import { ConfigError, loadConfig } from './config';
import { createBackend } from './createBackend';

/** Starts the gateway: config → backend → app → listen; closes cleanly on SIGINT/SIGTERM. */
async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const backend = await createBackend(config);
  const app = await buildApp({ config, backend });
  const close = async (signal: string) => {
    app.log.info(`${signal}: shutting down`);
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void close('SIGINT'));
  process.once('SIGTERM', () => void close('SIGTERM'));
  await app.listen({ host: config.host, port: config.port });
  app.log.info(`SecondRead serves DICOMweb at http://${config.host}:${config.port}/dicomweb (${backend.name})`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
