import { readdir, readFile } from 'node:fs/promises';

interface ProcessInfo {
  pid: number;
  parent: number;
  commandLine: string;
  pssBytes: number;
}

async function readProcess(pid: number): Promise<ProcessInfo | undefined> {
  try {
    const [status, commandLine] = await Promise.all([
      readFile(`/proc/${pid}/status`, 'utf8'),
      readFile(`/proc/${pid}/cmdline`, 'utf8'),
    ]);
    const parent = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1] ?? 0);
    const renderer = commandLine.includes('--type=renderer');
    const rollup = renderer ? await readFile(`/proc/${pid}/smaps_rollup`, 'utf8') : '';
    const pssKb = Number(/^Pss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0);
    return { pid, parent, commandLine: commandLine.replaceAll('\0', ' '), pssBytes: pssKb * 1024 };
  } catch {
    return undefined;
  }
}

/**
 * Proportional set size of the browser's renderer processes (the tab: its JS heap, ArrayBuffers
 * of decoded pixels, the page's workers), found among this process's descendants so no other
 * Chromium on the machine is counted. PSS, not RSS: RSS also counts every page of the shared
 * libraries and fonts Chromium maps, some 400 MB that no viewer allocated.
 */
export async function rendererPssBytes(rootPid = process.pid): Promise<number> {
  const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name)).map(Number);
  const all = (await Promise.all(pids.map(readProcess))).filter((info): info is ProcessInfo => info !== undefined);
  const children = new Map<number, ProcessInfo[]>();
  for (const info of all) children.set(info.parent, [...(children.get(info.parent) ?? []), info]);
  let total = 0;
  const pending = [...(children.get(rootPid) ?? [])];
  while (pending.length > 0) {
    const info = pending.pop()!;
    total += info.pssBytes;
    pending.push(...(children.get(info.pid) ?? []));
  }
  return total;
}
