// Multipart forms (report with evidence files): fields and files out of @fastify/multipart's body.
import type { MultipartFile, MultipartValue } from "@fastify/multipart";
import type { Upload } from "../features/files/evidence.ts";

type Part = MultipartFile | MultipartValue;

export async function readMultipart(
  body: unknown,
): Promise<{ fields: Record<string, string>; files: Upload[] }> {
  const fields: Record<string, string> = {};
  const files: Upload[] = [];
  for (const [name, value] of Object.entries((body ?? {}) as Record<string, Part | Part[]>)) {
    for (const part of Array.isArray(value) ? value : [value]) {
      if (part.type === "file") {
        const bytes = await part.toBuffer();
        // An empty file input still sends a part with no name and no bytes.
        if (part.filename || bytes.length > 0)
          files.push({ fileName: part.filename, mimeType: part.mimetype, bytes });
      } else {
        fields[name] = String(part.value ?? "");
      }
    }
  }
  return { fields, files };
}

/** The CSRF token of a form post, whether it came url-encoded or as multipart. */
export function csrfTokenOf(body: unknown): string | undefined {
  const token = (body as Record<string, unknown> | undefined)?._csrf;
  if (typeof token === "string") return token;
  if (token && typeof token === "object" && "value" in token) return String((token as MultipartValue).value);
  return undefined;
}
