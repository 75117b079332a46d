// /api/openapi.json and /api/docs: the description, and a plain page listing it. The page is rendered on the
// server from the same document, with no client script (the app's CSP allows none from elsewhere, and
// Swagger UI would be megabytes of it).
import type { FastifyPluginAsync } from "fastify";

type Schema = {
  type?: string | string[];
  description?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  const?: unknown;
  enum?: unknown[];
};
type Operation = {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: { name: string; in: string; required?: boolean; description?: string; schema?: Schema }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { description?: string }>;
};
type Document = {
  info: { title: string; description?: string };
  paths: Record<string, Record<string, Operation>>;
};

const escapes: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};
function esc(value: unknown): string {
  return String(value ?? "").replace(/[&<>"']/g, (c) => escapes[c]!);
}

function typeOf(s: Schema | undefined): string {
  if (!s) return "";
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(" | ");
  return Array.isArray(s.type) ? s.type.join(" | ") : (s.type ?? "");
}

function fieldRows(schema: Schema | undefined): string {
  const variants = schema?.oneOf ?? schema?.anyOf ?? (schema ? [schema] : []);
  return variants
    .map((v) =>
      Object.entries(v.properties ?? {})
        .map(
          ([name, p]) =>
            `<tr><td><code>${esc(name)}</code></td><td>${esc(typeOf(p))}</td><td>${
              v.required?.includes(name) ? "必填" : "可选"
            }</td><td>${esc(p.description)}</td></tr>`,
        )
        .join(""),
    )
    .join("");
}

function operationHtml(method: string, path: string, op: Operation): string {
  const params = (op.parameters ?? [])
    .map(
      (p) =>
        `<tr><td><code>${esc(p.name)}</code></td><td>${esc(p.in === "path" ? "路径" : "查询")}</td><td>${
          p.required ? "必填" : "可选"
        }</td><td>${esc(p.description ?? p.schema?.description)}</td></tr>`,
    )
    .join("");
  const body = fieldRows(op.requestBody?.content?.["application/json"]?.schema);
  const responses = Object.entries(op.responses ?? {})
    .map(([code, r]) => `<li><code>${esc(code)}</code> ${esc(r.description)}</li>`)
    .join("");
  const table = (head: string, rows: string) =>
    rows
      ? `<h4>${head}</h4><div class="table-wrap"><table><thead><tr><th>名称</th><th>类型/位置</th><th></th><th>说明</th></tr></thead><tbody>${rows}</tbody></table></div>`
      : "";
  return `<section class="card"><h3><code>${esc(method.toUpperCase())} ${esc(path)}</code> ${esc(op.summary)}</h3>
<p>${esc(op.description)}</p>${table("参数", params)}${table("请求内容（JSON）", body)}<h4>响应</h4><ul>${responses}</ul></section>`;
}

export function docsPage(doc: Document): string {
  const operations = Object.entries(doc.paths)
    .flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => operationHtml(method, path, op)),
    )
    .join("\n");
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(doc.info.title)}</title><link rel="stylesheet" href="/assets/app.css"></head>
<body><main class="main">
<h1>${esc(doc.info.title)}</h1>
<p>${esc(doc.info.description)}</p>
<p>机器可读的接口描述（OpenAPI 3.1）：<a href="/api/openapi.json">/api/openapi.json</a>。令牌在 <a href="/account/tokens">我的账号 → API 令牌</a> 中生成。</p>
${operations}
</main></body></html>`;
}

export const apiDocsRoutes: FastifyPluginAsync = async (app) => {
  const config = { apiDocs: true };
  app.get("/openapi.json", { schema: { hide: true }, config }, async () => app.swagger());
  app.get("/docs", { schema: { hide: true }, config }, async (_request, reply) =>
    reply.type("text/html; charset=utf-8").send(docsPage(app.swagger() as unknown as Document)),
  );
};
