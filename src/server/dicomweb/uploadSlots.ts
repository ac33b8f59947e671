/**
 * How many STOW-RS requests run at once, per uploader (a staff session) and in all. Each holds a
 * socket, a temp file and its descriptor until it ends, so without a cap one client could hold
 * them all.
 */
interface UploadSlots {
  /** A slot to give back when the upload ends, or why there is none. */
  take(uploader: string): UploadTicket;
}

type UploadTicket = { release(): void } | { refusal: string };

export function uploadSlots({ perUploader, total }: { perUploader: number; total: number }): UploadSlots {
  const active = new Map<string, number>();
  let all = 0;
  return {
    take(uploader) {
      const mine = active.get(uploader) ?? 0;
      if (mine >= perUploader) {
        return {
          refusal: `This session already has ${mine} uploads in progress (STOW_MAX_CONCURRENT_PER_SESSION); wait for one to finish`,
        };
      }
      if (all >= total)
        return { refusal: `The server is already receiving ${all} uploads (STOW_MAX_CONCURRENT); try again shortly` };
      active.set(uploader, mine + 1);
      all++;
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          all--;
          const left = (active.get(uploader) ?? 1) - 1;
          if (left === 0) active.delete(uploader);
          else active.set(uploader, left);
        },
      };
    },
  };
}
