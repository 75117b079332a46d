// A page whose body was drawn once and kept as UTF-8 bytes (app.renderPart): the layout is drawn around a marker
// for this request (name, form token, flash) and the kept bytes go in the marker's place, so the body is neither
// rendered nor encoded again.
import type { FastifyReply } from "fastify";

const marker = "<!--prerendered-body-->";

export async function sendPrerendered(
  reply: FastifyReply,
  title: string,
  body: Buffer,
): Promise<FastifyReply> {
  const page = await reply.viewAsync("prerendered.eta", { title, html: marker });
  const at = page.indexOf(marker);
  if (at < 0) throw new Error("prerendered.eta lost its body marker");
  const head = Buffer.from(page.slice(0, at));
  const tail = Buffer.from(page.slice(at + marker.length));
  return reply.type("text/html; charset=utf-8").send(Buffer.concat([head, body, tail]));
}
