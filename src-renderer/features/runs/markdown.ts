// A small, safe markdown renderer for run notes: every character of the source is HTML-escaped,
// and only headings, paragraphs, emphasis, inline and fenced code, lists and http(s) links are
// turned into markup, so a note can never inject HTML or script.

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes the five HTML-significant characters. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** Whether a link target is allowed (absolute http or https only: no javascript:, data:...). */
export function isSafeUrl(url: string): boolean {
  return /^https?:\/\/[^\s]+$/i.test(url);
}

// Emphasis over already-escaped text (the markers * and _ survive escaping unchanged).
function emphasis(escaped: string): string {
  return escaped
    .replace(
      /\*\*(\S(?:.*?\S)?)\*\*|__(\S(?:.*?\S)?)__/g,
      (_, a, b) => `<strong>${a ?? b}</strong>`,
    )
    .replace(/\*(\S(?:.*?\S)?)\*|(^|[^\w])_(\S(?:.*?\S)?)_(?!\w)/g, (_, a, lead, b) =>
      a !== undefined ? `<em>${a}</em>` : `${lead}<em>${b}</em>`,
    );
}

function linksAndEmphasis(raw: string): string {
  let out = '';
  let last = 0;
  for (const match of raw.matchAll(/\[([^\]]+)\]\(([^)\s]+)\)/g)) {
    const index = match.index ?? 0;
    out += emphasis(escapeHtml(raw.slice(last, index)));
    const label = emphasis(escapeHtml(match[1]));
    out += isSafeUrl(match[2])
      ? `<a href="${escapeHtml(match[2])}" target="_blank" rel="noopener noreferrer">${label}</a>`
      : label;
    last = index + match[0].length;
  }
  return out + emphasis(escapeHtml(raw.slice(last)));
}

/** One line of inline markdown as safe HTML. */
export function renderInline(text: string): string {
  // Code spans first, so nothing inside them is read as emphasis or links.
  return text
    .split(/(`[^`]+`)/)
    .map((part, i) =>
      i % 2 === 1 ? `<code>${escapeHtml(part.slice(1, -1))}</code>` : linksAndEmphasis(part),
    )
    .join('');
}

type Block =
  | { type: 'heading'; level: number; text: string }
  | { type: 'paragraph'; lines: string[] }
  | { type: 'list'; ordered: boolean; items: string[] }
  | { type: 'code'; lines: string[] };

const LIST_ITEM = /^\s*(?:([-*+])|(\d+)[.)])\s+(.*)$/;

function parseBlocks(source: string): Block[] {
  const blocks: Block[] = [];
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const last = blocks[blocks.length - 1];
    if (/^\s*```/.test(line)) {
      const code: string[] = [];
      while (++i < lines.length && !/^\s*```/.test(lines[i])) code.push(lines[i]);
      blocks.push({ type: 'code', lines: code });
      continue;
    }
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    const item = LIST_ITEM.exec(line);
    if (heading) blocks.push({ type: 'heading', level: heading[1].length, text: heading[2] });
    else if (item) {
      const ordered = item[2] !== undefined;
      if (last?.type === 'list' && last.ordered === ordered) last.items.push(item[3]);
      else blocks.push({ type: 'list', ordered, items: [item[3]] });
    } else if (line.trim() === '') blocks.push({ type: 'paragraph', lines: [] });
    else if (last?.type === 'paragraph') last.lines.push(line.trim());
    else blocks.push({ type: 'paragraph', lines: [line.trim()] });
  }
  return blocks.filter((b) => b.type !== 'paragraph' || b.lines.length > 0);
}

function renderBlock(block: Block): string {
  switch (block.type) {
    case 'heading':
      return `<h${block.level}>${renderInline(block.text)}</h${block.level}>`;
    case 'paragraph':
      return `<p>${renderInline(block.lines.join(' '))}</p>`;
    case 'list': {
      const tag = block.ordered ? 'ol' : 'ul';
      return `<${tag}>${block.items.map((item) => `<li>${renderInline(item)}</li>`).join('')}</${tag}>`;
    }
    case 'code':
      return `<pre><code>${escapeHtml(block.lines.join('\n'))}</code></pre>`;
  }
}

/** A markdown note as safe HTML. */
export function renderMarkdown(source: string): string {
  return parseBlocks(source).map(renderBlock).join('\n');
}
