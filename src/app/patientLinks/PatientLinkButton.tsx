import { useState } from 'react';
import type { StudySelection } from '../sharing/useStudySelection';
import { PatientLinkDialog } from './PatientLinkDialog';
import { patientLinkTarget } from './patientLinkTarget';

/** The study list's "Patient link…": for the selected studies' patient (all their studies, or these). */
export function PatientLinkButton({ selection }: { selection: StudySelection }) {
  const [open, setOpen] = useState(false);
  const target = patientLinkTarget([...selection.rows.values()]);
  return (
    <>
      <button
        type="button"
        className="button"
        disabled={!target.ok}
        title={target.ok ? 'A link for the patient to see their own images' : target.reason}
        onClick={() => setOpen(true)}
      >
        Patient link…
      </button>
      {open && target.ok && <PatientLinkDialog target={target} onClose={() => setOpen(false)} />}
    </>
  );
}
