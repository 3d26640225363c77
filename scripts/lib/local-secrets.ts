import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { z } from "zod";

const localSecretsSchema = z.object({ AUTH_SECRET: z.string().min(32), ENCRYPTION_KEY: z.string().min(32) });

/**
 * For the zero-setup embedded default: generates AUTH_SECRET and ENCRYPTION_KEY once and keeps
 * them in `<dataDir>/secrets.json` (mode 0600) beside the database they protect. Losing this
 * file makes stored secrets unreadable, so it is never regenerated when present.
 */
export function ensureLocalSecrets(dataDir: string, target: NodeJS.ProcessEnv = process.env): { created: boolean; file: string } {
  const file = path.join(dataDir, "secrets.json");
  let secrets: z.infer<typeof localSecretsSchema>;
  let created = false;
  if (existsSync(file)) {
    const parsed = localSecretsSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
    if (!parsed.success) throw new Error(`${file} is damaged (${parsed.error.issues[0]?.message}); restore it from a backup.`);
    secrets = parsed.data;
  } else {
    secrets = { AUTH_SECRET: randomBytes(32).toString("base64"), ENCRYPTION_KEY: randomBytes(32).toString("base64") };
    writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
    created = true;
  }
  target.AUTH_SECRET ??= secrets.AUTH_SECRET;
  target.ENCRYPTION_KEY ??= secrets.ENCRYPTION_KEY;
  return { created, file };
}
