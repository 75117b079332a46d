// The real server as a child process, started the way the README starts it.
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";

export type ServerProcess = {
  url: string;
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

export async function startServer(env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "src/server.ts"], {
    env: { PATH: process.env.PATH, HOST: "127.0.0.1", PORT: String(port), LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d) => {
    output += d;
  });
  child.stderr?.on("data", (d) => {
    output += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const started = await Promise.race([
    new Promise<boolean>((resolve) => {
      const check = setInterval(() => {
        // The last line of the start-up message (src/server.ts): the demo accounts are printed before it.
        if (output.includes("按 Ctrl+C 停止")) {
          clearInterval(check);
          resolve(true);
        }
      }, 50);
      exited.then(() => clearInterval(check));
    }),
    exited.then(() => false),
  ]);
  if (!started) throw new Error(`server did not start:\n${output}`);
  return { url: `http://127.0.0.1:${port}`, child, output: () => output, exited };
}

/** A minimal cookie-keeping client for a real server (fetch does not keep cookies). */
export class HttpClient {
  private cookies = new Map<string, string>();

  constructor(private readonly base: string) {}

  async get(path: string): Promise<Response> {
    return this.keep(await fetch(this.base + path, { headers: this.headers(), redirect: "manual" }));
  }

  async post(path: string, form: Record<string, string>, from = path): Promise<Response> {
    const page = await (await this.get(from)).text();
    return this.postWithToken(path, /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? "", form);
  }

  async postWithToken(path: string, csrf: string, form: Record<string, string>): Promise<Response> {
    return this.keep(
      await fetch(this.base + path, {
        method: "POST",
        headers: { ...this.headers(), "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ _csrf: csrf, ...form }).toString(),
        redirect: "manual",
      }),
    );
  }

  private headers(): Record<string, string> {
    return this.cookies.size ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ") } : {};
  }

  private keep(res: Response): Response {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const [name, ...value] = (pair ?? "").split("=");
      if (name) this.cookies.set(name.trim(), value.join("="));
    }
    return res;
  }
}
