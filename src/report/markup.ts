/**
 * Escapes text for HTML and XML (SVG) alike, in content and in quoted attributes. Findings carry text users control
 * (file names, network names, interface names), so every piece of text goes through here before it is written.
 */
export function escapeMarkup(text: string): string {
  return (
    text
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&#39;')
      // Characters XML 1.0 forbids (NUL and other C0 controls but tab/newline/CR, lone surrogates, U+FFFE/FFFF) would
      // make the SVG invalid: shown as the replacement character instead.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
  );
}
