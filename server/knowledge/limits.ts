import { env } from "../env";
import { ACCEPTED_EXTENSIONS } from "./parsers/file-types";

/** What the upload UI checks before sending (the server checks again). */
export function knowledgeLimits() {
  return { maxFileMb: env().KNOWLEDGE_MAX_FILE_MB, acceptedExtensions: ACCEPTED_EXTENSIONS, maxFilesPerUpload: MAX_FILES_PER_UPLOAD };
}

export const MAX_FILES_PER_UPLOAD = 20;
