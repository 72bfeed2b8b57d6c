/** @jsxImportSource preact */

/** The mark of web/public/favicon.svg drawn inline: an image would hold back the page's load event. */
export function Logo({ size }: { size: number }) {
  return (
    <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width={size} height={size} aria-hidden="true">
      <rect width="64" height="64" rx="12" fill="#b71c1c" />
      <rect x="14" y="14" width="36" height="6" rx="2" fill="#fff" />
      <rect x="14" y="26" width="36" height="4" rx="2" fill="#ffd54f" />
      <rect x="14" y="35" width="36" height="4" rx="2" fill="#fff" />
      <rect x="14" y="44" width="24" height="4" rx="2" fill="#fff" />
    </svg>
  );
}
