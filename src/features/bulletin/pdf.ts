// PDFs through the system's Chromium (Debian's package), driven by playwright-core, which downloads no browser.
// One browser is started on the first request and kept: a launch costs ~0.5 s, a page in a running browser a few
// milliseconds. It is closed with the app.
import { constants } from "node:fs";
import { access } from "node:fs/promises";
import { type Browser, chromium } from "playwright-core";

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
  close: () => Promise<void>;
};

export function createPdfPrinter(executablePath = defaultChromiumPath): PdfPrinter {
  let browser: Promise<Browser> | null = null;

  async function launch(): Promise<Browser> {
    try {
      await access(executablePath, constants.X_OK);
    } catch {
      throw new PdfUnavailableError(`chromium not found at ${executablePath}`);
    }
    const started = await launchChromium(executablePath);
    // A crashed browser is started again on the next request rather than failing every one after it.
    started.on("disconnected", () => {
      browser = null;
    });
    return started;
  }

  return {
    async print(html) {
      browser ??= launch().catch((error: unknown) => {
        browser = null;
        throw error;
      });
      const context = await (await browser).newContext();
      try {
        const page = await context.newPage();
        // The page carries its styles inline and loads nothing, so no session or network is needed.
        await page.setContent(html, { waitUntil: "load" });
        return await page.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true });
      } finally {
        await context.close();
      }
    },
    async close() {
      const running = browser;
      browser = null;
      if (running) await (await running.catch(() => null))?.close();
    },
  };
}
