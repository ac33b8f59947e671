import { readdir, readFile } from 'node:fs/promises';

interface ProcessInfo {
  pid: number;
  parent: number;
  commandLine: string;
  rssBytes: number;
}

async function readProcess(pid: number): Promise<ProcessInfo | undefined> {
  try {
    const [status, commandLine] = await Promise.all([readFile(`/proc/${pid}/status`, 'utf8'), readFile(`/proc/${pid}/cmdline`, 'utf8')]);
    const parent = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1] ?? 0);
    const rssKb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
    return { pid, parent, commandLine: commandLine.replaceAll('\0', ' '), rssBytes: rssKb * 1024 };
  } catch {
    return undefined;
  }
}

/**
 * Resident memory of the browser's renderer processes (what Chrome's task manager calls the tab),
 * found among this process's descendants so no other Chromium on the machine is counted. The
 * renderer holds the JS heap, ArrayBuffers of decoded pixels, and the workers of the page.
 */
export async function rendererRssBytes(rootPid = process.pid): Promise<number> {
  const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name)).map(Number);
  const all = (await Promise.all(pids.map(readProcess))).filter((info): info is ProcessInfo => info !== undefined);
  const children = new Map<number, ProcessInfo[]>();
  for (const info of all) children.set(info.parent, [...(children.get(info.parent) ?? []), info]);
  let total = 0;
  const pending = [...(children.get(rootPid) ?? [])];
  while (pending.length > 0) {
    const info = pending.pop()!;
    if (info.commandLine.includes('--type=renderer')) total += info.rssBytes;
    pending.push(...(children.get(info.pid) ?? []));
  }
  return total;
}
