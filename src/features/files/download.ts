// Sends a stored attachment as a download, for the page route (/files/:id) and the API's (/api/files/:id) alike.
import type { FastifyReply } from "fastify";
import { readStoredFile } from "./evidence.ts";

export async function sendAttachment(
  reply: FastifyReply,
  dataDir: string,
  file: { storagePath: string; mimeType: string; fileName: string },
) {
  const bytes = await readStoredFile(dataDir, file.storagePath);
  return reply
    .type(file.mimeType)
    .header("content-disposition", `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
    .header("cache-control", "private, no-store")
    .send(bytes);
}
