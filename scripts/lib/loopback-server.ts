/**
 * Start/stop plumbing shared by the fake upstream servers (scripts/fake-openai, scripts/fake-wechat).
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface ListeningServer {
  /** `http://host:port`, IPv6 hosts in brackets. */
  url: string;
  /** Stops accepting and drops open connections; safe to call more than once. */
  close(): Promise<void>;
}

/** Listens on `host` (default 127.0.0.1) and `port` (default 0 = any free port). */
export function listenOnLoopback(server: Server, options: { port?: number; host?: string }): Promise<ListeningServer> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      const address = server.address() as AddressInfo;
      const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
      let closing: Promise<void> | undefined;
      resolve({
        url: `http://${host}:${address.port}`,
        close: () => {
          closing ??= new Promise<void>((done, failed) => {
            server.close((error) => (error ? failed(error) : done()));
            // Hung, streaming and idle keep-alive connections would otherwise keep close() waiting.
            server.closeAllConnections();
          });
          return closing;
        },
      });
    });
  });
}

/** For a CLI: closes the server and exits on SIGINT/SIGTERM; prints usage and exits 1 when `main` fails. */
export function runCli(main: () => Promise<{ close(): Promise<void> } | void>, usage: string): void {
  main().then(
    (server) => {
      if (!server) return;
      const stop = (): void => {
        void server.close().then(() => process.exit(0));
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      console.error(usage);
      process.exit(1);
    },
  );
}
