// PDFs through the system's Chromium (Debian's package), driven by playwright-core, which downloads no browser.
// One browser and one page are kept for the app's lifetime: a launch costs ~0.5 s and a new context and page
// some 100 ms more, against a bulletin's ~2 s of print layout. Requests take the page in turn (a document loaded
// into it is its one state, so two prints must never share it); a queue of them waits rather than opening more
// pages, which on a 2-core server would only slow each one down. A browser that crashes or is killed is started
// again by the next request; the printer closes it with the app.
import { constants } from "node:fs";
import { access } from "node:fs/promises";
import { type Browser, chromium, type Page } from "playwright-core";

export const defaultChromiumPath = "/usr/bin/chromium";

export class PdfUnavailableError extends Error {}

/** Debian's Chromium, headless, as this machine's sandbox allows it (the browser tests use it too). */
export function launchChromium(executablePath = defaultChromiumPath): Promise<Browser> {
  return chromium.launch({
    executablePath,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
}

export type PdfPrinter = {
  print: (html: string) => Promise<Buffer>;
  /** Starts the browser and its page now, so the first request does not wait for them. */
  warm: () => Promise<void>;
  close: () => Promise<void>;
};

type Kept = { browser: Browser; page: Page; crashed: boolean };

export function createPdfPrinter(executablePath = defaultChromiumPath): PdfPrinter {
  let kept: Promise<Kept> | null = null;
  let closed = false;
  // The tail of the queue: each print starts after the one before it has settled.
  let queue: Promise<unknown> = Promise.resolve();

  async function launch(): Promise<Kept> {
    try {
      await access(executablePath, constants.X_OK);
    } catch {
      throw new PdfUnavailableError(`chromium not found at ${executablePath}`);
    }
    const browser = await launchChromium(executablePath);
    const mine = kept;
    browser.on("disconnected", () => {
      if (kept === mine) kept = null;
    });
    try {
      // The bulletin carries its styles inline and needs no script, session or network.
      const context = await browser.newContext({ javaScriptEnabled: false });
      const page = await context.newPage();
      const opened: Kept = { browser, page, crashed: false };
      // A renderer that dies leaves the browser running and the page open, but useless.
      page.on("crash", () => {
        opened.crashed = true;
      });
      return opened;
    } catch (error) {
      await browser.close().catch(() => {});
      throw error;
    }
  }

  function current(): Promise<Kept> {
    if (closed) return Promise.reject(new Error("the PDF printer is closed"));
    if (!kept) {
      const started: Promise<Kept> = launch().catch((error: unknown) => {
        if (kept === started) kept = null;
        throw error;
      });
      kept = started;
    }
    return kept;
  }

  /** Forgets a browser that failed a print (crashed, killed, its page gone) and closes what is left of it. */
  function discard(broken: Promise<Kept>) {
    if (kept === broken) kept = null;
    void broken.then(({ browser }) => browser.close()).catch(() => {});
  }

  async function printOnce(html: string): Promise<Buffer> {
    const held = current();
    const opened = await held;
    const { browser, page } = opened;
    try {
      await page.setContent(html, { waitUntil: "load", timeout: 30_000 });
      return await page.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true });
    } catch (error) {
      if (browser.isConnected() && !page.isClosed() && !opened.crashed) throw error;
      discard(held);
      throw new BrowserLostError(error);
    }
  }

  async function printInTurn(html: string): Promise<Buffer> {
    try {
      return await printOnce(html);
    } catch (error) {
      // The browser died under this print (or before it, unnoticed): one more try in a new one.
      if (error instanceof BrowserLostError && !closed) return printOnce(html);
      throw error;
    }
  }

  return {
    print(html) {
      const turn = queue.then(() => printInTurn(html));
      queue = turn.catch(() => {});
      return turn;
    },
    async warm() {
      await current();
    },
    async close() {
      closed = true;
      const running = kept;
      kept = null;
      // Prints already queued end first (with a "closed" error if they had not begun), then the browser goes.
      await queue;
      if (running) await (await running.catch(() => null))?.browser.close();
    },
  };
}

class BrowserLostError extends Error {
  constructor(cause: unknown) {
    super("chromium went away during a print", { cause });
  }
}
