import { inAppLink, lessonBody } from './lesson-html';

describe('lessonBody', () => {
  it("drops the lesson's leading h1 (the player's h1 names the lesson) and keeps the rest", () => {
    expect(lessonBody('<h1 id="x">Title</h1>\n<p>Text</p><h1>Later</h1>')).toBe('<p>Text</p><h1>Later</h1>');
    expect(lessonBody('<p>No title</p>')).toBe('<p>No title</p>');
  });
});

describe('inAppLink', () => {
  const origin = 'https://equip.example';

  function click(html: string, init: MouseEventInit = {}): string | null {
    const container = document.createElement('div');
    container.innerHTML = html;
    const event = new MouseEvent('click', { button: 0, ...init });
    Object.defineProperty(event, 'target', { value: container.querySelector('a') ?? container });
    return inAppLink(event, container, origin);
  }

  it('routes lesson links inside the app', () => {
    expect(click('<a href="/learn/courses/c/lessons/l#part">next</a>')).toBe('/learn/courses/c/lessons/l#part');
  });

  it('leaves external links, media, new-tab clicks and plain text to the browser', () => {
    expect(click('<a href="https://example.org/x">x</a>')).toBeNull();
    expect(click('<a href="/api/catalog/media/c/file.pdf">file</a>')).toBeNull();
    expect(click('<a href="/learn/catalog" target="_blank">x</a>')).toBeNull();
    expect(click('<a href="/learn/catalog">x</a>', { ctrlKey: true })).toBeNull();
    expect(click('<p>text</p>')).toBeNull();
  });
});
