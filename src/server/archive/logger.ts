/** What the archive logs through: console and Fastify's pino logger both fit. */
export interface ArchiveLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: ArchiveLogger = { info: () => {}, warn: () => {}, error: () => {} };
