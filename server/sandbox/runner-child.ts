/**
 * Entry point of a sandbox runner process, forked by the pool (pool.ts / runner-process.ts).
 *
 * Started as `node --no-node-snapshot --no-expose-wasm --import tsx server/sandbox/runner-child.ts`
 * with an environment that holds only PATH: no database URL, auth secret, encryption key or
 * provider key ever reaches this process, so even a full escape from an isolate finds none.
 * (`--no-node-snapshot` is required by isolated-vm on Node 20; `--no-expose-wasm` removes
 * WebAssembly from every isolate, see isolate-runtime.ts.)
 *
 * The only input is the IPC channel; every message is validated. The process exits when the
 * channel closes, so it never outlives its host.
 */
import { CONFIG_FLAG, childConfig, hostMessage, type ChildMessage, type ChildConfig } from "./protocol";
import { IsolateRunner } from "./runner";

function readConfig(argv: string[]): ChildConfig {
  const flag = argv.find((arg) => arg.startsWith(CONFIG_FLAG));
  if (!flag) throw new Error(`sandbox runner: missing ${CONFIG_FLAG}<json> argument`);
  return childConfig.parse(JSON.parse(flag.slice(CONFIG_FLAG.length)));
}

function send(message: ChildMessage): void {
  // The channel may already be closed when the host is shutting down; nothing to do then.
  if (process.connected) process.send?.(message, undefined, undefined, () => undefined);
}

function main(): void {
  if (!process.send) throw new Error("sandbox runner: must be started with an IPC channel (child_process.fork)");
  process.title = "agentloom-sandbox";
  const runner = new IsolateRunner(readConfig(process.argv));

  process.on("message", (raw: unknown) => {
    const parsed = hostMessage.safeParse(raw);
    if (!parsed.success) {
      process.stderr.write(`sandbox runner: ignored an invalid message: ${parsed.error.message}\n`);
      return;
    }
    const message = parsed.data;
    if (message.type === "cancel") {
      runner.cancel(message.id);
      return;
    }
    runner.execute(message).then(
      (result) => send({ type: "result", id: message.id, result }),
      (error: unknown) =>
        send({
          type: "result",
          id: message.id,
          result: {
            ok: false,
            error: { kind: "crashed", message: `The code sandbox failed unexpectedly: ${error instanceof Error ? error.message : String(error)}` },
            logs: [],
            durationMs: 0,
          },
        }),
    );
  });

  process.on("disconnect", () => process.exit(0));
  send({ type: "ready", pid: process.pid });
}

main();
