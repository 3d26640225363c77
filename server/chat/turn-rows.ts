/**
 * The Conversation and Message rows of a chat turn, written as one prepared statement (see
 * sqlPool in server/db.ts): every message of every channel passes here, and one statement
 * instead of a Prisma transaction (BEGIN, two inserts, COMMIT) keeps it cheap while the run's
 * first token is on its way. One statement is atomic, so a failure leaves neither row.
 */
import { sqlPool, sqlTimestamp, type Db } from "../db";
import { conversationOwner, type ChatScope } from "./conversations.service";

export interface TurnRows {
  conversationId: string;
  /** Set when the turn starts the conversation: its name and fixed inputs. */
  newConversation: { name: string; inputs: Record<string, unknown> } | null;
  messageId: string;
  runId: string;
  query: string;
  files: string[];
}

const INSERT_MESSAGE = `INSERT INTO "Message" ("id", "conversationId", "runId", "query", "files", "createdAt") VALUES ($1, $2, $3, $4, $5::jsonb, $6::timestamp(3))`;

export async function storeTurnRows(db: Db, scope: ChatScope, rows: TurnRows): Promise<void> {
  const now = sqlTimestamp(new Date());
  const message = [rows.messageId, rows.conversationId, rows.runId, rows.query, JSON.stringify(rows.files), now];
  if (rows.newConversation) {
    const owner = conversationOwner(scope);
    // The foreign key is checked at the end of the statement, when the conversation row exists.
    await sqlPool(db).query({
      name: "chat_turn_new_conversation",
      text: `WITH conversation AS (
               INSERT INTO "Conversation" ("id", "workspaceId", "appId", "channel", "endUserId", "name", "inputs", "createdAt", "updatedAt")
               VALUES ($2, $7, $8, $9, $10, $11, $12::jsonb, $6::timestamp(3), $6::timestamp(3))
             ) ${INSERT_MESSAGE}`,
      values: [...message, owner.workspaceId, owner.appId, owner.channel, owner.endUserId, rows.newConversation.name, JSON.stringify(rows.newConversation.inputs)],
    });
  } else {
    await sqlPool(db).query({
      name: "chat_turn_next_message",
      text: `WITH touched AS (UPDATE "Conversation" SET "updatedAt" = $6::timestamp(3) WHERE "id" = $2) ${INSERT_MESSAGE}`,
      values: message,
    });
  }
}
