import { describe, expect, it } from 'vitest';
import { isSafeUrl, renderMarkdown } from '../../src-renderer/features/runs/markdown';

describe('the run-note markdown renderer', () => {
  it('escapes HTML so a note cannot inject markup or script', () => {
    const html = renderMarkdown('<img src=x onerror="alert(1)"> & <script>alert(2)</script>');
    expect(html).toBe(
      '<p>&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &lt;script&gt;alert(2)&lt;/script&gt;</p>',
    );
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script');
  });

  it('renders headings, emphasis, code and lists', () => {
    const html = renderMarkdown(
      '# Result\n\nSSN with **k-means** groups beat *random* by `+1.2%`.\n\n- wrn-16-4\n- resnet-20\n\n1. first\n2. second',
    );
    expect(html).toBe(
      [
        '<h1>Result</h1>',
        '<p>SSN with <strong>k-means</strong> groups beat <em>random</em> by <code>+1.2%</code>.</p>',
        '<ul><li>wrn-16-4</li><li>resnet-20</li></ul>',
        '<ol><li>first</li><li>second</li></ol>',
      ].join('\n'),
    );
  });

  it('keeps code spans and fenced blocks literal', () => {
    expect(renderMarkdown('`**not bold** <b>`')).toBe('<p><code>**not bold** &lt;b&gt;</code></p>');
    expect(renderMarkdown('```\nif (a < b) *x*\n```')).toBe(
      '<pre><code>if (a &lt; b) *x*</code></pre>',
    );
  });

  it('links only to http(s) addresses', () => {
    expect(renderMarkdown('[paper](https://arxiv.org/abs/2006.10598)')).toBe(
      '<p><a href="https://arxiv.org/abs/2006.10598" target="_blank" rel="noopener noreferrer">paper</a></p>',
    );
    expect(renderMarkdown('[click](javascript:alert(1))')).not.toContain('<a');
    expect(renderMarkdown('[x](data:text/html,hi)')).toBe('<p>x</p>');
    expect(isSafeUrl('HTTP://example.com')).toBe(true);
    expect(isSafeUrl('file:///etc/passwd')).toBe(false);
  });

  it('escapes quotes inside link targets so the attribute cannot be broken out of', () => {
    const html = renderMarkdown('[a](https://x.org/"onmouseover="alert(1))');
    expect(html).not.toMatch(/href="[^"]*"onmouseover/);
    expect(html).toContain('&quot;');
  });
});
