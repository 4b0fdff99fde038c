import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/log/logger';

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

/** A real pino logger whose JSON lines are kept for assertions. */
export function captureLogger(level = 'info'): { logger: Logger; lines: LogLine[]; find(msg: RegExp): LogLine | undefined } {
  const lines: LogLine[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  return { logger: createLogger(level, sink), lines, find: (msg) => lines.find((l) => msg.test(l.msg)) };
}
