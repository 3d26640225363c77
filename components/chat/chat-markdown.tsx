"use client";

import { memo, useMemo } from "react";
import ReactMarkdown, { type Options } from "react-markdown";
import rehypeHighlight from "rehype-highlight";
import remarkGfm from "remark-gfm";
import "highlight.js/styles/github.css";
import { CITE_PREFIX, rehypeCitationMarkers } from "./citation-markers";

const NO_CITATIONS: readonly number[] = [];

/**
 * An answer as markdown: GitHub tables/lists, highlighted code. Raw HTML in the text is shown
 * as text, never rendered (answers can echo user or web content), and links open elsewhere.
 * With `citations`, the answer's `[n]` markers of those positions open the source (`onCite`).
 */
export const ChatMarkdown = memo(function ChatMarkdown({ text, citations = NO_CITATIONS, onCite }: { text: string; citations?: readonly number[]; onCite?: (position: number) => void }) {
  const rehypePlugins = useMemo<NonNullable<Options["rehypePlugins"]>>(() => [[rehypeHighlight, { detect: true, ignoreMissing: true }], [rehypeCitationMarkers, citations]], [citations]);
  return (
    <div className="chat-markdown text-[14px] leading-relaxed break-words [&_a]:text-primary [&_a]:underline [&_code]:rounded [&_code]:bg-muted [&_code]:px-1 [&_li]:ml-5 [&_ol]:list-decimal [&_p]:my-1.5 [&_pre]:my-2 [&_pre]:overflow-x-auto [&_pre]:rounded-lg [&_pre]:border [&_pre]:border-border [&_pre]:p-3 [&_pre_code]:bg-transparent [&_pre_code]:p-0 [&_table]:my-2 [&_td]:border [&_td]:border-border [&_td]:px-2 [&_th]:border [&_th]:border-border [&_th]:px-2 [&_ul]:list-disc">
      <ReactMarkdown
        remarkPlugins={[remarkGfm]}
        rehypePlugins={rehypePlugins}
        components={{
          a: ({ href, children }) => {
            if (href?.startsWith(CITE_PREFIX) && onCite) {
              const position = Number(href.slice(CITE_PREFIX.length));
              return (
                <button type="button" data-testid="citation-marker" onClick={() => onCite(position)} className="text-primary mx-0.5 align-super text-[11px] font-semibold hover:underline">
                  {children}
                </button>
              );
            }
            return (
              <a href={href} target="_blank" rel="noopener noreferrer nofollow">
                {children}
              </a>
            );
          },
        }}
      >
        {text}
      </ReactMarkdown>
    </div>
  );
});
