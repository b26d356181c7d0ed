/** What every mail says about who sent it. */
export interface MailFooter {
  cityName: string;
  officeName: string;
  appUrl: string;
}

/**
 * A mail that asks the reader to do one thing: a heading, a few paragraphs, one link that names
 * the action ("Set your password"), and what to know afterwards (when the link expires).
 */
export interface ActionMail {
  subject: string;
  /** One line shown by mail clients after the subject. */
  preview?: string;
  greeting: string;
  paragraphs: string[];
  action: { label: string; url: string };
  after?: string[];
}

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (c) => ESCAPES[c]);

// Colours chosen for contrast (WCAG AA or better): body text #1f2933 on white is 14.7:1, the link
// colour #1d4ed8 on white and white on it are 6.7:1, the footer #4b5563 on #f4f4f5 is 6.9:1.
const TEXT = '#1f2933';
const LINK = '#1d4ed8';
const MUTED = '#4b5563';
const PAGE = '#f4f4f5';

/** The page around every mail's content: document, preview text, the white card, the footer. */
function mailShell(mail: { subject: string; preview?: string }, footerText: string, appUrl: string, content: string): string {
  return `<!doctype html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${escapeHtml(mail.subject)}</title>
</head>
<body style="margin:0;padding:0;background-color:${PAGE};">
<div role="article" aria-roledescription="email" aria-label="${escapeHtml(mail.subject)}" lang="en" style="background-color:${PAGE};padding:24px 12px;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:${TEXT};">
${mail.preview ? `<div style="display:none;max-height:0;overflow:hidden;">${escapeHtml(mail.preview)}</div>\n` : ''}<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;margin:0 auto;background-color:#ffffff;border-radius:8px;">
<tr><td style="padding:32px 28px;">
${content}</td></tr>
</table>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;margin:0 auto;">
<tr><td style="padding:16px 28px;font-size:14px;color:${MUTED};">
<p style="margin:0;">${escapeHtml(footerText)} <a href="${escapeHtml(appUrl)}" style="color:${MUTED};">${escapeHtml(appUrl)}</a></p>
</td></tr>
</table>
</div>
</body>
</html>
`;
}

/**
 * Renders the HTML and plain-text parts of an action mail. The HTML is real text in a
 * single-column layout (layout tables are role="presentation"), in English with `lang` set, with
 * no images; the action is a real link with descriptive text, and its address is printed too for
 * readers whose client does not follow links.
 */
export function renderActionMail(mail: ActionMail, footer: MailFooter): RenderedMail {
  if (!/^https?:\/\//.test(mail.action.url)) throw new Error(`Mail action link must be an http(s) URL (got ${mail.action.url})`);
  const url = escapeHtml(mail.action.url);
  const p = (text: string) => `<p style="margin:0 0 16px;">${escapeHtml(text)}</p>`;
  const footerText = `Sent by Equip for the ${footer.officeName}, ${footer.cityName}.`;
  const html = mailShell(mail, footerText, footer.appUrl, `<h1 style="margin:0 0 20px;font-size:22px;line-height:1.3;color:${TEXT};">${escapeHtml(mail.subject)}</h1>
${p(mail.greeting)}
${mail.paragraphs.map(p).join('\n')}
<p style="margin:24px 0;"><a href="${url}" style="display:inline-block;padding:12px 20px;border-radius:6px;background-color:${LINK};color:#ffffff;font-weight:bold;text-decoration:underline;">${escapeHtml(mail.action.label)}</a></p>
<p style="margin:0 0 16px;">If the link does not open, copy this address into your browser:<br><a href="${url}" style="color:${LINK};word-break:break-all;">${url}</a></p>
${(mail.after ?? []).map(p).join('\n')}
`);
  const text = [
    mail.subject,
    '',
    mail.greeting,
    '',
    ...mail.paragraphs.flatMap((line) => [line, '']),
    `${mail.action.label}: ${mail.action.url}`,
    '',
    ...(mail.after ?? []).flatMap((line) => [line, '']),
    '-- ',
    footerText,
    footer.appUrl,
    '',
  ].join('\n');
  return { subject: mail.subject, html, text };
}

/** One entry of a list mail: a linked title and a few facts about it. */
export interface ListMailItem {
  title: string;
  url: string;
  /** Short facts, e.g. "Due Monday, November 30, 2026" and "Status: not started". */
  lines: string[];
  /** The link's text when it should say more than the title (read out of context by screen readers). */
  linkLabel?: string;
}

/**
 * A mail that lists several things to act on (a reminder digest): a heading, a greeting, a few
 * paragraphs, then sections (each with an optional heading) of linked items, then notes.
 */
export interface ListMail {
  subject: string;
  preview?: string;
  greeting: string;
  paragraphs: string[];
  sections: { heading?: string; items: ListMailItem[] }[];
  /** An optional closing link, e.g. to the in-app list of notifications. */
  action?: { label: string; url: string };
  after?: string[];
}

/**
 * Renders a list mail with the same frame, colours and accessibility as `renderActionMail`: real
 * text in one column, `lang="en"`, section headings (h2) under the mail's h1, real lists, each
 * item a link with descriptive text, no images; the plain-text part spells every link out.
 */
export function renderListMail(mail: ListMail, footer: MailFooter): RenderedMail {
  const links = [...mail.sections.flatMap((s) => s.items.map((i) => i.url)), ...(mail.action ? [mail.action.url] : [])];
  for (const link of links) if (!/^https?:\/\//.test(link)) throw new Error(`Mail link must be an http(s) URL (got ${link})`);
  const p = (text: string) => `<p style="margin:0 0 16px;">${escapeHtml(text)}</p>`;
  const footerText = `Sent by Equip for the ${footer.officeName}, ${footer.cityName}.`;
  const item = (i: ListMailItem) =>
    `<li style="margin:0 0 16px;"><a href="${escapeHtml(i.url)}" style="color:${LINK};font-weight:bold;">${escapeHtml(i.linkLabel ?? i.title)}</a>` +
    i.lines.map((line) => `<br><span>${escapeHtml(line)}</span>`).join('') +
    `</li>`;
  const section = (s: ListMail['sections'][number]) =>
    (s.heading ? `<h2 style="margin:24px 0 12px;font-size:18px;line-height:1.3;color:${TEXT};">${escapeHtml(s.heading)}</h2>\n` : '') +
    `<ul style="margin:0 0 16px;padding-left:20px;">\n${s.items.map(item).join('\n')}\n</ul>`;
  const html = mailShell(mail, footerText, footer.appUrl, `<h1 style="margin:0 0 20px;font-size:22px;line-height:1.3;color:${TEXT};">${escapeHtml(mail.subject)}</h1>
${p(mail.greeting)}
${mail.paragraphs.map(p).join('\n')}
${mail.sections.map(section).join('\n')}
${mail.action ? `<p style="margin:24px 0;"><a href="${escapeHtml(mail.action.url)}" style="display:inline-block;padding:12px 20px;border-radius:6px;background-color:${LINK};color:#ffffff;font-weight:bold;text-decoration:underline;">${escapeHtml(mail.action.label)}</a></p>\n` : ''}${(mail.after ?? []).map(p).join('\n')}
`);
  const text = [
    mail.subject,
    '',
    mail.greeting,
    '',
    ...mail.paragraphs.flatMap((line) => [line, '']),
    ...mail.sections.flatMap((s) => [
      ...(s.heading ? [s.heading, '-'.repeat(Math.min(s.heading.length, 72)), ''] : []),
      ...s.items.flatMap((i) => [`* ${i.title}`, ...i.lines.map((line) => `  ${line}`), `  ${i.url}`, '']),
    ]),
    ...(mail.action ? [`${mail.action.label}: ${mail.action.url}`, ''] : []),
    ...(mail.after ?? []).flatMap((line) => [line, '']),
    '-- ',
    footerText,
    footer.appUrl,
    '',
  ].join('\n');
  return { subject: mail.subject, html, text };
}
