/** The process logger: structured pino JSON on stdout, or pino-pretty for humans. */
import pino, { type Logger } from 'pino';

export function makeLogger(level: string, pretty: boolean): Logger {
  if (pretty) {
    return pino({
      level,
      transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'HH:MM:ss.l' } },
    });
  }
  return pino({ level, base: { pid: process.pid } });
}
