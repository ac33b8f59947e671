/** The upload link this browser was using was revoked or has expired. */
export function UploadEndedPage() {
  return (
    <main className="page-message" role="alert">
      <h1>This upload link has ended</h1>
      <p>
        It was revoked or it expired, so no more images can be sent with it. Images already sent are kept for the
        hospital to review. Ask whoever sent you the link for a new one.
      </p>
    </main>
  );
}
