import { useState } from 'react';
import { api } from '../api/api';
import { createShare, type CreatedShare, type NewShare } from '../api/sharesApi';
import { describeShareError } from './describeShareError';
import { Dialog } from './Dialog';
import { ShareForm, type StudyOption } from './ShareForm';
import { ShareResult } from './ShareResult';
import type { SeriesOption } from './SeriesScopePicker';

interface ShareDialogProps {
  studies: readonly StudyOption[];
  series?: { entries: readonly SeriesOption[]; active: string | undefined };
  onClose: () => void;
}

/** Create a share link: the form, then the link itself, shown once. */
export function ShareDialog({ studies, series, onClose }: ShareDialogProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [created, setCreated] = useState<{ share: CreatedShare; passcode: boolean }>();

  const submit = async (share: NewShare) => {
    setBusy(true);
    setError(undefined);
    try {
      setCreated({ share: await createShare(api, share), passcode: share.passcode !== undefined });
    } catch (failure) {
      setError(describeShareError(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title={created ? 'Share link' : 'Share with a link'} onClose={onClose} className="share-dialog">
      {created ? (
        <ShareResult created={created.share} passcode={created.passcode} onDone={onClose} />
      ) : (
        <ShareForm
          studies={studies}
          series={series}
          busy={busy}
          error={error}
          onSubmit={(share) => void submit(share)}
          onCancel={onClose}
        />
      )}
    </Dialog>
  );
}
