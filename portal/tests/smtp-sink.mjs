// A real SMTP server for the notifier's test (npm smtp-server, the nodemailer project's server):
// accepts every message on 127.0.0.1:<port> and appends it as one JSON line (envelope, headers,
// text) to <file>.
//
//   node portal/tests/smtp-sink.mjs <port> <file>
import { SMTPServer } from 'smtp-server';
import { appendFileSync } from 'node:fs';

const [port, file] = [Number(process.argv[2]), process.argv[3]];
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  onData(stream, session, callback) {
    const chunks = [];
    stream.on('data', (c) => chunks.push(c));
    stream.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const [head, ...body] = raw.split(/\r?\n\r?\n/);
      const header = (name) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1]?.trim();
      appendFileSync(file, JSON.stringify({
        to: session.envelope.rcptTo.map((r) => r.address),
        messageId: header('Message-ID'),
        notice: header('X-Safetynet-Notice'),
        subject: header('Subject'),
        body: body.join('\n\n'),
      }) + '\n');
      callback();
    });
  },
});
server.listen(port, '127.0.0.1', () => console.log(`listening on ${port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
