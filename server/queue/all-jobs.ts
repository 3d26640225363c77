import type { AnyJobDefinition } from "./jobs";
import { purgeStaleInvitationsJob } from "../workspaces/invitations.jobs";
import { runWorkflowJob, sweepStaleRunsJob } from "../runs/runs.jobs";
import { ingestDocumentJob, sweepStuckDocumentsJob } from "../knowledge/knowledge.jobs";

/** Every job kind, so one worker process consumes them all. Later domains add theirs here. */
export const allJobs: readonly AnyJobDefinition[] = [
  purgeStaleInvitationsJob as AnyJobDefinition,
  runWorkflowJob as AnyJobDefinition,
  sweepStaleRunsJob as AnyJobDefinition,
  ingestDocumentJob as AnyJobDefinition,
  sweepStuckDocumentsJob as AnyJobDefinition,
];
