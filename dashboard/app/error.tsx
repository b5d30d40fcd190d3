'use client';

export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  return (
    <main>
      <h1>Something went wrong</h1>
      <p role="alert">This page could not be shown. The exporters may be unreachable.</p>
      <button type="button" onClick={() => reset()}>
        Try again
      </button>
    </main>
  );
}
