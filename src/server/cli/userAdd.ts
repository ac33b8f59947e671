import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { createAuditTrail } from '../audit/auditTrail';
import { AccountError, createUser } from '../auth/createUser';
import { ConfigError, loadConfig } from '../config';
import { systemClock } from '../store/clock';
import { openStore } from '../store/store';
import { ROLES, UsernameTakenError, type Role } from '../store/users';

const USAGE =
  'Usage: npm run user:add -- <username> --role admin|radiologist [--name "Display Name"]\n' +
  'The password is read from standard input (first line) or asked for; it is never an argument.';

/** Reads the password: the first line of piped input, or typed twice at a terminal without echo. */
async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    let text = '';
    for await (const chunk of process.stdin) text += String(chunk);
    return text.split(/\r?\n/)[0] ?? '';
  }
  let muted = false;
  const output = new Writable({
    write(chunk: Uint8Array, _encoding, done) {
      if (!muted) process.stdout.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  const ask = async (prompt: string) => {
    const answer = rl.question(prompt);
    muted = true;
    const value = await answer;
    muted = false;
    process.stdout.write('\n');
    return value;
  };
  try {
    const first = await ask('Password: ');
    const second = await ask('Repeat password: ');
    if (first !== second) throw new AccountError('The passwords differ');
    return first;
  } finally {
    rl.close();
  }
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { role: { type: 'string' }, name: { type: 'string' } } });
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const [username, ...extra] = parsed.positionals;
  const role = parsed.values.role;
  if (username === undefined || extra.length > 0 || !ROLES.includes(role as Role)) {
    console.error(USAGE);
    return 2;
  }
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : String(error));
    return 2;
  }
  const store = await openStore(config.dataDir);
  try {
    const password = await readPassword();
    const user = await createUser(store, createAuditTrail(store.auditLog, systemClock), systemClock(), {
      username,
      displayName: parsed.values.name,
      role: role as Role,
      password,
      actor: { kind: 'system', name: 'user:add (command line)' },
    });
    console.log(`Created ${user.role} "${user.username}"`);
    return 0;
  } catch (error) {
    if (error instanceof AccountError || error instanceof UsernameTakenError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  } finally {
    await store.close();
  }
}

process.exitCode = await main();
