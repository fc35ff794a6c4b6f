//! The article's images, with captions and credits split apart.

use super::body::Body;
use super::dom::{Dom, NodeId, Tag, NONE};
use super::patterns::class;
use crate::credit::split_caption_credit;
use crate::textutil::normalize_space;
use regex::Regex;
use std::sync::LazyLock;
use url::Url;
use warta_model::Image;

pub fn extract_images(dom: &Dom<'_>, body: &Body, base: Option<&Url>) -> Vec<Image> {
    let Some(&first) = body.roots.first() else {
        return Vec::new();
    };
    let region = region_root(dom, first);
    // From the headline to the end of the article: the lead picture often
    // sits between the two, outside the body's container.
    let before = headline_before(dom, first);
    let start = before.map_or(region, |h1| (h1 + 1).min(region));
    // The headline, before the content or inside its region.
    let headline =
        before.or_else(|| (region..=dom.node(region).end).find(|&i| dom.node(i).tag == Tag::H(1)));
    let end = body
        .roots
        .iter()
        .map(|&r| dom.node(r).end)
        .chain(std::iter::once(dom.node(region).end))
        .max()
        .unwrap_or(region);
    let mut images: Vec<Image> = Vec::new();
    let mut used_captions: Vec<NodeId> = Vec::new();
    scan(
        dom,
        (start, end),
        (region, first, headline),
        base,
        &mut images,
        &mut used_captions,
    );
    images.retain(|i| i.caption.is_some() || i.src.is_some());
    images
}

/// The last `<h1>` before `content` that is not around it.
fn headline_before(dom: &Dom<'_>, content: NodeId) -> Option<NodeId> {
    let h1 = (0..content).rev().find(|&i| dom.node(i).tag == Tag::H(1))?;
    (dom.node(h1).end < content).then_some(h1)
}

fn scan(
    dom: &Dom<'_>,
    (start, end): (NodeId, NodeId),
    (region, content, headline): (NodeId, NodeId, Option<NodeId>),
    base: Option<&Url>,
    images: &mut Vec<Image>,
    used_captions: &mut Vec<NodeId>,
) {
    let mut id = start;
    while id <= end && (id as usize) < dom.nodes.len() {
        let node = dom.node(id);
        if node.element.is_none() {
            id += 1;
            continue;
        }
        if excluded(dom, id, (region, content, headline)) {
            id = node.end + 1;
            continue;
        }
        let is_caption_el = node.tag == Tag::Figcaption || {
            dom.has_class(id, class::CAPTION) && !dom.has_class(id, class::CREDIT)
        };
        if node.tag == Tag::Figure {
            // The caption proper before a credit line classed like one
            // ("<footer class=credit>" then "<figcaption>").
            let caption = (id + 1..=node.end)
                .find(|&d| {
                    dom.node(d).tag == Tag::Figcaption
                        || (dom.has_class(d, class::CAPTION) && !dom.has_class(d, class::CREDIT))
                })
                .or_else(|| (id + 1..=node.end).find(|&d| dom.has_class(d, class::CAPTION)));
            let img = (id..=node.end).find(|&d| matches!(dom.node(d).tag, Tag::Img | Tag::Source));
            let image = make_image(dom, img, caption, base);
            if let Some(c) = caption {
                used_captions.push(c);
            }
            push_unique(images, image);
            id = node.end + 1;
            continue;
        }
        if node.tag == Tag::Img {
            if let Some((cap_node, caption, credit)) = caption_after_picture(dom, id, end) {
                used_captions.push(cap_node);
                let image = Image {
                    src: image_src(dom, id, base),
                    caption: Some(caption),
                    credit,
                };
                push_unique(images, image);
            }
            id += 1;
            continue;
        }
        if is_caption_el && !used_captions.iter().any(|&c| dom.is_ancestor(c, id)) {
            // The image is the nearest one in the caption's surroundings.
            let img = dom
                .ancestors(id)
                .take(3)
                .find_map(|a| (a..=dom.node(a).end).find(|&d| dom.node(d).tag == Tag::Img));
            used_captions.push(id);
            if node.tag != Tag::Figcaption && beside_a_form(dom, id, region) {
                // The small print of a sign-up box: "You can unsubscribe
                // at any time", under a form or a "Subscribe" button.
                id = node.end + 1;
                continue;
            }
            if img.is_none() && node.tag != Tag::Figcaption && !picture_near(dom, id, region) {
                // Text styled "caption" with no picture near it: the small
                // print of a sign-up form, a counter, a login link.
                id = node.end + 1;
                continue;
            }
            let image = make_image(dom, img, Some(id), base);
            let same_picture = images.last().is_some_and(|last| {
                last.caption.is_none() && last.src.is_some() && last.src == image.src
            });
            if same_picture && image.caption.is_some() {
                // A caption beside its figure rather than inside it.
                let last = images.last_mut().expect("checked above");
                last.caption = image.caption;
                last.credit = last.credit.take().or(image.credit);
            } else if image.caption.is_none() && image.credit.is_some() {
                // A credit line of its own belongs to the picture before it.
                if let Some(last) = images.last_mut().filter(|i| i.credit.is_none()) {
                    last.credit = image.credit;
                }
            } else {
                push_unique(images, image);
            }
            id = node.end + 1;
            continue;
        }
        id += 1;
    }
}

/// The caption of a picture outside any figure, told by its text: the
/// first text after the picture repeats the picture's alt text ("<img
/// alt=X> <p>X <span>Agency</span></p>"), or it is followed by a credit
/// line of its own ("<p>X</p><p>Image: Name</p>"). Returns the caption
/// element, the caption and the credit.
fn caption_after_picture(
    dom: &Dom<'_>,
    img: NodeId,
    limit: NodeId,
) -> Option<(NodeId, String, Option<String>)> {
    // Stay within a few levels around the picture.
    let scope = dom.ancestors(img).nth(3)?;
    let limit = limit.min(dom.node(scope).end);
    let mut d = dom.node(img).end + 1;
    let text_node = loop {
        if d > limit || d > img + 60 {
            return None;
        }
        let n = dom.node(d);
        if matches!(n.tag, Tag::Img | Tag::Figure | Tag::H(_)) {
            return None;
        }
        if n.text.is_some_and(|t| !t.trim().is_empty()) {
            break d;
        }
        d += 1;
    };
    // The text's element, widened while the picture stays outside it.
    let mut cap = dom.node(text_node).parent;
    for _ in 0..2 {
        let up = dom.node(cap).parent;
        if up == NONE || dom.is_ancestor(up, img) || dom.node(up).end > limit {
            break;
        }
        cap = up;
    }
    if cap == NONE || dom.is_ancestor(cap, img) {
        return None;
    }
    let text = node_text(dom, cap, None);
    if text.chars().count() > 500 {
        return None;
    }
    let alt = dom
        .node(img)
        .attr("alt")
        .map(normalize_space)
        .unwrap_or_default();
    // A sentence, not a name ("Jane Roe", "The Associated Press" under an
    // author's photo); scripts without spaces count letters.
    let words: Vec<&str> = alt.split_whitespace().collect();
    let name_like = words.len() <= 3
        && words
            .iter()
            .all(|w| w.chars().next().is_some_and(|c| c.is_uppercase()));
    let alt_worthy = !name_like && (words.len() >= 3 || alt.chars().count() >= 8);
    if alt_worthy {
        if let Some(rest) = text.strip_prefix(alt.as_str()) {
            // What follows the repeated alt text is the credit.
            let credit =
                tidy_credit(rest.trim_matches(|c: char| c.is_whitespace() || c == '|' || c == '/'));
            let caption = alt.clone();
            return is_caption_text(&caption)
                .then(|| (cap, caption, (!credit.is_empty()).then_some(credit)));
        }
    }
    // "<p>Caption</p><p>Image: Name</p>": a credit line right after.
    let next = dom
        .children(dom.node(cap).parent)
        .skip_while(|&c| c != cap)
        .skip(1)
        .find(|&c| {
            dom.node(c).element.is_some() || dom.node(c).text.is_some_and(|t| !t.trim().is_empty())
        })?;
    let next_text = node_text(dom, next, None);
    if next_text.chars().count() <= 120 && CREDIT_LINE.is_match(&next_text) {
        let credit = tidy_credit(&next_text);
        let (caption, _) = split_caption_credit(&text);
        let caption = caption.filter(|c| is_caption_text(c))?;
        return Some((cap, caption, (!credit.is_empty()).then_some(credit)));
    }
    None
}

/// A line that is only a picture's credit: "Image: Name", "Foto: X".
static CREDIT_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:image|photo|picture|foto|bild|gambar|credit|kredit|source|sumber|quelle)s?\s*:\s*\S")
        .expect("valid regex")
});

/// Whether a picture (an `<img>`, `<picture>` source or a lazy element
/// with `data-src`) sits within a few levels around `id`, below the
/// article's region.
fn picture_near(dom: &Dom<'_>, id: NodeId, region: NodeId) -> bool {
    dom.ancestors(id)
        .take(5)
        .take_while(|&a| a != region && !matches!(dom.node(a).tag, Tag::Body | Tag::Html))
        .any(|a| (a..=dom.node(a).end).any(|d| is_picture(dom, d)))
}

/// Whether a form, or a sign-up button (not a lightbox's zoom button),
/// comes before `id` within two levels around it: small print follows
/// the form it belongs to.
fn beside_a_form(dom: &Dom<'_>, id: NodeId, region: NodeId) -> bool {
    dom.ancestors(id)
        .take(2)
        .take_while(|&a| a != region && !matches!(dom.node(a).tag, Tag::Body | Tag::Html))
        .any(|a| {
            (a..id).any(|d| match dom.node(d).tag {
                Tag::Form => true,
                Tag::Button => SIGN_UP.is_match(&node_text(dom, d, None)),
                _ => false,
            })
        })
}

/// The label of a sign-up button, in the languages of our pages.
static SIGN_UP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)subscri|sign\s*up|register|anmeld|abonn|registr|daftar|berlangganan|inscri|suscrib",
    )
    .expect("valid regex")
});

fn is_picture(dom: &Dom<'_>, id: NodeId) -> bool {
    let node = dom.node(id);
    matches!(node.tag, Tag::Img | Tag::Source)
        || (node.element.is_some()
            && (node.attr("data-src").is_some() || node.attr("data-srcset").is_some()))
}

fn push_unique(images: &mut Vec<Image>, image: Image) {
    if image.caption.is_none() && image.src.is_none() {
        return;
    }
    if images
        .iter()
        .any(|i| i.caption == image.caption && (i.src == image.src || image.caption.is_some()))
    {
        return;
    }
    images.push(image);
}

/// The nearest `<article>`, `<main>` or articleBody around the content, or
/// the content's parent: captions sit beside the body, not inside it.
fn region_root(dom: &Dom<'_>, content: NodeId) -> NodeId {
    for a in std::iter::once(content).chain(dom.ancestors(content).take(5)) {
        let node = dom.node(a);
        if matches!(node.tag, Tag::Article | Tag::Main) {
            return a;
        }
        if matches!(node.tag, Tag::Body | Tag::Html) {
            break;
        }
    }
    let parent = dom.node(content).parent;
    if parent != NONE && !matches!(dom.node(parent).tag, Tag::Body | Tag::Html) {
        parent
    } else {
        content
    }
}

/// Navigation, asides, teaser links and containers classed like them
/// ("related", "sidebar"), unless the article's text or headline is inside:
/// a layout grid named "sidebar-grid" that holds the story is the story's.
/// A "teaser" is a card for another article only when it links elsewhere.
fn excluded(
    dom: &Dom<'_>,
    id: NodeId,
    (region, content, headline): (NodeId, NodeId, Option<NodeId>),
) -> bool {
    let node = dom.node(id);
    if id != region && matches!(node.tag, Tag::Nav | Tag::Aside | Tag::Footer) {
        return true;
    }
    if id != region && node.tag == Tag::A && links_elsewhere(node.attr("href")) {
        // A picture inside a link to another page is a teaser card.
        return true;
    }
    if id == region
        || dom.is_ancestor(id, content)
        || headline.is_some_and(|h| dom.is_ancestor(id, h))
    {
        return false;
    }
    dom.has_class(id, class::IMAGE_EXCLUDE)
        || (dom.has_class(id, class::TEASER)
            && (id..=node.end)
                .any(|d| dom.node(d).tag == Tag::A && links_elsewhere(dom.node(d).attr("href"))))
}

/// A link to another page, not to the full-size picture or this page.
fn links_elsewhere(href: Option<&str>) -> bool {
    let Some(href) = href.map(str::trim) else {
        return false;
    };
    let path = href
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    !(href.is_empty()
        || href.starts_with('#')
        || href.starts_with("javascript:")
        || [".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif"]
            .iter()
            .any(|ext| path.ends_with(ext)))
}

fn make_image(
    dom: &Dom<'_>,
    img: Option<NodeId>,
    caption: Option<NodeId>,
    base: Option<&Url>,
) -> Image {
    let src = img.and_then(|i| image_src(dom, i, base));
    let (mut caption_text, mut credit) = (None, None);
    if let Some(c) = caption {
        let (text, explicit_credit) = caption_parts(dom, c);
        let text = CAPTION_LABEL.replace(&text, "");
        let (mut cap, mut split_credit) = split_caption_credit(&text);
        if split_credit.is_none() && explicit_credit.is_none() {
            // In a caption element a trailing "(Name)" or "/ Name" after the
            // sentence is the picture's credit.
            if let Some((c, credit)) = cap
                .as_deref()
                .and_then(|c| trailing_credit(c).or_else(|| trailing_cjk_credit(c)))
            {
                cap = Some(c);
                split_credit = Some(credit);
            }
        }
        caption_text = cap.filter(|c| is_caption_text(c));
        credit = explicit_credit
            .or(split_credit)
            .map(|c| tidy_credit(&c))
            .filter(|c| !c.is_empty());
    }
    if credit.is_none() {
        // A credit often sits in the figure outside the caption element.
        if let Some(i) = img {
            let figure = dom
                .ancestors(i)
                .take(3)
                .find(|&a| dom.node(a).tag == Tag::Figure);
            if let Some(f) = figure {
                credit = (f..=dom.node(f).end)
                    .find(|&d| {
                        dom.has_class(d, class::CREDIT)
                            && caption
                                .is_none_or(|c| !dom.is_ancestor(c, d) && !dom.is_ancestor(d, c))
                    })
                    .map(|d| node_text(dom, d, None))
                    .filter(|t| !t.is_empty());
            }
        }
    }
    Image {
        src,
        caption: caption_text,
        credit,
    }
}

/// The caption's text without its credit element, and that credit.
fn caption_parts(dom: &Dom<'_>, caption: NodeId) -> (String, Option<String>) {
    let end = dom.node(caption).end;
    // "<figcaption><span class=caption>Text</span> <span class=credit>Photo
    // by X</span> /<span>Agency</span></figcaption>": the inner caption
    // element is the caption; the rest of the element is the credit.
    if let Some(inner) = (caption + 1..=end).find(|&d| {
        dom.node(d).element.is_some()
            && dom.has_class(d, class::CAPTION)
            && !dom.has_class(d, class::CREDIT)
    }) {
        let text = node_text(dom, inner, None);
        let rest = strip_credit_label(&node_text(dom, caption, Some(inner)));
        let rest = rest.trim_matches(|c: char| c == '/' || c == '|' || c.is_whitespace());
        // The inner element is the caption only when what surrounds it is
        // the shorter part ("Text <span class=caption>(Image: X)</span>" is
        // the other way round).
        let rest_len = rest.chars().count();
        if !text.is_empty() && rest_len <= 120 && rest_len < text.chars().count() {
            let credit =
                (!rest.is_empty()).then(|| rest.split_whitespace().collect::<Vec<_>>().join(" "));
            return (text, credit);
        }
    }
    let credit_node = (caption + 1..=end).find(|&d| {
        let n = dom.node(d);
        n.element.is_some() && {
            dom.has_class(d, class::CREDIT) || matches!(n.tag, Tag::Small | Tag::Cite)
        }
    });
    let credit = credit_node
        .map(|d| node_text(dom, d, None))
        .map(|t| strip_credit_label(&t))
        .filter(|t| !t.is_empty());
    let text = node_text(dom, caption, credit.as_ref().and(credit_node));
    (text, credit)
}

/// "Foto: X", "(Photo by X)", "© X" -> "X"; a bare label is no credit.
fn strip_credit_label(text: &str) -> String {
    static LABEL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)^\s*(?:(?:foto|photo|image|picture|bild)s?\s*(?:by|oleh|von|:)|sumber\s*:|source\s*:|quelle\s*:|credits?\s*:|kredit\s*:|dok\.?|©|copyright\b|by\b|von\b)\s*[:/.]?\s*",
        )
        .expect("valid regex")
    });
    let mut t = text.trim();
    if t.starts_with('(') && t.ends_with(')') && t.matches('(').count() == 1 {
        t = &t[1..t.len() - 1];
    }
    let stripped = LABEL.replace(t, "");
    let stripped = stripped.trim();
    if stripped.is_empty() || stripped.eq_ignore_ascii_case("copyright") {
        String::new()
    } else {
        stripped.to_string()
    }
}

/// "The islands were sold. (Christie's)" and "Police raid in Palma /
/// Lorenzo Marina": a short name group after the caption proper.
fn trailing_credit(caption: &str) -> Option<(String, String)> {
    static TRAILING: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"^(?P<caption>.*\S[.!?]\s*|.*\S\s+|.*[\p{L}\p{N}])(?:\((?P<paren>[^()]{2,60})\)|/\s*(?P<slash>[^/()]{2,60}))\s*$",
        )
        .expect("valid regex")
    });
    let caps = TRAILING.captures(caption)?;
    let name = caps.name("paren").or(caps.name("slash"))?.as_str().trim();
    let caption_part = caps.name("caption")?.as_str().trim();
    let after_sentence = caption_part.ends_with(['.', '!', '?']);
    // "Jakarta(Biro Pers)": a caption and a credit element run together.
    let glued = caps.name("paren").is_some()
        && caps
            .name("caption")
            .is_some_and(|c| c.as_str().ends_with(|ch: char| ch.is_alphanumeric()));
    // A name group: a few words, each starting with a capital letter or
    // symbol, no sentence inside it.
    let words: Vec<&str> = name.split_whitespace().collect();
    let looks_like_names = !words.is_empty()
        && words.len() <= 5
        && words.iter().all(|w| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || !c.is_alphabetic())
                || w.len() <= 3
        })
        && !name.contains([',', ';', ':']);
    // " / Name" with spaces; "Agency/Photographer" is one credit, not a split.
    let slash = caps.name("slash").is_some()
        && caps
            .name("caption")
            .is_some_and(|c| c.as_str().ends_with(char::is_whitespace));
    if looks_like_names
        && (after_sentence || slash || glued)
        && caption_part.split_whitespace().count() >= 3
    {
        Some((caption_part.to_string(), name.to_string()))
    } else {
        None
    }
}

/// Credits at the end of East Asian captions: "…（山田太郎撮影）" (taken
/// by), "…＝ＡＰ" (an agency after an equals sign, no date in it), and
/// "…있다. 뉴스1" (one word after the closing sentence).
fn trailing_cjk_credit(caption: &str) -> Option<(String, String)> {
    static TAIL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"^(?P<caption>.*?\S)\s*(?:[（(](?P<taken>[^（）()]{1,30}(?:撮影|촬영))[）)]|＝(?P<eq>[^＝0-9０-９、，。（）()]{1,15})|(?P<dot>[.。])\s+(?P<word>[\p{Hangul}\p{Han}\p{Katakana}\p{Hiragana}][^\s.。]{0,10}))$",
        )
        .expect("valid regex")
    });
    let caps = TAIL.captures(caption.trim())?;
    let mut cap = caps.name("caption")?.as_str().to_string();
    let credit = caps
        .name("taken")
        .or(caps.name("eq"))
        .or(caps.name("word"))?
        .as_str()
        .trim()
        .to_string();
    if let Some(dot) = caps.name("dot") {
        // The sentence before the word must be East Asian too.
        if !cap.chars().last().is_some_and(is_cjk) {
            return None;
        }
        cap.push_str(dot.as_str());
    }
    (cap.chars().filter(|&c| is_cjk(c)).count() >= 4).then_some((cap, credit))
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x1100..=0x11FF | 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF)
}

/// A credit as a list of names: "dpa | Jens Kalaene" is "dpa, Jens
/// Kalaene"; no label, no closing full stop.
fn tidy_credit(credit: &str) -> String {
    let credit = strip_credit_label(credit);
    let credit = SYMBOL_LABEL.replace(&credit, "");
    credit
        .split(" | ")
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
        .trim_end_matches('.')
        .trim()
        .to_string()
}

static SYMBOL_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:symbol(?:foto|bild)|archiv(?:foto|bild)|fotomontage|montage|illustration|ilustrasi)\s*:\s*")
        .expect("valid regex")
});

/// Labels some sites put before the caption itself.
static CAPTION_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:legende|caption|bildunterschrift|keterangan(?:\s+foto)?|bildtext)\s*:\s*",
    )
    .expect("valid regex")
});

/// A caption says something about the picture: not a date, a byline, a
/// call to action or a couple of words.
fn is_caption_text(text: &str) -> bool {
    // Scripts without spaces (Japanese, Chinese) count letters instead.
    let words = text.split_whitespace().count();
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    if !(words >= 2 && letters > 0 || letters >= 6) {
        return false;
    }
    if crate::lines::is_call_to_action(text) {
        return false;
    }
    let short = text.chars().count() < 60;
    // A dateline is mostly the date: a weekday, a month, a zone at most
    // beside the numbers ("Tuesday, 7 May 2025, 10:30 AM").
    let wordy = text
        .split_whitespace()
        .filter(|w| !w.chars().any(|c| c.is_ascii_digit()))
        .count()
        > 4;
    let dated = crate::dates::parse_date(text).is_some();
    // "Von Jane Roe, Redakteurin 05.11.2025, 18:00 Uhr": a byline with its
    // date, however long.
    !((short && ((!wordy && dated) || BYLINE.is_match(text)))
        || (dated && text.chars().count() < 120 && BYLINE.is_match(text)))
}

static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:by|von|oleh|door|par|por|powered\s+by|vandaag|today|heute)\b")
        .expect("valid regex")
});

/// Text of a subtree, leaving out `skip`'s subtree.
fn node_text(dom: &Dom<'_>, id: NodeId, skip: Option<NodeId>) -> String {
    let mut out = String::new();
    let end = dom.node(id).end;
    let mut d = id;
    while d <= end {
        if Some(d) == skip {
            d = dom.node(d).end + 1;
            continue;
        }
        if let Some(t) = dom.node(d).text {
            out.push_str(t);
        } else if dom.node(d).tag.is_block() || dom.node(d).tag == Tag::Br {
            out.push(' ');
        }
        d += 1;
    }
    normalize_space(&out)
}

fn image_src(dom: &Dom<'_>, img: NodeId, base: Option<&Url>) -> Option<String> {
    let node = dom.node(img);
    let candidates = [
        "data-src",
        "data-original",
        "data-lazy-src",
        "data-full-src",
        "data-srcset",
        "srcset",
        "src",
    ];
    for attr in candidates {
        let Some(value) = node.attr(attr) else {
            continue;
        };
        let value = if attr.ends_with("srcset") {
            largest_in_srcset(value)
        } else {
            value.trim()
        };
        if value.is_empty() || value.starts_with("data:") {
            continue;
        }
        return Some(resolve(value, base));
    }
    None
}

fn largest_in_srcset(srcset: &str) -> &str {
    srcset
        .split(',')
        .filter_map(|item| {
            let mut parts = item.split_whitespace();
            let url = parts.next()?;
            let width = parts
                .next()
                .and_then(|w| w.trim_end_matches(['w', 'x']).parse::<f32>().ok())
                .unwrap_or(0.0);
            Some((url, width))
        })
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map_or("", |(u, _)| u)
}

pub(crate) fn resolve(href: &str, base: Option<&Url>) -> String {
    match base.and_then(|b| b.join(href).ok()) {
        Some(u) => u.to_string(),
        None => href.to_string(),
    }
}

/// The caption the page's JSON-LD gives its picture, for the picture
/// when the page's markup left it uncaptioned: the image with the same
/// file, else the lone lead image; a picture not among the images yet
/// leads them.
pub fn caption_from_jsonld(
    images: &mut Vec<Image>,
    url: Option<&str>,
    caption: &str,
    base: Option<&Url>,
) {
    let (caption, credit) = split_caption_credit(caption);
    let Some(caption) = caption.filter(|c| is_caption_text(c)) else {
        return;
    };
    let key = crate::metadata::loose(&caption);
    if images
        .iter()
        .any(|i| i.caption.as_deref().map(crate::metadata::loose) == Some(key.clone()))
    {
        return;
    }
    let src = url.map(|u| resolve(u, base));
    let file = |u: &str| {
        let path = u.split(['?', '#']).next().unwrap_or(u);
        path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase()
    };
    let same = src.as_deref().and_then(|s| {
        let f = file(s);
        images
            .iter()
            .position(|i| i.src.as_deref().is_some_and(|o| file(o) == f))
    });
    let target = same.or_else(|| {
        (images.len() == 1 && images[0].caption.is_none() && src.is_none()).then_some(0)
    });
    match target {
        Some(i) if images[i].caption.is_none() => {
            images[i].caption = Some(caption);
            if images[i].credit.is_none() {
                images[i].credit = credit;
            }
        }
        Some(_) => {}
        None if src.is_some() => images.insert(
            0,
            Image {
                src,
                caption: Some(caption),
                credit,
            },
        ),
        None => {}
    }
}

/// `og:image` or `twitter:image`, for pages whose body has no image.
pub fn lead_image(doc: &scraper::Html, base: Option<&Url>) -> Option<String> {
    static SELECTOR: LazyLock<scraper::Selector> = LazyLock::new(|| {
        scraper::Selector::parse(
            r#"meta[property="og:image"], meta[name="og:image"], meta[name="twitter:image"], meta[property="twitter:image"]"#,
        )
        .expect("valid selector")
    });
    doc.select(&SELECTOR)
        .filter_map(|m| m.value().attr("content"))
        .map(str::trim)
        .find(|c| !c.is_empty() && !c.starts_with("data:"))
        .map(|c| resolve(c, base))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailing_names_are_credits() {
        assert_eq!(
            trailing_credit("The islands have been listed for sale. (Christie's)"),
            Some((
                "The islands have been listed for sale.".into(),
                "Christie's".into()
            ))
        );
        assert_eq!(
            trailing_credit("Polizei-Razzia am Montag in La Soledat / Lorenzo Marina"),
            Some((
                "Polizei-Razzia am Montag in La Soledat".into(),
                "Lorenzo Marina".into()
            ))
        );
        assert_eq!(
            trailing_credit(
                "Menteri Keuangan di Istana Negara, Jakarta(Biro Pers Sekretariat Presiden)"
            ),
            Some((
                "Menteri Keuangan di Istana Negara, Jakarta".into(),
                "Biro Pers Sekretariat Presiden".into()
            ))
        );
        // Parentheses that belong to the caption stay.
        assert_eq!(
            trailing_credit("Presiden Rusia Vladimir Putin (kiri) di Amur"),
            None
        );
        assert_eq!(
            trailing_credit("Harga naik (dari 5 menjadi 7 persen)"),
            None
        );
    }

    #[test]
    fn east_asian_trailing_credits() {
        assert_eq!(
            trailing_cjk_credit("警視庁を出る容疑者＝13日、東京・霞ケ関で（山田太郎撮影）"),
            Some((
                "警視庁を出る容疑者＝13日、東京・霞ケ関で".into(),
                "山田太郎撮影".into()
            ))
        );
        assert_eq!(
            trailing_cjk_credit("テレビで見る国民（ソウルで、３日）＝ＡＰ"),
            Some(("テレビで見る国民（ソウルで、３日）".into(), "ＡＰ".into()))
        );
        assert_eq!(
            trailing_cjk_credit("국회에서 열린 의원총회에서 대화하고 있다. 뉴스1"),
            Some((
                "국회에서 열린 의원총회에서 대화하고 있다.".into(),
                "뉴스1".into()
            ))
        );
        // A date after the equals sign is part of the caption.
        assert_eq!(
            trailing_cjk_credit("気象庁で開かれた評価検討会＝１３日午後"),
            None
        );
        assert_eq!(trailing_cjk_credit("The mayor spoke. Reuters"), None);
    }

    #[test]
    fn teaser_links_are_not_picture_links() {
        assert!(links_elsewhere(Some("/berita/2024/03/other-story")));
        assert!(!links_elsewhere(Some("/img/2024/03/full.JPG?w=2000")));
        assert!(!links_elsewhere(Some("#lightbox")));
        assert!(!links_elsewhere(None));
    }

    #[test]
    fn credits_become_name_lists() {
        assert_eq!(
            tidy_credit("Symbolfoto: dpa | Jens Kalaene."),
            "dpa, Jens Kalaene"
        );
        assert_eq!(tidy_credit("Foto: ANTARA/Aditya"), "ANTARA/Aditya");
        assert_eq!(tidy_credit("Copyright"), "");
    }
}
