//! Finding the article body and reading it as blocks.

use super::dom::{Dom, NodeId, Tag, NONE};
use super::patterns::{class, SECTION_END, STAFF_LINE};
use crate::textutil::normalize_space;
use crate::ExtractError;
use warta_model::{Block, BlockKind};

/// The body found in a page: its blocks and the nodes they were read from.
pub struct Body {
    pub blocks: Vec<Block>,
    /// The body ends with a "continued on the next page" prompt.
    pub continued: bool,
    /// The selected content nodes (the top candidate and its siblings).
    pub roots: Vec<NodeId>,
}

/// Text statistics of a node's subtree, junk excluded.
#[derive(Debug, Clone, Copy, Default)]
struct Stats {
    /// Characters of text, whitespace excluded.
    chars: u32,
    /// Characters of text inside links.
    link_chars: u32,
    /// Commas, which mark prose.
    commas: u32,
    /// Characters of text directly inside this node (not in a block child).
    inline_chars: u32,
    /// Characters in prose paragraphs (not link lists) in this subtree.
    para_chars: u32,
}

impl Stats {
    fn link_density(&self) -> f32 {
        if self.chars == 0 {
            0.0
        } else {
            self.link_chars as f32 / self.chars as f32
        }
    }
}

/// Finds the nodes matched by the caller's CSS selectors.
pub fn select_by_css(
    doc: &scraper::Html,
    dom: &Dom<'_>,
    selectors: &[String],
) -> Result<Vec<NodeId>, ExtractError> {
    let mut wanted = std::collections::HashSet::new();
    for raw in selectors {
        let selector = scraper::Selector::parse(raw).map_err(|e| ExtractError::Selector {
            selector: raw.clone(),
            message: e.to_string(),
        })?;
        for el in doc.select(&selector) {
            wanted.insert(el.value() as *const scraper::node::Element);
        }
    }
    Ok((0..dom.nodes.len() as NodeId)
        .filter(|&id| {
            dom.node(id)
                .element
                .is_some_and(|e| wanted.contains(&(e as *const _)))
        })
        .collect())
}

pub fn extract_body(dom: &Dom<'_>, title: Option<&str>, selected: Option<Vec<NodeId>>) -> Body {
    let n = dom.nodes.len();
    if n == 0 {
        return Body {
            blocks: Vec::new(),
            continued: false,
            roots: Vec::new(),
        };
    }
    // Text is counted once; the statistics are summed up to three times.
    let counts = text_counts(dom);
    let raw_stats = compute_stats(dom, &counts, &vec![false; n]);
    let junk = mark_junk(dom, &raw_stats, true);
    let stats = compute_stats(dom, &counts, &junk);

    if let Some(roots) = selected {
        let roots = outermost(dom, roots);
        let (blocks, continued) = read_blocks(dom, &roots, &junk, &stats, title);
        return Body {
            blocks,
            continued,
            roots,
        };
    }

    let roots = find_content(dom, &stats, &junk);
    let (blocks, continued) = read_blocks(dom, &roots, &junk, &stats, title);
    let mut body = Body {
        blocks,
        continued,
        roots,
    };
    // A body this short means the class rules hid the article (some sites
    // wrap everything in a "content-share" box): try again without them.
    if text_len(&body.blocks) < 250 {
        let lenient = mark_junk(dom, &raw_stats, false);
        let lenient_stats = compute_stats(dom, &counts, &lenient);
        let roots = find_content(dom, &lenient_stats, &lenient);
        let (blocks, continued) = read_blocks(dom, &roots, &lenient, &lenient_stats, title);
        if text_len(&blocks) > text_len(&body.blocks) * 2 {
            body = Body {
                blocks,
                continued,
                roots,
            };
        }
    }
    body
}

fn text_len(blocks: &[Block]) -> usize {
    blocks.iter().map(|b| b.text.len()).sum()
}

/// Keeps only the nodes not inside another selected node.
fn outermost(dom: &Dom<'_>, mut ids: Vec<NodeId>) -> Vec<NodeId> {
    ids.sort_unstable();
    let mut out: Vec<NodeId> = Vec::new();
    for id in ids {
        if out.last().is_none_or(|&last| !dom.is_ancestor(last, id)) {
            out.push(id);
        }
    }
    out
}

/// Characters other than whitespace, and commas among them, of each text
/// node (zero for other nodes).
fn text_counts(dom: &Dom<'_>) -> Vec<(u32, u32)> {
    dom.nodes
        .iter()
        .map(|node| {
            let Some(text) = node.text else {
                return (0, 0);
            };
            let (mut chars, mut commas) = (0u32, 0u32);
            for c in text.chars() {
                if !c.is_whitespace() {
                    chars += 1;
                    if matches!(c, ',' | '，' | '、' | '،') {
                        commas += 1;
                    }
                }
            }
            (chars, commas)
        })
        .collect()
}

fn compute_stats(dom: &Dom<'_>, counts: &[(u32, u32)], junk: &[bool]) -> Vec<Stats> {
    let n = dom.nodes.len();
    let mut stats = vec![Stats::default(); n];
    for i in (0..n).rev() {
        if junk[i] {
            continue;
        }
        let node = &dom.nodes[i];
        if node.text.is_some() {
            let (chars, commas) = counts[i];
            stats[i].chars = chars;
            stats[i].commas = commas;
            stats[i].inline_chars = chars;
        }
        if node.tag == Tag::A {
            stats[i].link_chars = stats[i].chars;
        }
        let own_prose = match node.tag {
            Tag::P | Tag::Pre | Tag::Blockquote | Tag::Dd => stats[i].chars,
            Tag::Div | Tag::Section | Tag::Article | Tag::Main | Tag::Td => stats[i].inline_chars,
            _ => 0,
        };
        if own_prose >= 20 && stats[i].link_density() < 0.3 {
            stats[i].para_chars = stats[i].para_chars.max(own_prose);
        }
        let parent = node.parent;
        if parent != NONE {
            let child = stats[i];
            stats[parent as usize].para_chars += child.para_chars;
            let p = &mut stats[parent as usize];
            p.chars += child.chars;
            p.link_chars += child.link_chars;
            p.commas += child.commas;
            if !node.tag.is_block() || node.text.is_some() {
                p.inline_chars += child.chars;
            }
        }
    }
    stats
}

/// Marks navigation, asides, hidden parts and boilerplate classes. With
/// `use_classes` false only the structural rules apply.
fn mark_junk(dom: &Dom<'_>, stats: &[Stats], use_classes: bool) -> Vec<bool> {
    let n = dom.nodes.len();
    let total = stats
        .iter()
        .zip(&dom.nodes)
        .find(|(_, node)| node.tag == Tag::Body)
        .map(|(s, _)| s.chars)
        .unwrap_or_else(|| stats.first().map_or(0, |s| s.chars))
        .max(1) as f32;
    let mut junk = vec![false; n];
    for i in 0..n {
        let node = &dom.nodes[i];
        if node.parent != NONE && junk[node.parent as usize] {
            junk[i] = true;
            continue;
        }
        if node.element.is_none() {
            continue;
        }
        let share = stats[i].chars as f32 / total;
        let structural = match node.tag {
            Tag::Button => true,
            Tag::Nav | Tag::Aside | Tag::Footer | Tag::Header => share < 0.5,
            Tag::Form => share < 0.2,
            _ => false,
        };
        if structural || is_hidden(dom, i as NodeId) {
            junk[i] = true;
            continue;
        }
        if !use_classes
            || matches!(node.tag, Tag::Body | Tag::Html | Tag::Article | Tag::Main)
            || share > 0.6
        {
            continue;
        }
        let bits = node.class_bits;
        if bits == 0 {
            continue;
        }
        let itemprop = node.attr("itemprop").unwrap_or("");
        if itemprop.eq_ignore_ascii_case("articleBody") {
            continue;
        }
        if bits & class::STRONG_NEGATIVE != 0
            || (bits & class::WEAK_NEGATIVE != 0 && bits & class::POSITIVE == 0 && share < 0.3)
        {
            junk[i] = true;
        }
    }
    junk
}

fn is_hidden(dom: &Dom<'_>, id: NodeId) -> bool {
    let node = dom.node(id);
    if node.attr("hidden").is_some() {
        return true;
    }
    if let Some(style) = node.attr("style") {
        let style = style.to_ascii_lowercase().replace(' ', "");
        if style.contains("display:none") || style.contains("visibility:hidden") {
            return true;
        }
    }
    node.attr("aria-hidden").is_some_and(|v| v == "true") && node.tag != Tag::Body
}

/// Readability's candidate scoring: each paragraph gives points to its
/// parent, less to its grandparent and beyond; the best-scoring container
/// and its worthy siblings are the article.
fn find_content(dom: &Dom<'_>, stats: &[Stats], junk: &[bool]) -> Vec<NodeId> {
    let n = dom.nodes.len();
    let mut score: Vec<f32> = vec![0.0; n];
    let mut scored: Vec<bool> = vec![false; n];
    for i in 0..n {
        if junk[i] {
            continue;
        }
        let node = &dom.nodes[i];
        // Text directly inside a container (between <br>s, say) scores
        // the container itself as well as its ancestors.
        let self_scores = match node.tag {
            Tag::P | Tag::Pre | Tag::Td | Tag::Blockquote | Tag::Dd | Tag::Li => false,
            Tag::Div | Tag::Section | Tag::Article | Tag::Main if node.element.is_some() => true,
            Tag::Other | Tag::Span if node.element.is_some() => false,
            _ => continue,
        };
        if stats[i].inline_chars < 20 {
            continue;
        }
        let mut points = paragraph_points(dom, stats, junk, i as NodeId);
        if points == 0.0 {
            continue;
        }
        if node.tag == Tag::Li {
            points *= 0.5;
        }
        let own = self_scores.then_some(i as NodeId);
        for (level, ancestor) in own
            .into_iter()
            .chain(dom.ancestors(i as NodeId))
            .take(5)
            .enumerate()
        {
            let a = ancestor as usize;
            if dom.nodes[a].element.is_none() {
                break;
            }
            if !scored[a] {
                scored[a] = true;
                score[a] = initial_score(dom, ancestor);
            }
            let divider = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f32 * 3.0,
            };
            score[a] += points / divider;
        }
    }
    let mut candidates: Vec<(NodeId, f32)> = (0..n)
        .filter(|&i| scored[i] && !junk[i])
        .map(|i| (i as NodeId, score[i] * (1.0 - stats[i].link_density())))
        .collect();
    candidates.sort_by(|a, b| b.1.total_cmp(&a.1));
    let Some(&(mut top, top_score)) = candidates.first() else {
        return body_node(dom).into_iter().collect();
    };

    // Several close runners-up inside one ancestor: the article is split
    // into sections, and the ancestor holds them all.
    let close: Vec<NodeId> = candidates
        .iter()
        .skip(1)
        .take(5)
        .filter(|c| c.1 >= top_score * 0.75)
        .map(|c| c.0)
        .collect();
    if close.len() >= 2 {
        let mut ancestor = dom.node(top).parent;
        while ancestor != NONE && dom.node(ancestor).tag != Tag::Body {
            let contained = close
                .iter()
                .filter(|&&c| dom.is_ancestor(ancestor, c))
                .count();
            if contained >= 2 {
                top = ancestor;
                break;
            }
            ancestor = dom.node(ancestor).parent;
        }
    }
    // A lone child stands for its parent.
    loop {
        let parent = dom.node(top).parent;
        if parent == NONE || matches!(dom.node(parent).tag, Tag::Body | Tag::Html) {
            break;
        }
        let element_children = dom
            .children(parent)
            .filter(|&c| dom.node(c).element.is_some() && !junk[c as usize])
            .count();
        if element_children != 1 {
            break;
        }
        top = parent;
    }

    // An article cut into sections by pictures or embeds: when the parent
    // holds much more prose than the candidate, the parent is the article.
    loop {
        let parent = dom.node(top).parent;
        if parent == NONE || matches!(dom.node(parent).tag, Tag::Body | Tag::Html) {
            break;
        }
        let (mine, theirs) = (
            stats[top as usize].para_chars,
            stats[parent as usize].para_chars,
        );
        let gain = theirs.saturating_sub(mine);
        if gain >= 150
            && gain as f32 >= 0.25 * mine as f32
            && stats[parent as usize].link_density() < 0.3
        {
            top = parent;
        } else {
            break;
        }
    }

    // Siblings that read like the article join it.
    let top_final = score[top as usize] * (1.0 - stats[top as usize].link_density());
    let threshold = (top_final * 0.2).max(10.0);
    let parent = dom.node(top).parent;
    if parent == NONE {
        return vec![top];
    }
    let top_class = dom.node(top).attr("class").unwrap_or("");
    let mut roots = Vec::new();
    let mut past_top = false;
    for sibling in dom.children(parent) {
        if sibling == top {
            roots.push(sibling);
            past_top = true;
            continue;
        }
        // "More stories" after the article: the rest is other articles.
        if past_top && dom.node(sibling).element.is_some() && stats[sibling as usize].chars < 60 {
            let text = subtree_text(dom, sibling);
            if SECTION_END.is_match(&text) {
                break;
            }
        }
        let s = sibling as usize;
        if junk[s] || dom.node(sibling).element.is_none() {
            continue;
        }
        let mut bonus = 0.0;
        if !top_class.is_empty() && dom.node(sibling).attr("class") == Some(top_class) {
            bonus += top_final * 0.2;
        }
        let sib_score = if scored[s] {
            score[s] * (1.0 - stats[s].link_density())
        } else {
            0.0
        };
        let append = if scored[s] && sib_score + bonus >= threshold {
            true
        } else if dom.node(sibling).tag == Tag::P {
            let chars = stats[s].chars;
            let ld = stats[s].link_density();
            (chars > 80 && ld < 0.25)
                || (chars > 0 && chars <= 80 && ld == 0.0 && ends_sentence(dom, sibling))
        } else {
            false
        };
        if append {
            roots.push(sibling);
        }
    }
    roots
}

/// Readability's points for the prose directly inside `id`: each run of
/// inline content between blocks or double `<br>`s is one paragraph worth
/// 1, plus its commas, plus one per 100 characters up to 3.
fn paragraph_points(dom: &Dom<'_>, stats: &[Stats], junk: &[bool], id: NodeId) -> f32 {
    let mut points = 0.0;
    let (mut chars, mut commas) = (0u32, 0u32);
    let mut last_was_br = false;
    let mut finish = |chars: &mut u32, commas: &mut u32| {
        if *chars >= 20 {
            points += 1.0 + *commas as f32 + (*chars as f32 / 100.0).floor().min(3.0);
        }
        *chars = 0;
        *commas = 0;
    };
    for child in dom.children(id) {
        let c = child as usize;
        if junk[c] {
            continue;
        }
        let node = dom.node(child);
        if node.text.is_some() {
            if stats[c].chars > 0 {
                last_was_br = false;
            }
        } else if node.tag == Tag::Br {
            if last_was_br {
                finish(&mut chars, &mut commas);
            }
            last_was_br = true;
            continue;
        } else if node.tag.is_block() {
            finish(&mut chars, &mut commas);
            last_was_br = false;
            continue;
        } else {
            last_was_br = false;
        }
        chars += stats[c].chars;
        commas += stats[c].commas;
    }
    finish(&mut chars, &mut commas);
    points
}

/// The text of a small subtree, whitespace-normalised.
fn subtree_text(dom: &Dom<'_>, id: NodeId) -> String {
    let text: String = (id..=dom.node(id).end)
        .filter_map(|d| dom.node(d).text)
        .collect();
    normalize_space(&text)
}

fn body_node(dom: &Dom<'_>) -> Option<NodeId> {
    (0..dom.nodes.len() as NodeId).find(|&i| dom.node(i).tag == Tag::Body)
}

fn ends_sentence(dom: &Dom<'_>, id: NodeId) -> bool {
    let end = dom.node(id).end;
    (id..=end)
        .rev()
        .filter_map(|i| dom.node(i).text)
        .map(str::trim_end)
        .find(|t| !t.is_empty())
        .is_some_and(|t| t.ends_with(['.', '!', '?', '"', '”', '。']))
}

fn initial_score(dom: &Dom<'_>, id: NodeId) -> f32 {
    let node = dom.node(id);
    let mut s = match node.tag {
        Tag::Div | Tag::Article | Tag::Main | Tag::Section => 5.0,
        Tag::Pre | Tag::Td | Tag::Blockquote => 3.0,
        Tag::Address | Tag::Ol | Tag::Ul | Tag::Dl | Tag::Dd | Tag::Dt | Tag::Li | Tag::Form => {
            -3.0
        }
        Tag::H(_) => -5.0,
        _ => 0.0,
    };
    if node.tag == Tag::Article {
        s += 10.0;
    }
    if node
        .attr("itemprop")
        .is_some_and(|v| v.eq_ignore_ascii_case("articleBody"))
    {
        s += 30.0;
    }
    if dom.has_class(id, class::POSITIVE) {
        s += 25.0;
    }
    if dom.has_class(id, class::STRONG_NEGATIVE | class::WEAK_NEGATIVE) {
        s -= 25.0;
    }
    s
}

/// One paragraph of text being gathered from inline content.
#[derive(Default)]
struct Run {
    text: String,
    link_chars: usize,
    /// Consecutive `<br>`s seen with no text between them.
    pending_breaks: u32,
}

struct Reader<'d, 'a> {
    dom: &'d Dom<'a>,
    blocks: Vec<(Block, f32)>,
    run: Run,
}

impl Reader<'_, '_> {
    fn flush(&mut self, kind: BlockKind) {
        let run = std::mem::take(&mut self.run);
        // Link characters are counted for the whole run; the paragraphs of
        // a run split at <br><br> share its density, close enough for the
        // link-list test.
        let chars = run.text.chars().filter(|c| !c.is_whitespace()).count();
        let density = (run.link_chars as f32 / chars.max(1) as f32).min(1.0);
        for piece in run.text.split("\n\n") {
            let text = normalize_space(piece);
            if !text.is_empty() {
                self.blocks.push((Block::new(kind, text), density));
            }
        }
    }
}

fn kind_of(tag: Tag) -> Option<BlockKind> {
    match tag {
        Tag::P
        | Tag::Div
        | Tag::Section
        | Tag::Article
        | Tag::Main
        | Tag::Td
        | Tag::Pre
        | Tag::Dd
        | Tag::Dt
        | Tag::Address => Some(BlockKind::Paragraph),
        Tag::H(_) => Some(BlockKind::Heading),
        Tag::Blockquote => Some(BlockKind::Quote),
        Tag::Li => Some(BlockKind::ListItem),
        _ => None,
    }
}

/// Reads the selected nodes in document order into blocks.
fn read_blocks(
    dom: &Dom<'_>,
    roots: &[NodeId],
    junk: &[bool],
    stats: &[Stats],
    title: Option<&str>,
) -> (Vec<Block>, bool) {
    let mut reader = Reader {
        dom,
        blocks: Vec::new(),
        run: Run::default(),
    };
    for &root in roots {
        // Explicit stack of (node, entering) so deep pages cannot overflow.
        let mut stack: Vec<(NodeId, bool)> = vec![(root, true)];
        let mut kinds: Vec<BlockKind> = vec![BlockKind::Paragraph];
        while let Some((id, entering)) = stack.pop() {
            let node = reader.dom.node(id);
            if !entering {
                if node.tag.is_block() {
                    let current = *kinds.last().unwrap_or(&BlockKind::Paragraph);
                    reader.flush(current);
                    kinds.pop();
                }
                continue;
            }
            if junk[id as usize] {
                continue;
            }
            if let Some(text) = node.text {
                if !text.trim().is_empty() {
                    reader.run.pending_breaks = 0;
                }
                reader.run.text.push_str(text);
                if reader
                    .dom
                    .ancestors(id)
                    .take(4)
                    .any(|a| reader.dom.node(a).tag == Tag::A)
                {
                    reader.run.link_chars += text.chars().filter(|c| !c.is_whitespace()).count();
                }
                continue;
            }
            match node.tag {
                Tag::Br => {
                    reader.run.pending_breaks += 1;
                    reader.run.text.push_str(if reader.run.pending_breaks >= 2 {
                        "\n\n"
                    } else {
                        " "
                    });
                    continue;
                }
                Tag::Figure | Tag::Figcaption | Tag::Img | Tag::Picture | Tag::Hr => {
                    if node.tag.is_block() {
                        let current = *kinds.last().unwrap_or(&BlockKind::Paragraph);
                        reader.flush(current);
                    }
                    continue;
                }
                _ => {}
            }
            if reader.dom.has_class(id, class::CAPTION) && stats[id as usize].chars < 400 {
                continue;
            }
            if node.tag.is_block() {
                let current = *kinds.last().unwrap_or(&BlockKind::Paragraph);
                reader.flush(current);
                let kind = match kind_of(node.tag) {
                    // Inside a list item or quote, nested paragraphs keep
                    // the outer kind.
                    Some(BlockKind::Paragraph) => match current {
                        BlockKind::Quote | BlockKind::ListItem => current,
                        _ => BlockKind::Paragraph,
                    },
                    Some(k) => k,
                    None => current,
                };
                kinds.push(kind);
            }
            stack.push((id, false));
            let children: Vec<NodeId> = reader.dom.children(id).collect();
            for &child in children.iter().rev() {
                stack.push((child, true));
            }
        }
        let current = *kinds.last().unwrap_or(&BlockKind::Paragraph);
        reader.flush(current);
    }
    clean_blocks(reader.blocks, title)
}

/// Lower-case letters and digits only: the title repeated in the body may
/// differ from the metadata's in punctuation.
fn letters_only(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Drops link lists, calls to action and the repeated title. Repeated
/// paragraphs stay: articles repeat lines (a weekly plan, a refrain).
fn clean_blocks(blocks: Vec<(Block, f32)>, title: Option<&str>) -> (Vec<Block>, bool) {
    let title_norm = title.map(letters_only);
    let mut out = Vec::with_capacity(blocks.len());
    // Where a "continued on the next page" prompt was seen.
    let mut prompt_at = None;
    for (block, link_density) in blocks {
        let len = block.text.chars().count();
        if crate::lines::is_continuation_prompt(&block.text) {
            prompt_at = Some(out.len());
            continue;
        }
        let unlinked = (len as f32 * (1.0 - link_density)) as usize;
        if (link_density > 0.5 && unlinked < 60) || link_density > 0.85 {
            continue;
        }
        // "More stories", "Comments": what follows belongs to other pages.
        if len < 60 && !out.is_empty() && SECTION_END.is_match(&block.text) {
            break;
        }
        if crate::lines::is_call_to_action(&block.text) || crate::lines::is_editor_code(&block.text)
        {
            continue;
        }
        if len < 100 && STAFF_LINE.is_match(&block.text) {
            continue;
        }
        // A dateline on its own ("Rabu, 17 Juni 2015 | 22:26 WIB").
        if len < 50
            && block.text.split_whitespace().count() <= 7
            && crate::dates::parse_date(&block.text).is_some()
        {
            continue;
        }
        if !block.text.chars().any(|c| c.is_alphanumeric()) {
            continue;
        }
        if title_norm.as_deref().is_some_and(|t| {
            t.len().abs_diff(block.text.len()) * 3 < t.len() && *t == letters_only(&block.text)
        }) {
            continue;
        }
        out.push(block);
    }
    let continued = prompt_at.is_some_and(|at| at == out.len());
    (out, continued)
}
