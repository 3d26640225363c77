-- CreateEnum
CREATE TYPE "ToolProviderKind" AS ENUM ('openapi', 'mcp');

-- AlterTable
ALTER TABLE "App" ADD COLUMN     "offeredAsTool" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "ToolProvider" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "kind" "ToolProviderKind" NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "config" JSONB NOT NULL,
    "secretEncrypted" TEXT,
    "tools" JSONB NOT NULL DEFAULT '[]',
    "toolsRefreshedAt" TIMESTAMP(3),
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ToolProvider_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AppMcpEndpoint" (
    "id" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AppMcpEndpoint_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ToolProvider_workspaceId_name_key" ON "ToolProvider"("workspaceId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "AppMcpEndpoint_appId_key" ON "AppMcpEndpoint"("appId");

-- CreateIndex
CREATE UNIQUE INDEX "AppMcpEndpoint_token_key" ON "AppMcpEndpoint"("token");

-- AddForeignKey
ALTER TABLE "ToolProvider" ADD CONSTRAINT "ToolProvider_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AppMcpEndpoint" ADD CONSTRAINT "AppMcpEndpoint_appId_fkey" FOREIGN KEY ("appId") REFERENCES "App"("id") ON DELETE CASCADE ON UPDATE CASCADE;
