"use client";

import { useState } from "react";
import { useT } from "@/components/i18n/i18n-provider";
import { cn } from "@/components/ui/cn";
import { Dialog } from "@/components/ui/dialog";
import { ChannelPanel } from "./channel-panel";
import { ApiPanel } from "./api-panel";
import { ShareLinkPanel } from "./share-link-panel";
import { WidgetPanel } from "./widget-panel";
import type { AppModeName } from "@/server/apps/apps.schema";

const TABS = [
  { id: "share", label: "publish.share.title", chatOnly: true },
  { id: "widget", label: "publish.widget.title", chatOnly: true },
  { id: "wecom", label: "publish.wecom.title", chatOnly: true },
  { id: "wechat_mp", label: "publish.wechat.title", chatOnly: true },
  { id: "api", label: "publish.api.title", chatOnly: false },
] as const;

type Tab = (typeof TABS)[number]["id"];

/** Where a published app can be reached: the share link, the website widget, WeCom and the WeChat Official Account (chat apps), and the developer API. */
export function ChannelsDialog({
  open,
  onClose,
  workspaceId,
  appId,
  mode,
  canEdit,
}: {
  open: boolean;
  onClose: () => void;
  workspaceId: string;
  appId: string;
  mode: AppModeName;
  canEdit: boolean;
}) {
  const t = useT();
  const tabs = TABS.filter((item) => mode !== "workflow" || !item.chatOnly);
  const [chosen, setTab] = useState<Tab>(tabs[0]!.id);
  const tab = tabs.some((item) => item.id === chosen) ? chosen : tabs[0]!.id;
  return (
    <Dialog open={open} onClose={onClose} title={t("publish.channels.title")} description={t("publish.channels.description")} closeLabel={t("common.close")} size="xl">
      <div role="tablist" aria-label={t("publish.channels.title")} className="border-border mb-4 flex gap-1 border-b">
        {tabs.map((item) => (
          <button
            key={item.id}
            type="button"
            role="tab"
            aria-selected={tab === item.id}
            onClick={() => setTab(item.id)}
            className={cn("-mb-px border-b-2 px-3 py-2 text-[13px] font-medium", tab === item.id ? "border-primary text-foreground" : "text-muted-foreground border-transparent")}
          >
            {t(item.label)}
          </button>
        ))}
      </div>
      <div role="tabpanel">
        {tab === "share" && <ShareLinkPanel workspaceId={workspaceId} appId={appId} canEdit={canEdit} />}
        {tab === "widget" && <WidgetPanel workspaceId={workspaceId} appId={appId} canEdit={canEdit} />}
        {(tab === "wecom" || tab === "wechat_mp") && <ChannelPanel key={tab} workspaceId={workspaceId} appId={appId} canEdit={canEdit} platform={tab} />}
        {tab === "api" && <ApiPanel workspaceId={workspaceId} appId={appId} mode={mode} canEdit={canEdit} />}
      </div>
    </Dialog>
  );
}
