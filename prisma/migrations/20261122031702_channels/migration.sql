-- CreateEnum
CREATE TYPE "ChannelKind" AS ENUM ('wecom', 'wechat_mp');

-- CreateEnum
CREATE TYPE "ChannelMessageMode" AS ENUM ('plaintext', 'compatible', 'safe');

-- CreateTable
CREATE TABLE "Channel" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "kind" "ChannelKind" NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "accountId" TEXT NOT NULL,
    "agentId" INTEGER,
    "messageMode" "ChannelMessageMode" NOT NULL DEFAULT 'safe',
    "welcomeMessage" TEXT NOT NULL DEFAULT '',
    "secretEncrypted" TEXT NOT NULL,
    "tokenEncrypted" TEXT NOT NULL,
    "encodingAesKeyEncrypted" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Channel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChannelEvent" (
    "id" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "ok" BOOLEAN NOT NULL DEFAULT true,
    "userId" TEXT,
    "errcode" INTEGER,
    "detail" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChannelEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Channel_workspaceId_idx" ON "Channel"("workspaceId");

-- CreateIndex
CREATE UNIQUE INDEX "Channel_appId_kind_key" ON "Channel"("appId", "kind");

-- CreateIndex
CREATE INDEX "ChannelEvent_channelId_createdAt_idx" ON "ChannelEvent"("channelId", "createdAt");

-- AddForeignKey
ALTER TABLE "Channel" ADD CONSTRAINT "Channel_appId_fkey" FOREIGN KEY ("appId") REFERENCES "App"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChannelEvent" ADD CONSTRAINT "ChannelEvent_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "Channel"("id") ON DELETE CASCADE ON UPDATE CASCADE;
