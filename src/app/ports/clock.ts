// Time and logging, as every part of the app sees them.
import type { Logger } from 'pino';

export type Log = Logger;

export interface Clock {
  now(): Date;
}
