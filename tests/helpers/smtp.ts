// A real SMTP server in the test process (smtp-server), parsing what arrives with mailparser. Its behaviour is
// changed as a test goes: refuse chosen recipients with a 550, greylist everyone with a 451, defer after DATA
// with a 452, answer slowly, or stop and start again on the same port to simulate an outage. The reminder soak
// (bench/soak-reminders.ts) uses it too.
import { type AddressObject, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export type Received = {
  messageId: string;
  sender: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** `clock()` when it was accepted. */
  at: number;
  /** Whatever the test set `tick` to when it was accepted (the simulated step it is at). */
  tick: string;
};

function refusal(code: number, message: string) {
  return Object.assign(new Error(message), { responseCode: code });
}

export class SmtpSink {
  readonly messages: Received[] = [];
  /** Addresses answered with 550 at RCPT TO. */
  readonly refuse: Set<string>;
  /** Answer every recipient with 451 (greylisting). */
  greylistAll = false;
  /** Answer the end of DATA with 452 (the server's storage is full). */
  deferData = false;
  /** Delay before answering the end of DATA, i.e. before the message counts as accepted. */
  dataDelayMs = 0;
  tick = "";
  clock: () => Date = () => new Date();
  port = 0;
  private server: SMTPServer | null = null;

  constructor(refuse: string[] = []) {
    this.refuse = new Set(refuse);
  }

  async start(): Promise<this> {
    const server = new SMTPServer({
      authOptional: true,
      // No reverse DNS lookup of the client: this machine has no resolver for it and each lookup would time out.
      disableReverseLookup: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      // Stopping is an outage: open connections are cut at once rather than after the default 30 s.
      closeTimeout: 50,
      onRcptTo: (address, _session, callback) => {
        if (this.refuse.has(address.address)) {
          return callback(refusal(550, "5.1.1 没有这个邮箱 mailbox unavailable"));
        }
        if (this.greylistAll) return callback(refusal(451, "4.7.1 Greylisted, please try again later"));
        callback();
      },
      onData: (stream, _session, callback) => {
        simpleParser(stream)
          .then((mail) => {
            if (this.deferData) return callback(refusal(452, "4.3.1 Insufficient system storage"));
            const accept = () => {
              this.messages.push({
                messageId: mail.messageId ?? "",
                sender: mail.from?.text ?? "",
                to: ([] as AddressObject[])
                  .concat(mail.to ?? [])
                  .flatMap((a) => a.value.map((v) => v.address ?? "")),
                subject: mail.subject ?? "",
                text: mail.text ?? "",
                html: String(mail.html || ""),
                at: this.clock().getTime(),
                tick: this.tick,
              });
              callback();
            };
            if (this.dataDelayMs > 0) setTimeout(accept, this.dataDelayMs);
            else accept();
          })
          .catch(callback);
      },
    });
    await new Promise<void>((resolve) => server.listen(this.port, "127.0.0.1", resolve));
    this.port = (server.server.address() as { port: number }).port;
    this.server = server;
    return this;
  }

  /** Refuses connections from now on (nothing listens on the port) until start() again. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  get running(): boolean {
    return this.server !== null;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  to(address: string): Received[] {
    return this.messages.filter((m) => m.to.includes(address));
  }

  copies(messageId: string): number {
    return this.messages.filter((m) => m.messageId === messageId).length;
  }
}
