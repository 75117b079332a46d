// A real SMTP server in the test process (smtp-server), parsing what arrives with mailparser. It can refuse
// chosen recipients with a 5xx, and be stopped and started again on the same port to simulate an outage.
import { type AddressObject, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export type Received = { to: string[]; subject: string; text: string; html: string };

export class SmtpSink {
  readonly messages: Received[] = [];
  private server: SMTPServer | null = null;
  port = 0;

  constructor(private readonly reject: string[] = []) {}

  async start(): Promise<this> {
    const server = new SMTPServer({
      authOptional: true,
      // No reverse DNS lookup of the client: this machine has no resolver for it and each lookup would time out.
      disableReverseLookup: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      onRcptTo: (address, _session, callback) => {
        if (this.reject.includes(address.address)) {
          return callback(
            Object.assign(new Error("没有这个邮箱 mailbox unavailable"), { responseCode: 550 }),
          );
        }
        callback();
      },
      onData: (stream, _session, callback) => {
        simpleParser(stream)
          .then((mail) => {
            const to = ([] as AddressObject[])
              .concat(mail.to ?? [])
              .flatMap((a) => a.value.map((v) => v.address ?? ""));
            this.messages.push({
              to,
              subject: mail.subject ?? "",
              text: mail.text ?? "",
              html: String(mail.html || ""),
            });
            callback();
          })
          .catch(callback);
      },
    });
    await new Promise<void>((resolve) => server.listen(this.port, "127.0.0.1", resolve));
    this.port = (server.server.address() as { port: number }).port;
    this.server = server;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  to(address: string): Received[] {
    return this.messages.filter((m) => m.to.includes(address));
  }
}
