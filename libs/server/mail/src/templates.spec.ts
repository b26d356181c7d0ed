import { renderActionMail, renderListMail } from './templates';

const footer = { cityName: 'City of Riverton', officeName: 'Office of Race and Social Equity', appUrl: 'https://equip.riverton.gov' };
const mail = {
  subject: 'Set your Equip password',
  greeting: 'Hello Ana <b>,',
  paragraphs: ['Your city uses Equip for staff training.'],
  action: { label: 'Set your password', url: 'https://equip.riverton.gov/set-password?token=abc&x=1' },
  after: ['This link works for 7 days.'],
};

describe('renderActionMail', () => {
  const { html, text, subject } = renderActionMail(mail, footer);

  it('writes an accessible HTML part: language, title, heading and a link that names the action', () => {
    expect(subject).toBe('Set your Equip password');
    expect(html).toMatch(/<html lang="en"/);
    expect(html).toContain('<title>Set your Equip password</title>');
    expect(html).toMatch(/<h1 [^>]*>Set your Equip password<\/h1>/);
    expect(html).toMatch(/<a href="https:\/\/equip\.riverton\.gov\/set-password\?token=abc&amp;x=1"[^>]*>Set your password<\/a>/);
    expect(html).not.toMatch(/<img/i);
    expect(html).toMatch(/<table role="presentation"/);
  });

  it('escapes what it is given', () => {
    expect(html).toContain('Hello Ana &lt;b&gt;,');
    expect(html).not.toContain('<b>');
  });

  it('names the office and city in the footer of both parts', () => {
    expect(html).toContain('Sent by Equip for the Office of Race and Social Equity, City of Riverton.');
    expect(text).toContain('Sent by Equip for the Office of Race and Social Equity, City of Riverton.');
  });

  it('writes a plain-text part with the link spelled out', () => {
    expect(text).toContain('Set your password: https://equip.riverton.gov/set-password?token=abc&x=1');
    expect(text).toContain('This link works for 7 days.');
    expect(text).not.toMatch(/<(p|a|table|h1)\b/);
  });

  it('refuses a link that is not http(s)', () => {
    expect(() => renderActionMail({ ...mail, action: { label: 'Go', url: 'javascript:alert(1)' } }, footer)).toThrow(/http\(s\) URL/);
  });
});

describe('renderListMail', () => {
  const { html, text } = renderListMail(
    {
      subject: 'Your training reminders',
      greeting: 'Hello Ana,',
      paragraphs: ['Two trainings need your attention.'],
      sections: [
        { heading: 'Overdue <now>', items: [{ title: 'Equity basics', url: 'https://equip.riverton.gov/learn/courses/equity-basics?a=1&b=2', lines: ['Due November 30, 2026', 'Status: not started'] }] },
        { items: [{ title: 'Community engagement', url: 'https://equip.riverton.gov/learn/courses/community', lines: [] }] },
      ],
      action: { label: 'See all your notifications', url: 'https://equip.riverton.gov/learn/notifications' },
    },
    footer,
  );

  it('writes headings in order, a real list and links named by the training', () => {
    expect(html).toMatch(/<html lang="en"/);
    expect(html).toMatch(/<h1 [^>]*>Your training reminders<\/h1>/);
    expect(html).toMatch(/<h2 [^>]*>Overdue &lt;now&gt;<\/h2>/);
    expect(html).toMatch(/<ul [^>]*>\n<li[^>]*><a href="https:\/\/equip\.riverton\.gov\/learn\/courses\/equity-basics\?a=1&amp;b=2"[^>]*>Equity basics<\/a><br><span>Due November 30, 2026<\/span>/);
    expect(html).not.toMatch(/<img/i);
  });

  it('spells every link out in the plain-text part', () => {
    expect(text).toContain('* Equity basics\n  Due November 30, 2026\n  Status: not started\n  https://equip.riverton.gov/learn/courses/equity-basics?a=1&b=2');
    expect(text).toContain('See all your notifications: https://equip.riverton.gov/learn/notifications');
    expect(text).toContain('Sent by Equip for the Office of Race and Social Equity, City of Riverton.');
  });

  it('refuses a link that is not http(s)', () => {
    expect(() => renderListMail({ subject: 's', greeting: 'g', paragraphs: [], sections: [{ items: [{ title: 't', url: 'javascript:x', lines: [] }] }] }, footer)).toThrow(/http\(s\) URL/);
  });
});
