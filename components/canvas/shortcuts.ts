import type { MessageKey } from "../i18n/i18n-provider";

/** The editor's keyboard shortcuts, as the help popover lists them (Mod is Ctrl, or ⌘ on a Mac). */
export const SHORTCUTS: readonly { keys: string[]; label: MessageKey }[] = [
  { keys: ["Mod", "Z"], label: "canvas.shortcut.undo" },
  { keys: ["Mod", "Shift", "Z"], label: "canvas.shortcut.redo" },
  { keys: ["Mod", "C"], label: "canvas.shortcut.copy" },
  { keys: ["Mod", "V"], label: "canvas.shortcut.paste" },
  { keys: ["Mod", "D"], label: "canvas.shortcut.duplicate" },
  { keys: ["Mod", "A"], label: "canvas.shortcut.selectAll" },
  { keys: ["Delete"], label: "canvas.shortcut.delete" },
  { keys: ["Shift", "Drag"], label: "canvas.shortcut.boxSelect" },
  { keys: ["Mod", "Click"], label: "canvas.shortcut.multiSelect" },
  { keys: ["Mod", "Shift", "L"], label: "canvas.shortcut.layout" },
  { keys: ["Mod", "Enter"], label: "canvas.shortcut.run" },
  { keys: ["Esc"], label: "canvas.shortcut.close" },
];
