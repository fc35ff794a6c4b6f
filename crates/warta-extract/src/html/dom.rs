//! A compact, index-based view of the parsed page.
//!
//! scraper's tree is walked once into this arena. Nodes are stored in
//! document (pre-)order, so a reverse loop over the indices visits every
//! child before its parent: statistics are aggregated bottom-up without
//! recursion, which keeps 100,000-deep pages from overflowing the stack.

use scraper::{Html, Node};

pub type NodeId = u32;
pub const NONE: NodeId = u32::MAX;

/// The tags the extractor reasons about; everything else is `Other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    Html,
    Body,
    Article,
    Main,
    Section,
    Div,
    P,
    H(u8),
    Blockquote,
    Pre,
    Ul,
    Ol,
    Li,
    Dl,
    Dt,
    Dd,
    Table,
    Tr,
    Td,
    Figure,
    Figcaption,
    Img,
    Picture,
    Source,
    A,
    Br,
    Hr,
    Header,
    Footer,
    Nav,
    Aside,
    Form,
    /// Controls: never body text, but lightbox buttons wrap figures.
    Button,
    Span,
    Time,
    Address,
    Cite,
    Small,
    Code,
    /// Script, style, svg and the like: never text.
    Junk,
    Other,
}

impl Tag {
    fn from_name(name: &str) -> Tag {
        match name {
            "html" => Tag::Html,
            "body" => Tag::Body,
            "article" => Tag::Article,
            "main" => Tag::Main,
            "section" => Tag::Section,
            "div" | "center" => Tag::Div,
            "p" => Tag::P,
            "h1" => Tag::H(1),
            "h2" => Tag::H(2),
            "h3" => Tag::H(3),
            "h4" => Tag::H(4),
            "h5" => Tag::H(5),
            "h6" => Tag::H(6),
            "blockquote" => Tag::Blockquote,
            "pre" => Tag::Pre,
            "ul" | "menu" => Tag::Ul,
            "ol" => Tag::Ol,
            "li" => Tag::Li,
            "dl" => Tag::Dl,
            "dt" => Tag::Dt,
            "dd" => Tag::Dd,
            "table" => Tag::Table,
            "tr" => Tag::Tr,
            "td" | "th" => Tag::Td,
            "figure" => Tag::Figure,
            "figcaption" => Tag::Figcaption,
            "img" => Tag::Img,
            "picture" => Tag::Picture,
            "source" => Tag::Source,
            "a" => Tag::A,
            "br" => Tag::Br,
            "hr" => Tag::Hr,
            "header" => Tag::Header,
            "footer" => Tag::Footer,
            "nav" => Tag::Nav,
            "aside" => Tag::Aside,
            "form" => Tag::Form,
            "button" => Tag::Button,
            "span" | "font" | "b" | "strong" | "i" | "em" | "u" | "mark" | "sup" | "sub"
            | "abbr" | "q" | "s" | "del" | "ins" | "label" | "bdi" | "bdo" | "dfn" | "kbd"
            | "var" | "tt" | "big" => Tag::Span,
            "time" => Tag::Time,
            "address" => Tag::Address,
            "cite" => Tag::Cite,
            "small" => Tag::Small,
            "code" | "samp" => Tag::Code,
            "script" | "style" | "noscript" | "template" | "svg" | "math" | "iframe" | "object"
            | "embed" | "canvas" | "select" | "input" | "textarea" | "head" | "title" | "meta"
            | "link" | "audio" | "video" | "map" | "dialog" | "option" | "frameset" | "frame" => {
                Tag::Junk
            }
            _ => Tag::Other,
        }
    }

    /// Tags that start a new line of text when rendered.
    pub fn is_block(self) -> bool {
        !matches!(
            self,
            Tag::Span
                | Tag::A
                | Tag::Time
                | Tag::Cite
                | Tag::Small
                | Tag::Code
                | Tag::Img
                | Tag::Picture
                | Tag::Source
                | Tag::Br
                | Tag::Other
        )
    }
}

#[derive(Debug)]
pub struct DomNode<'a> {
    pub tag: Tag,
    pub element: Option<&'a scraper::node::Element>,
    pub text: Option<&'a str>,
    pub parent: NodeId,
    pub first_child: NodeId,
    pub next_sibling: NodeId,
    /// The last node in document order inside this node's subtree.
    pub end: NodeId,
    /// [`super::patterns::class`] bits of the element's class and id.
    pub class_bits: u8,
}

impl<'a> DomNode<'a> {
    pub fn attr(&self, name: &str) -> Option<&'a str> {
        self.element.and_then(|e| e.attr_fast(name))
    }
}

pub struct Dom<'a> {
    pub nodes: Vec<DomNode<'a>>,
}

impl<'a> Dom<'a> {
    /// Builds the arena from the `<body>` (or the whole document when the
    /// parser produced none), leaving out comments and doctype nodes.
    pub fn build(doc: &'a Html) -> Dom<'a> {
        let mut nodes: Vec<DomNode<'a>> = Vec::with_capacity(4096);
        let mut last_child: Vec<NodeId> = Vec::with_capacity(4096);
        // Stack of open arena nodes (NONE for nodes we skip, to keep
        // the open/close events balanced).
        let mut stack: Vec<NodeId> = Vec::with_capacity(64);
        let mut skip_depth = 0usize;
        // Pages repeat the same class strings on many elements: each is
        // classified once.
        let mut class_cache: std::collections::HashMap<&'a str, u8> =
            std::collections::HashMap::with_capacity(512);
        for edge in doc.tree.root().traverse() {
            match edge {
                ego_tree::iter::Edge::Open(node) => {
                    if skip_depth > 0 {
                        skip_depth += 1;
                        continue;
                    }
                    let (tag, element, text) = match node.value() {
                        Node::Element(e) => (Tag::from_name(e.name()), Some(e), None),
                        Node::Text(t) => (Tag::Other, None, Some(&**t)),
                        Node::Document | Node::Fragment => {
                            stack.push(NONE);
                            continue;
                        }
                        _ => {
                            skip_depth = 1;
                            continue;
                        }
                    };
                    if tag == Tag::Junk {
                        skip_depth = 1;
                        continue;
                    }
                    let parent = stack
                        .iter()
                        .rev()
                        .copied()
                        .find(|&id| id != NONE)
                        .unwrap_or(NONE);
                    let id = nodes.len() as NodeId;
                    nodes.push(DomNode {
                        tag,
                        element,
                        text,
                        parent,
                        first_child: NONE,
                        next_sibling: NONE,
                        end: id,
                        class_bits: element.map_or(0, |e| class_bits(e, &mut class_cache)),
                    });
                    last_child.push(NONE);
                    if parent != NONE {
                        let prev = last_child[parent as usize];
                        if prev == NONE {
                            nodes[parent as usize].first_child = id;
                        } else {
                            nodes[prev as usize].next_sibling = id;
                        }
                        last_child[parent as usize] = id;
                    }
                    stack.push(id);
                }
                ego_tree::iter::Edge::Close(_) => {
                    if skip_depth > 0 {
                        skip_depth -= 1;
                        continue;
                    }
                    stack.pop();
                }
            }
        }
        for i in (0..nodes.len()).rev() {
            let parent = nodes[i].parent;
            if parent != NONE && nodes[parent as usize].end < nodes[i].end {
                nodes[parent as usize].end = nodes[i].end;
            }
        }
        Dom { nodes }
    }

    pub fn node(&self, id: NodeId) -> &DomNode<'a> {
        &self.nodes[id as usize]
    }

    pub fn children(&self, id: NodeId) -> Links<'_, 'a> {
        Links {
            dom: self,
            next: self.nodes[id as usize].first_child,
            step: |n| n.next_sibling,
        }
    }

    pub fn ancestors(&self, id: NodeId) -> Links<'_, 'a> {
        Links {
            dom: self,
            next: self.nodes[id as usize].parent,
            step: |n| n.parent,
        }
    }

    pub fn is_ancestor(&self, ancestor: NodeId, id: NodeId) -> bool {
        ancestor <= id && id <= self.nodes[ancestor as usize].end
    }

    /// Whether the element's class or id matched a [`super::patterns::class`] pattern.
    pub fn has_class(&self, id: NodeId, bit: u8) -> bool {
        self.nodes[id as usize].class_bits & bit != 0
    }
}

/// Lower-cased `class` and `id` attributes joined, for pattern tests.
/// The [`super::patterns::classify`] bits of an element's class and id. The
/// patterns match within one word, so the class string and the id are
/// classified apart and their bits joined; class strings go through `cache`.
fn class_bits<'a>(
    element: &'a scraper::node::Element,
    cache: &mut std::collections::HashMap<&'a str, u8>,
) -> u8 {
    let lower = |s: &str| super::patterns::classify(&s.to_ascii_lowercase());
    let class = element.attr_fast("class").map_or(0, |c| {
        if c.trim().is_empty() {
            return 0;
        }
        *cache.entry(c).or_insert_with(|| lower(c))
    });
    let id = element
        .attr_fast("id")
        .filter(|i| !i.trim().is_empty())
        .map_or(0, lower);
    class | id
}

/// Attribute lookup by a scan of the element's few attributes.
/// `scraper`'s `Element::attr` interns the name as an atom on every call
/// (a hash and a set lookup), which costs more than the scan on elements
/// with a handful of attributes, and pages have thousands of elements.
pub(crate) trait AttrExt {
    fn attr_fast(&self, name: &str) -> Option<&str>;

    /// Whether `attr` holds one of `words` among its space-separated words,
    /// as CSS `[attr~=word]` (case-sensitive).
    fn has_word(&self, attr: &str, words: &[&str]) -> bool {
        self.attr_fast(attr)
            .is_some_and(|v| v.split_ascii_whitespace().any(|w| words.contains(&w)))
    }

    /// Whether `rel` holds `word`; link types are ASCII case-insensitive.
    fn rel_has(&self, word: &str) -> bool {
        self.attr_fast("rel").is_some_and(|r| {
            r.split_ascii_whitespace()
                .any(|t| t.eq_ignore_ascii_case(word))
        })
    }
}

impl AttrExt for scraper::node::Element {
    fn attr_fast(&self, name: &str) -> Option<&str> {
        self.attrs().find(|(n, _)| *n == name).map(|(_, v)| v)
    }
}

/// Follows one link (next sibling or parent) from node to node.
pub struct Links<'d, 'a> {
    dom: &'d Dom<'a>,
    next: NodeId,
    step: fn(&DomNode<'a>) -> NodeId,
}

impl Iterator for Links<'_, '_> {
    type Item = NodeId;
    fn next(&mut self) -> Option<NodeId> {
        if self.next == NONE {
            return None;
        }
        let cur = self.next;
        self.next = (self.step)(&self.dom.nodes[cur as usize]);
        Some(cur)
    }
}
