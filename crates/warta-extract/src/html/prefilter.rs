//! A cheap pass before the HTML parser that drops what can never be article
//! text: comments, scripts (but not JSON-LD, which holds the metadata),
//! styles, inline SVG and `<noscript>`, and the site's own blocks that hold
//! no pagination: `<nav>`, and `<footer>` and `<aside>` outside the content
//! containers (`<article>`, `<main>`, `<figure>`, `<blockquote>`).
//!
//! On news pages these are most of the bytes (63% on the article-extraction
//! benchmark), and the parser's tokenizer walks them character by character.
//! The cut follows the tokenizer's own rules, a raw-text element ends at the
//! first `</name`, so the tree that comes out is the one the parser would
//! have built, less those elements.

use std::borrow::Cow;

/// Elements whose whole content is dropped. `<svg>` is foreign content, not
/// raw text, but it never holds article prose and its paths are large.
const DROPPED: [&[u8]; 4] = [b"script", b"style", b"svg", b"noscript"];

/// Deepest nesting of elements kept. Chromium's parser stops nesting at
/// 512 too; deeper tags are dropped and their text kept, which bounds the
/// parser's work (its scope checks walk the stack of open elements) and
/// every walk up the tree after it.
pub const MAX_DEPTH: usize = 512;

pub fn strip_inert(html: &str) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut out: Option<String> = None;
    // Start of the text not yet copied to `out`.
    let mut copied = 0usize;
    let mut pos = 0usize;
    let mut depth = 0usize;
    // Open tags dropped for depth, whose end tags must go too.
    let mut excess = 0usize;
    // The boilerplate block being read, dropped at its end tag.
    let mut drop_block: Option<OpenBlock> = None;
    // How many [`CONTENT_CONTAINERS`] are open.
    let mut containers = 0usize;
    while let Some(offset) = memchr_lt(&bytes[pos..]) {
        let start = pos + offset;
        let rest = &bytes[start..];
        // The tag's name is read once; every test below is on it.
        let tag = TagName::at(bytes, start);
        let cut_end = if rest.starts_with(b"<!--") {
            Some(find(bytes, start + 4, b"-->").map_or(bytes.len(), |e| e + 3))
        } else if let Some(end) = dropped_element(bytes, start, &tag) {
            Some(end)
        } else if let Some(end) = resource_link(bytes, &tag) {
            Some(end)
        } else {
            match nesting_tag(bytes, &tag) {
                Some((true, end)) if depth >= MAX_DEPTH => {
                    excess += 1;
                    Some(end)
                }
                Some((true, _)) => {
                    let name = BOILERPLATE_BLOCKS
                        .iter()
                        .copied()
                        .find(|n| tag.is(n) && (*n == b"nav" || containers == 0));
                    match (drop_block.as_mut(), name) {
                        (Some(open), Some(name)) if open.name == name => open.inner += 1,
                        (None, Some(name)) => {
                            let buf =
                                out.get_or_insert_with(|| String::with_capacity(html.len() / 2));
                            buf.push_str(&html[copied..start]);
                            copied = start;
                            drop_block = Some(OpenBlock {
                                name,
                                input: start,
                                out: buf.len(),
                                depth,
                                excess,
                                containers,
                                inner: 0,
                            });
                        }
                        _ => {}
                    }
                    if CONTENT_CONTAINERS.iter().any(|n| tag.is(n)) {
                        containers += 1;
                    }
                    depth += 1;
                    None
                }
                Some((false, end)) if excess > 0 => {
                    excess -= 1;
                    Some(end)
                }
                Some((false, end)) => {
                    depth = depth.saturating_sub(1);
                    if CONTENT_CONTAINERS.iter().any(|n| tag.is(n)) {
                        containers = containers.saturating_sub(1);
                    }
                    match drop_block.as_mut() {
                        Some(open) if tag.is(open.name) => {
                            if open.inner > 0 {
                                open.inner -= 1;
                                None
                            } else {
                                let open = drop_block.take().expect("an open block");
                                let inner = &bytes[open.input..end];
                                // A site footer's full date ("© 19.12.2019")
                                // is the date finder's last resort.
                                if is_pagination(inner)
                                    || (open.name == b"footer" && has_numeric_date(inner))
                                {
                                    None
                                } else {
                                    // Drop the whole element: what was copied
                                    // of it, and the rest up to its end tag.
                                    let buf = out.as_mut().expect("copied when the block opened");
                                    buf.truncate(open.out);
                                    copied = start;
                                    depth = open.depth;
                                    excess = open.excess;
                                    containers = open.containers;
                                    Some(end)
                                }
                            }
                        }
                        _ => None,
                    }
                }
                None => None,
            }
        };
        match cut_end {
            Some(end) => {
                let buf = out.get_or_insert_with(|| String::with_capacity(html.len() / 2));
                buf.push_str(&html[copied..start]);
                // Keep a space where the element was, as the renderer would
                // keep the words on either side apart.
                buf.push(' ');
                copied = end;
                pos = end;
            }
            None => pos = start + 1,
        }
        if pos >= bytes.len() {
            break;
        }
    }
    match out {
        None => Cow::Borrowed(html),
        Some(mut buf) => {
            buf.push_str(&html[copied.min(html.len())..]);
            Cow::Owned(buf)
        }
    }
}

/// Elements that are the site's, not the article's: navigation anywhere,
/// and footers and sidebars outside any content container (inside one they
/// may hold the byline, the date, a fact box or a photo credit).
const BOILERPLATE_BLOCKS: [&[u8]; 3] = [b"nav", b"footer", b"aside"];

/// Elements whose `<footer>` and `<aside>` belong to the content: an
/// article's byline, a figure's credit, a quotation's source.
const CONTENT_CONTAINERS: [&[u8]; 4] = [b"article", b"main", b"figure", b"blockquote"];

/// A boilerplate element being read, which is dropped at its end tag
/// unless it holds the article's pagination.
struct OpenBlock {
    /// Its name, from [`BOILERPLATE_BLOCKS`].
    name: &'static [u8],
    /// Where it starts in the input, and in the output.
    input: usize,
    out: usize,
    /// The nesting state before it, restored when it is dropped.
    depth: usize,
    excess: usize,
    containers: usize,
    /// Elements of the same name open inside it.
    inner: usize,
}

/// The name of the tag at a `<`: the run of letters, digits and `-` after
/// `<` or `</`, lower-cased when it is short enough to be one of ours.
struct TagName {
    closing: bool,
    /// Where the name starts and how long it is in the input.
    start: usize,
    len: usize,
    /// The name lower-cased, when at most [`TagName::KEPT`] bytes long.
    lower: [u8; TagName::KEPT],
}

impl TagName {
    /// Longer than any name the prefilter looks for ("blockquote").
    const KEPT: usize = 12;

    fn at(bytes: &[u8], lt: usize) -> TagName {
        let closing = bytes.get(lt + 1) == Some(&b'/');
        let start = (lt + 1 + usize::from(closing)).min(bytes.len());
        let len = bytes[start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
            .count();
        let mut lower = [0u8; TagName::KEPT];
        if len <= TagName::KEPT {
            for (l, b) in lower.iter_mut().zip(&bytes[start..start + len]) {
                *l = b.to_ascii_lowercase();
            }
        }
        TagName {
            closing,
            start,
            len,
            lower,
        }
    }

    /// Whether the name is `name`, given in lower case.
    fn is(&self, name: &[u8]) -> bool {
        self.len == name.len() && self.len <= TagName::KEPT && &self.lower[..self.len] == name
    }
}

/// Whether a boilerplate element may link to the article's next page (see
/// `pages::find_next_page`): it is kept then.
fn is_pagination(nav: &[u8]) -> bool {
    const MARKERS: [&[u8]; 14] = [
        b"next",
        b"paginat",
        b"pager",
        b"halaman",
        b"selanjutnya",
        b"berikut",
        b"lanjut",
        b"weiter",
        b"suivant",
        b"siguiente",
        "\u{bb}".as_bytes(),
        "\u{203a}".as_bytes(),
        b"&raquo;",
        b"&rsaquo;",
    ];
    let lower = nav.to_ascii_lowercase();
    MARKERS
        .iter()
        .any(|m| memchr::memmem::find(&lower, m).is_some())
        || has_numbered_link(nav)
}

/// A numeric date, day-month-year or year-month-day: `19.12.2019`,
/// `2019-12-19`, `5/3/21`.
fn has_numeric_date(text: &[u8]) -> bool {
    let digits = |at: usize| {
        text[at.min(text.len())..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    let mut i = 0;
    while i < text.len() {
        let a = digits(i);
        if a == 0 {
            i += 1;
            continue;
        }
        let after_a = i + a;
        let fits = (|| {
            let sep = *text
                .get(after_a)
                .filter(|b| matches!(b, b'.' | b'/' | b'-'))?;
            let m = digits(after_a + 1);
            let after_m = after_a + 1 + m;
            (text.get(after_m) == Some(&sep)).then_some(())?;
            let c = digits(after_m + 1);
            ((1..=2).contains(&m)
                && (((1..=2).contains(&a) && (c == 2 || c == 4))
                    || (a == 4 && (1..=2).contains(&c))))
            .then_some(())
        })();
        if fits.is_some() {
            return true;
        }
        i = after_a;
    }
    false
}

/// A link whose whole text is a page number: `>2</a>`.
fn has_numbered_link(nav: &[u8]) -> bool {
    memchr::memmem::find_iter(nav, b"</a").any(|close| {
        let before = &nav[..close];
        let digits = before
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_digit() || b.is_ascii_whitespace())
            .count();
        let text = &before[before.len() - digits..];
        text.iter().any(u8::is_ascii_digit) && before[..before.len() - digits].ends_with(b">")
    })
}

/// Tags that never hold children or whose end tag may be left out: they
/// do not count towards the depth.
const NOT_NESTING: [&[u8]; 27] = [
    b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta",
    b"source", b"track", b"wbr", b"param", b"p", b"li", b"dt", b"dd", b"option", b"tr", b"td",
    b"th", b"tbody", b"thead", b"tfoot", b"html", b"body",
];

/// At a tag that nests (`<div>`, `</div>`): whether it opens, and the index
/// just past its `>`.
fn nesting_tag(bytes: &[u8], tag: &TagName) -> Option<(bool, usize)> {
    if tag.len == 0 || !bytes[tag.start].is_ascii_alphabetic() {
        return None;
    }
    if NOT_NESTING.iter().any(|n| tag.is(n)) || tag.is(b"head") {
        return None;
    }
    let end = memchr::memchr(b'>', &bytes[tag.start..])? + tag.start;
    if !tag.closing && bytes[end - 1] == b'/' {
        return None;
    }
    Some((!tag.closing, end + 1))
}

fn memchr_lt(haystack: &[u8]) -> Option<usize> {
    memchr::memchr(b'<', haystack)
}

/// If a dropped element starts at `start`, the index just past its end tag
/// (or the end of the input when it is never closed).
fn dropped_element(bytes: &[u8], start: usize, tag: &TagName) -> Option<usize> {
    if tag.closing {
        return None;
    }
    let name_start = start + 1;
    let name = *DROPPED.iter().find(|name| tag.is(name))?;
    // "<svg:x>" and the like are other elements.
    let after = *bytes.get(name_start + name.len())?;
    if !matches!(after, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'>' | b'/') {
        return None;
    }
    let tag_end = find(bytes, name_start, b">")?;
    if name == b"script" {
        let tag = &bytes[start..tag_end];
        // JSON-LD is where pages state their title, dates and authors.
        if contains_ignore_case(tag, b"ld+json") {
            return None;
        }
    }
    if bytes[tag_end - 1] == b'/' && name == b"svg" {
        return Some(tag_end + 1);
    }
    let mut search = tag_end + 1;
    loop {
        let Some(close) = find(bytes, search, b"</") else {
            return Some(bytes.len());
        };
        let name_at = close + 2;
        let name_end = name_at + name.len();
        if name_end <= bytes.len() && bytes[name_at..name_end].eq_ignore_ascii_case(name) {
            return Some(find(bytes, name_end, b">").map_or(bytes.len(), |e| e + 1));
        }
        search = close + 2;
    }
}

/// `rel` values of `<link>`s that only load or name resources (styles,
/// icons, connection hints): nothing the extractor reads.
const RESOURCE_RELS: [&[u8]; 15] = [
    b"stylesheet",
    b"preload",
    b"modulepreload",
    b"prefetch",
    b"dns-prefetch",
    b"preconnect",
    b"icon",
    b"shortcut",
    b"apple-touch-icon",
    b"apple-touch-icon-precomposed",
    b"mask-icon",
    b"manifest",
    b"wlwmanifest",
    b"pingback",
    b"edituri",
];

/// At a `<link>` whose `rel` names only resources: the index just past it.
/// Such links are a few percent of a page's markup after the scripts, and
/// the parser reads their long URLs character by character.
fn resource_link(bytes: &[u8], tag: &TagName) -> Option<usize> {
    if tag.closing || !tag.is(b"link") {
        return None;
    }
    let from = tag.start + tag.len;
    // The `<meta charset>` prescan's attribute reader: it stops past the
    // tag's `>`, quoted values included.
    let (attrs, used) = crate::decode::parse_attributes(&bytes[from..]);
    let end = from + used;
    if bytes.get(end - 1) != Some(&b'>') {
        return None;
    }
    let (_, rel) = attrs.iter().find(|(name, _)| name == "rel")?;
    let mut tokens = rel.split_ascii_whitespace().peekable();
    let only_resources = tokens.peek().is_some()
        && tokens.all(|t| {
            RESOURCE_RELS
                .iter()
                .any(|r| r.eq_ignore_ascii_case(t.as_bytes()))
        });
    only_resources.then_some(end)
}

fn find(haystack: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if from >= haystack.len() {
        return None;
    }
    memchr::memmem::find(&haystack[from..], needle).map(|p| p + from)
}

fn contains_ignore_case(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_inert_elements_and_keeps_json_ld() {
        let html = r#"<p>a<!-- c --></p><SCRIPT src=x>var s = "<p>";</script ><script type="application/ld+json">{"headline":"h"}</script><style>p{}</style><svg><path d="M0"/></svg><noscript><img></noscript><p>b</p>"#;
        let out = strip_inert(html);
        assert_eq!(
            out,
            r#"<p>a </p> <script type="application/ld+json">{"headline":"h"}</script>   <p>b</p>"#
        );
    }

    #[test]
    fn unclosed_elements_run_to_the_end() {
        assert_eq!(strip_inert("<p>x</p><script>never closed"), "<p>x</p> ");
        assert_eq!(strip_inert("<p>x<!-- open"), "<p>x ");
        assert_eq!(strip_inert("<scripted>y"), "<scripted>y");
        assert_eq!(
            strip_inert("<p>no markup to drop</p>"),
            "<p>no markup to drop</p>"
        );
    }

    #[test]
    fn nesting_beyond_the_cap_is_flattened_and_text_kept() {
        let depth = MAX_DEPTH + 100;
        let html = format!(
            "{}<p>deep</p>{}<p>after</p>",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        let out = strip_inert(&html);
        assert_eq!(out.matches("<div>").count(), MAX_DEPTH);
        assert_eq!(out.matches("</div>").count(), MAX_DEPTH);
        assert!(out.contains("<p>deep</p>") && out.ends_with("<p>after</p>"));
        // Ordinary pages are untouched.
        let page = "<div><ul><li>a<li>b</ul><p>x<p>y<br><img src=a></div>";
        assert_eq!(strip_inert(page), page);
    }

    #[test]
    fn drops_site_navigation_but_keeps_pagination() {
        let html = r#"<header><nav class="menu"><ul><li><a href="/a">Politik</a><nav><a href="/b">Sub</a></nav><script>x="</nav>"</script></ul></NAV></header><p>Isi berita.</p><nav class="pages"><a href="?page=2">2</a></nav><nav><a href="/c">Berikutnya</a></nav>"#;
        let out = strip_inert(html);
        assert_eq!(
            out,
            r#"<header> </header><p>Isi berita.</p><nav class="pages"><a href="?page=2">2</a></nav><nav><a href="/c">Berikutnya</a></nav>"#
        );
        // A nav never closed is kept whole, as the parser would read it.
        assert_eq!(strip_inert("<nav><a>x</a><p>text"), "<nav><a>x</a><p>text");
        // Names that only start with "nav" are other elements.
        assert_eq!(strip_inert("<navbar>x</navbar>"), "<navbar>x</navbar>");
    }

    #[test]
    fn drops_site_footers_and_sidebars_outside_the_article() {
        let html = "<article><p>a</p><aside>fakta</aside><footer>Penulis: B</footer></article><aside>populer</aside><footer>(c) 2024</footer><footer>Diperbarui 19.12.2019</footer><figure><img><footer>Foto: X</footer></figure>";
        assert_eq!(
            strip_inert(html),
            "<article><p>a</p><aside>fakta</aside><footer>Penulis: B</footer></article>  <footer>Diperbarui 19.12.2019</footer><figure><img><footer>Foto: X</footer></figure>"
        );
        assert!(has_numeric_date(b"x 2019-12-19 y") && has_numeric_date(b"5/3/21"));
        assert!(!has_numeric_date(b"(c) 2024, 1.5 juta") && !has_numeric_date(b"19.12-2019"));
    }

    #[test]
    fn drops_links_to_styles_and_icons_only() {
        let html = r#"<head><link rel="stylesheet" href="/a.css"><LINK REL=icon href=/i.png><link rel='canonical' href="/x"><link rel="preload next" href="/2"><link href="/n"></head>"#;
        let out = strip_inert(html);
        assert!(!out.contains("a.css") && !out.contains("i.png"), "{out}");
        assert!(out.contains(r#"<link rel='canonical' href="/x">"#), "{out}");
        assert!(
            out.contains(r#"<link rel="preload next" href="/2">"#),
            "{out}"
        );
        assert!(out.contains(r#"<link href="/n">"#), "{out}");
        // Only `rel` itself counts; a quoted `>` does not end the tag.
        let kept =
            r#"<link data-rel=stylesheet href="/k"><link rel="icon" title="a>b" href="/j">x"#;
        assert_eq!(
            strip_inert(kept),
            r#"<link data-rel=stylesheet href="/k"> x"#
        );
    }

    #[test]
    fn never_splits_a_character() {
        // Cuts happen only at ASCII '<' and '>', so any input stays valid UTF-8.
        let html = "é<script>ü</script>ñ<!--ø-->ß";
        assert_eq!(strip_inert(html), "é ñ ß");
    }
}
