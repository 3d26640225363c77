import { z } from "zod";
import { db } from "../db";
import { defineJob } from "../queue/jobs";

const RETENTION_MS = 30 * 86_400_000;

/** Invitation rows stay for a month after they stop being usable (for the audit trail), then go. */
export const purgeStaleInvitationsJob = defineJob({
  name: "invitations.purge-stale",
  payload: z.object({}),
  attempts: 2,
  concurrency: 1,
  schedule: { everyMs: 6 * 3600_000, payload: {} },
  async handle(_payload, { log }) {
    const cutoff = new Date(Date.now() - RETENTION_MS);
    const { count } = await db().invitation.deleteMany({
      where: { OR: [{ expiresAt: { lt: cutoff } }, { revokedAt: { lt: cutoff } }] },
    });
    if (count > 0) log.info({ count }, "purged stale invitations");
  },
});
