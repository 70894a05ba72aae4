// The key that signs session cookies: RELAYSCOPE_AUTH_SECRET, or 32 random bytes made once into the
// data dir (fine for one instance; several instances must share the variable). Never derived.
import { dataDir, env } from "../env";
import { localKeyFile } from "../privacy/ip-hash-key";

export const AUTH_SECRET_FILE = "auth-secret.key";

export function authSecret(): string {
  const configured = env().RELAYSCOPE_AUTH_SECRET;
  if (configured) return configured;
  return localKeyFile(dataDir(), AUTH_SECRET_FILE, "delete it to sign everyone out and make a new one").toString("hex");
}
