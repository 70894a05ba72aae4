// One logger for the app, the CLI and the jobs: JSON lines on stderr (stdout is for command output).
import pino from "pino";
import { env } from "../env";

let instance: pino.Logger | undefined;

export function log(): pino.Logger {
  instance ??= pino({ level: env().LOG_LEVEL, base: { app: "relayscope" } }, pino.destination(2));
  return instance;
}
