-- AlterEnum
ALTER TYPE "AppMode" ADD VALUE 'assistant';

-- AlterTable
ALTER TABLE "App" ADD COLUMN     "assistantConfig" JSONB;

-- AlterTable
ALTER TABLE "AppVersion" ADD COLUMN     "assistantConfig" JSONB;

-- AlterTable
ALTER TABLE "Conversation" ADD COLUMN     "summarizedUntil" TIMESTAMP(3),
ADD COLUMN     "summary" TEXT NOT NULL DEFAULT '';
