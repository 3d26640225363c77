-- AlterTable
ALTER TABLE "ModelUsage" ADD COLUMN     "channel" TEXT;

-- CreateIndex
CREATE INDEX "Conversation_appId_updatedAt_idx" ON "Conversation"("appId", "updatedAt");
