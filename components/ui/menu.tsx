"use client";

import { createContext, useCallback, useContext, useEffect, useId, useRef, useState, type ReactNode } from "react";
import Link from "next/link";
import { Check } from "lucide-react";
import { cn } from "./cn";

const MenuContext = createContext<{ close: (refocus?: boolean) => void } | null>(null);

function useMenu() {
  const value = useContext(MenuContext);
  if (!value) throw new Error("Menu items must be rendered inside <Menu>");
  return value;
}

const ITEM_SELECTOR = '[role="menuitem"],[role="menuitemradio"]';

interface MenuProps {
  /** Contents of the trigger button. */
  trigger: ReactNode;
  triggerLabel?: string;
  triggerClassName?: string;
  panelClassName?: string;
  placement?: "bottom" | "top";
  children: ReactNode;
}

/**
 * A button that opens a menu: closes on outside click, Escape, Tab or choosing an item;
 * arrow keys, Home and End move between items.
 */
export function Menu({ trigger, triggerLabel, triggerClassName, panelClassName, placement = "bottom", children }: MenuProps) {
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const panelId = useId();

  const close = useCallback((refocus = true) => {
    setOpen(false);
    if (refocus) triggerRef.current?.focus();
  }, []);

  useEffect(() => {
    if (!open) return;
    const items = panelRef.current?.querySelectorAll<HTMLElement>(ITEM_SELECTOR);
    (panelRef.current?.querySelector<HTMLElement>('[aria-checked="true"]') ?? items?.[0])?.focus();
    const onPointerDown = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) close(false);
    };
    document.addEventListener("pointerdown", onPointerDown);
    return () => document.removeEventListener("pointerdown", onPointerDown);
  }, [open, close]);

  function onKeyDown(event: React.KeyboardEvent) {
    if (event.key === "Escape") {
      event.preventDefault();
      close();
      return;
    }
    if (event.key === "Tab") {
      close(false);
      return;
    }
    const items = Array.from(panelRef.current?.querySelectorAll<HTMLElement>(ITEM_SELECTOR) ?? []);
    if (items.length === 0) return;
    const index = items.indexOf(document.activeElement as HTMLElement);
    const nextIndex =
      event.key === "ArrowDown" ? (index + 1) % items.length
      : event.key === "ArrowUp" ? (index - 1 + items.length) % items.length
      : event.key === "Home" ? 0
      : event.key === "End" ? items.length - 1
      : null;
    if (nextIndex === null) return;
    event.preventDefault();
    items[nextIndex]?.focus();
  }

  return (
    <div ref={rootRef} className="relative">
      <button
        ref={triggerRef}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        aria-label={triggerLabel}
        onClick={() => setOpen((o) => !o)}
        className={triggerClassName}
      >
        {trigger}
      </button>
      {open && (
        <MenuContext.Provider value={{ close }}>
          <div
            ref={panelRef}
            id={panelId}
            role="menu"
            aria-label={triggerLabel}
            onKeyDown={onKeyDown}
            className={cn(
              "bg-popover border-border absolute left-0 z-50 min-w-56 rounded-xl border p-1 shadow-lg",
              placement === "bottom" ? "top-full mt-1.5" : "bottom-full mb-1.5",
              panelClassName,
            )}
          >
            {children}
          </div>
        </MenuContext.Provider>
      )}
    </div>
  );
}

const itemClass =
  "flex w-full items-center gap-2.5 rounded-lg px-2.5 py-2 text-left text-[13px] text-foreground outline-none " +
  "hover:bg-accent focus-visible:bg-accent cursor-pointer";

export function MenuItem({ onSelect, children, className }: { onSelect: () => void; children: ReactNode; className?: string }) {
  const { close } = useMenu();
  return (
    <button
      type="button"
      role="menuitem"
      tabIndex={-1}
      onClick={() => {
        close();
        onSelect();
      }}
      className={cn(itemClass, className)}
    >
      {children}
    </button>
  );
}

export function MenuLinkItem({ href, onSelect, children, className, current }: { href: string; onSelect?: () => void; children: ReactNode; className?: string; current?: boolean }) {
  const { close } = useMenu();
  return (
    <Link
      href={href}
      role="menuitem"
      tabIndex={-1}
      aria-current={current ? "true" : undefined}
      onClick={() => {
        close(false);
        onSelect?.();
      }}
      className={cn(itemClass, className)}
    >
      {children}
    </Link>
  );
}

export function MenuRadioItem({ checked, onSelect, children, className }: { checked: boolean; onSelect: () => void; children: ReactNode; className?: string }) {
  const { close } = useMenu();
  return (
    <button
      type="button"
      role="menuitemradio"
      aria-checked={checked}
      tabIndex={-1}
      onClick={() => {
        close();
        onSelect();
      }}
      className={cn(itemClass, className)}
    >
      <span className="flex min-w-0 flex-1 items-center gap-2.5">{children}</span>
      <Check className={cn("text-primary size-4 shrink-0", !checked && "invisible")} aria-hidden />
    </button>
  );
}

export function MenuGroup({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div role="group" aria-label={label}>
      <div className="text-subtle px-2.5 pt-2 pb-1 text-[11px] font-medium tracking-wide uppercase">{label}</div>
      {children}
    </div>
  );
}

export function MenuSeparator() {
  return <div role="separator" className="bg-border -mx-1 my-1 h-px" />;
}
