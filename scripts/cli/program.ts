// The `relayscope` command tree. Each verb lives in commands/.
import { Command } from "commander";
import packageJson from "../../package.json";
import { registerApp } from "./commands/app";
import { registerCollect } from "./commands/collect";
import { registerImport } from "./commands/import";
import { registerKey } from "./commands/key";
import { registerMigrate } from "./commands/migrate";
import { registerRollups } from "./commands/rollups";
import { registerServer } from "./commands/server";
import { registerStart } from "./commands/start";
import { registerTenant } from "./commands/tenant";
import { registerUser } from "./commands/user";

export function buildProgram(): Command {
  const program = new Command("relayscope")
    .description("TURN relay observability: sessions, bandwidth, cost and abuse for coturn and WebRTC apps")
    .version(packageJson.version)
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();
  registerStart(program);
  registerMigrate(program);
  registerTenant(program);
  registerServer(program);
  registerApp(program);
  registerKey(program);
  registerUser(program);
  registerCollect(program);
  registerImport(program);
  registerRollups(program);
  return program;
}
