import { useEffect } from 'react';
import { Link, useParams } from 'react-router';
import { AppHeader } from '../AppHeader';
import { PATIENT_LINKS_PATH } from '../routes';
import { formatDate } from '../patient/formatDate';
import { QrCode } from '../sharing/QrCode';
import { formatPersonName } from '../studyList/format';
import { createdLink } from './createdLinks';
import './patientLinks.css';

/** The address without its scheme, as a patient types it: "pacs.example.org/p". */
const typed = (url: string) => url.replace(/^https?:\/\//, '');

/**
 * `/patient-links/:id/handout`: the letter a patient takes home, shown right after the link is
 * made (the only time its link and access code are known) and printed from the browser.
 */
export function PatientHandoutPage() {
  const { id = '' } = useParams();
  const handout = createdLink(id);
  useEffect(() => {
    document.title = 'Patient handout · SecondRead';
  }, []);
  if (!handout)
    return (
      <div className="app">
        <AppHeader />
        <main className="page-message" role="alert">
          <h1>This handout can no longer be shown</h1>
          <p>
            The link and its access code are shown only right after the link is made: SecondRead keeps just a
            fingerprint of them. If the handout was lost, revoke the link and make a new one.
          </p>
          <Link to={PATIENT_LINKS_PATH} className="button button-primary">
            Patient links
          </Link>
        </main>
      </div>
    );
  const { link, passcode } = handout;
  const name = formatPersonName(link.patientName) || 'the patient';
  return (
    <div className="app">
      <AppHeader />
      <main className="handout-page">
        <div className="handout-actions">
          <p>
            The link and access code are shown <strong>only now</strong>: print the handout or give it to the patient
            before you leave this page.
          </p>
          <button type="button" className="button button-primary" onClick={() => window.print()}>
            Print
          </button>
          <Link to={PATIENT_LINKS_PATH} className="button">
            Done
          </Link>
        </div>
        <article className="handout" aria-label="Patient handout">
          <header className="handout-header">
            {link.institution && <p className="handout-institution">{link.institution}</p>}
            <h1>Your images online</h1>
            <p>
              For <strong className="handout-patient">{name}</strong> ·{' '}
              {link.studyCount === 1 ? '1 study' : `${link.studyCount} studies`}
            </p>
          </header>
          <section className="handout-way">
            <h2>Scan the code with your phone’s camera, or type the link</h2>
            <div className="handout-link">
              <QrCode text={link.url} label="QR code of the patient link" />
              <p className="handout-url" aria-label="Link address">
                {link.url}
              </p>
            </div>
          </section>
          <section className="handout-way">
            <h2>Or go to {typed(link.accessUrl)} and type this access code</h2>
            <p className="handout-code" aria-label="Access code">
              {link.accessCode}
            </p>
          </section>
          <section className="handout-facts">
            <p>
              <strong>You will be asked for your date of birth</strong>
              {passcode && ', and the passcode the hospital gave you separately'}.
            </p>
            <p>
              The link works until <strong>{formatDate(link.expiresAt)}</strong>.
            </p>
            <p>
              Keep this page private: anyone who has it and knows your date of birth can see your images. You can send
              them to another doctor from the page itself.
            </p>
          </section>
        </article>
      </main>
    </div>
  );
}
