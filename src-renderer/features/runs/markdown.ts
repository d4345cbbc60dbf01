// Run notes as HTML, through markdown-it (a maintained CommonMark renderer) configured so a note
// can never inject markup or script: raw HTML in the source is escaped (html: false), links and
// images are accepted only to absolute http(s) addresses (everything else, javascript:, data:,
// file: or relative, is left as literal text), and links open outside the app.
import MarkdownIt from 'markdown-it';

/** Whether a link target is allowed (absolute http or https only: no javascript:, data:...). */
export function isSafeUrl(url: string): boolean {
  return /^https?:\/\/[^\s]+$/i.test(url);
}

const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
md.validateLink = isSafeUrl;
// Images would load remote content into the window (the CSP blocks them anyway): not in notes.
md.disable('image');

const renderLinkOpen =
  md.renderer.rules.link_open ??
  ((tokens, i, options, _env, self) => self.renderToken(tokens, i, options));
md.renderer.rules.link_open = (tokens, i, options, env, self) => {
  tokens[i].attrSet('target', '_blank');
  tokens[i].attrSet('rel', 'noopener noreferrer');
  return renderLinkOpen(tokens, i, options, env, self);
};

/** A markdown note as safe HTML. */
export function renderMarkdown(source: string): string {
  return md.render(source).trim();
}
