/**
 * The lesson's body as the player shows it: the Markdown's leading `# Title` is dropped because the
 * player's own h1 already names the lesson (one h1 per page, headings in order).
 */
export function lessonBody(html: string): string {
  return html.replace(/^\s*<h1\b[^>]*>[\s\S]*?<\/h1>\s*/i, '');
}

/**
 * Where a click inside lesson HTML should go through the router instead of loading the page:
 * a plain left click on a same-site link into the app (lesson links are rewritten to
 * `/learn/courses/<course>/lessons/<lesson>`). Returns the in-app URL, or null to let the browser act.
 */
export function inAppLink(event: MouseEvent, container: HTMLElement, origin: string): string | null {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return null;
  const anchor = (event.target as Element | null)?.closest?.('a');
  if (!anchor || !container.contains(anchor) || anchor.target || anchor.hasAttribute('download')) return null;
  const href = anchor.getAttribute('href');
  if (!href) return null;
  const url = new URL(href, origin);
  if (url.origin !== origin || !url.pathname.startsWith('/learn/')) return null;
  return url.pathname + url.search + url.hash;
}
