// Run notes rendered by markdown-it (issue #9 item 18): a maintained CommonMark renderer whose raw
// HTML is escaped and whose links are limited to http(s), shown through the NoteEditor's {@html}.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from '@testing-library/svelte';
import NoteEditor from '../../src-renderer/features/runs/NoteEditor.svelte';
import { isSafeUrl, renderMarkdown } from '../../src-renderer/features/runs/markdown';

afterEach(cleanup);

/** The note as the Runs screen shows it: the DOM the browser builds from the rendered HTML. */
function shown(note: string): HTMLElement {
  const { container } = render(NoteEditor, { note, onsave: () => {} });
  return container.querySelector<HTMLElement>('[data-testid="note-html"]')!;
}

describe('the run-note markdown renderer', () => {
  it('does not render a <script> or an <img onerror> written in a note', () => {
    const note = shown(
      '<img src=x onerror="alert(1)"> & <script>alert(2)</script>\n\n<script>\nalert(3)\n</script>',
    );
    expect(note.querySelector('script, img, [onerror]')).toBeNull();
    expect(note.textContent).toContain('<img src=x onerror="alert(1)">');
    expect(note.textContent).toContain('<script>alert(2)</script>');
  });

  it('does not render markdown images either (they would load remote content)', () => {
    const note = shown('![x](https://example.com/x.png)');
    expect(note.querySelector('img')).toBeNull();
  });

  it('renders headings, emphasis, code and lists', () => {
    const note = shown(
      '# Result\n\nSSN with **k-means** groups beat *random* by `+1.2%`.\n\n- wrn-16-4\n- resnet-20\n\n1. first\n2. second',
    );
    expect(note.querySelector('h1')?.textContent).toBe('Result');
    expect(note.querySelector('strong')?.textContent).toBe('k-means');
    expect(note.querySelector('em')?.textContent).toBe('random');
    expect(note.querySelector('code')?.textContent).toBe('+1.2%');
    expect([...note.querySelectorAll('ul li')].map((li) => li.textContent)).toEqual([
      'wrn-16-4',
      'resnet-20',
    ]);
    expect([...note.querySelectorAll('ol li')].map((li) => li.textContent)).toEqual([
      'first',
      'second',
    ]);
  });

  it('renders tables and strikethrough, which the hand-written renderer did not', () => {
    const note = shown('| budget | top-1 |\n|---|---|\n| 50% | 79.7% |\n\n~~wrong~~');
    expect([...note.querySelectorAll('td')].map((td) => td.textContent)).toEqual(['50%', '79.7%']);
    expect(note.querySelector('s')?.textContent).toBe('wrong');
  });

  it('keeps code spans and fenced blocks literal', () => {
    expect(renderMarkdown('`**not bold** <b>`')).toBe('<p><code>**not bold** &lt;b&gt;</code></p>');
    expect(shown('```\nif (a < b) *x*\n```').querySelector('pre code')?.textContent).toBe(
      'if (a < b) *x*\n',
    );
  });

  it('links only to http(s) addresses, opening outside the app', () => {
    const link = shown('[paper](https://arxiv.org/abs/2006.10598)').querySelector('a')!;
    expect(link.getAttribute('href')).toBe('https://arxiv.org/abs/2006.10598');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(shown('[click](javascript:alert(1))').querySelector('a')).toBeNull();
    expect(shown('[x](data:text/html,hi)').querySelector('a')).toBeNull();
    expect(shown('[x](file:///etc/passwd)').querySelector('a')).toBeNull();
    expect(shown('<a href="javascript:alert(1)">x</a>').querySelector('a')).toBeNull();
    expect(isSafeUrl('HTTP://example.com')).toBe(true);
    expect(isSafeUrl('file:///etc/passwd')).toBe(false);
  });

  it('keeps quotes in link targets inside the href, adding no attribute', () => {
    const link = shown('[a](https://x.org/"onmouseover="alert(1))').querySelector('a')!;
    expect(link.getAttribute('onmouseover')).toBeNull();
    expect(link.getAttributeNames().sort()).toEqual(['href', 'rel', 'target']);
  });
});
