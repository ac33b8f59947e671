import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * The two outside checks a stored document must pass: dcmtk's `dsrdump` (reads the SR tree the way
 * a PACS viewer would) and dicom3tools' `dciodvfy` (checks the IOD, its modules and content
 * constraints). Each takes a file path or Part 10 bytes (written to a temporary file).
 */
interface ValidationReport {
  readonly errors: string[];
  readonly warnings: string[];
}

interface ToolRun {
  code: number;
  output: string;
}

function run(tool: string, args: readonly string[]): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    execFile(tool, args, { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      // A non-zero exit is a finding, not a failure to run; a missing tool is.
      if (error && typeof error.code !== 'number') reject(new Error(`${tool} could not run: ${error.message}`));
      else resolve({ code: typeof error?.code === 'number' ? error.code : 0, output: `${stdout}\n${stderr}` });
    });
  });
}

async function onFile<T>(input: Uint8Array | string, check: (file: string) => Promise<T>): Promise<T> {
  if (typeof input === 'string') return check(input);
  const dir = await mkdtemp(path.join(tmpdir(), 'secondread-validate-'));
  try {
    const file = path.join(dir, 'instance.dcm');
    await writeFile(file, input);
    return await check(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function linesStarting(output: string, prefix: string): string[] {
  return output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith(prefix));
}

/** dsrdump: "E:"/"F:" lines and a non-zero exit are errors, "W:" lines warnings. */
export function dsrdump(input: Uint8Array | string): Promise<ValidationReport> {
  return onFile(input, async (file) => {
    const { code, output } = await run('dsrdump', [file]);
    const errors = [...linesStarting(output, 'E:'), ...linesStarting(output, 'F:')];
    if (code !== 0 && errors.length === 0) errors.push(`dsrdump exited with ${code}`);
    return { errors, warnings: linesStarting(output, 'W:') };
  });
}

/** dciodvfy: "Error -" lines (and a non-zero exit) are errors, "Warning -" lines warnings. */
export function dciodvfy(input: Uint8Array | string): Promise<ValidationReport> {
  return onFile(input, async (file) => {
    const { code, output } = await run('dciodvfy', [file]);
    const errors = linesStarting(output, 'Error -');
    if (code !== 0 && errors.length === 0) errors.push(`dciodvfy exited with ${code}`);
    return { errors, warnings: linesStarting(output, 'Warning -') };
  });
}
