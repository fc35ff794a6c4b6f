//! warta's full-text index: one tantivy index in a folder, with each
//! article's title and body analysed in its own language (Indonesian with
//! `warta_lang::stem_id`, English with `stem_en`), and its entities, CAMEO
//! actors and event codes, outlet, language and publication time beside.
//!
//! The store is the truth; the index is a copy that `warta reindex`
//! rebuilds from it. An index written with another [`SCHEMA_VERSION`]
//! refuses to open and says so.
//!
//! Queries are read in both languages at once: each word is stemmed by the
//! Indonesian analyzer for the Indonesian fields and by the English one for
//! the English fields, so one query finds articles in either.

mod analysis;
mod doc;
mod pg;
mod query;
mod schema;
mod text_index;
mod topk;

pub use analysis::{stem, StemLang};
pub use doc::IndexDoc;
pub use pg::{PgTextIndex, PG_SCHEMA_VERSION};
pub use query::Query;
pub use schema::SCHEMA_VERSION;
pub use text_index::{IndexLocation, TextIndex};

use chrono::{DateTime, FixedOffset};
use schema::Fields;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tantivy::collector::TopDocs;
use tantivy::query::QueryParser;
use tantivy::schema::{Field, Schema, TantivyDocument, Term, Value};
use tantivy::snippet::{Snippet, SnippetGenerator};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Index, IndexReader, IndexWriter, Order, ReloadPolicy, Searcher};

/// Marks a hit's matched words in [`Hit::snippet`].
pub const HIGHLIGHT_START: &str = "«";
/// Ends a highlight in [`Hit::snippet`].
pub const HIGHLIGHT_END: &str = "»";

/// The file beside tantivy's own that records the schema version.
const VERSION_FILE: &str = "warta-index-version";

/// What can go wrong with the index. Messages name the folder or the query.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("index {path}: {source}")]
    Tantivy {
        path: String,
        #[source]
        source: tantivy::TantivyError,
    },
    #[error("index {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("index {path} has schema version {found}, this warta writes version {expected}; run `warta reindex` to rebuild it from the store")]
    SchemaVersion {
        path: String,
        found: String,
        expected: u32,
    },
    #[error("query {query:?}: {why}")]
    Query { query: String, why: String },
    #[error("search index on {server}: {what}: {why}")]
    Postgres {
        server: String,
        what: String,
        why: String,
    },
}

/// A `Result` with [`SearchError`].
pub type Result<T, E = SearchError> = std::result::Result<T, E>;

/// One article found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    pub article_id: i64,
    pub story: Option<i64>,
    /// tantivy's BM25 score (0 when the query has no text).
    pub score: f32,
    pub title: String,
    pub url: String,
    pub outlet: Option<String>,
    pub lang: Option<String>,
    /// RFC 3339 with the article's own offset, or none.
    pub published: Option<String>,
    /// Up to about 200 characters of the body (else the title) around the
    /// matched words, each match marked «like this». Plain text, no HTML.
    pub snippet: String,
}

/// What [`SearchIndex::warm`] read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Warmed {
    /// Files opened.
    pub files: usize,
    /// Bytes read.
    pub bytes: u64,
}

/// A full-text index in a folder.
pub struct SearchIndex {
    dir: PathBuf,
    index: Index,
    fields: Fields,
    reader: IndexReader,
    parser: QueryParser,
    schema: Schema,
    /// The analyzers of the stemmed title and body fields.
    analyzers: Vec<(Field, TextAnalyzer)>,
    /// Taken on the first write: reading needs no lock, so searches run
    /// beside a writer in another process.
    writer: Option<IndexWriter>,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("dir", &self.dir)
            .finish()
    }
}

impl SearchIndex {
    /// Whether `dir` holds an index (of any schema version): the one check
    /// for "built yet?" before opening, which would create an empty one.
    pub fn exists_in(dir: &Path) -> bool {
        dir.join("meta.json").exists()
    }

    /// Opens the index in `dir`, creating it (and the folder) when there is
    /// none. An index of another schema version is an error that says to
    /// run `warta reindex`.
    pub fn open(dir: &Path) -> Result<SearchIndex> {
        let path = dir.display().to_string();
        let io = |source| SearchError::Io {
            path: path.clone(),
            source,
        };
        let tv = |source| SearchError::Tantivy {
            path: path.clone(),
            source,
        };
        std::fs::create_dir_all(dir).map_err(io)?;
        let (schema, fields) = schema::build();
        let version_file = dir.join(VERSION_FILE);
        let exists = SearchIndex::exists_in(dir);
        let index = if exists {
            let found = std::fs::read_to_string(&version_file)
                .map(|s| s.trim().to_string())
                .unwrap_or_else(|_| "unknown".into());
            if found != SCHEMA_VERSION.to_string() {
                return Err(SearchError::SchemaVersion {
                    path,
                    found,
                    expected: SCHEMA_VERSION,
                });
            }
            let index = Index::open_in_dir(dir).map_err(tv)?;
            if index.schema() != schema {
                return Err(SearchError::SchemaVersion {
                    path,
                    found: format!("{found} (with another schema)"),
                    expected: SCHEMA_VERSION,
                });
            }
            index
        } else {
            let index = Index::create_in_dir(dir, schema).map_err(tv)?;
            std::fs::write(&version_file, format!("{SCHEMA_VERSION}\n")).map_err(io)?;
            index
        };
        analysis::register(index.tokenizers());
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()
            .map_err(tv)?;
        // The query text's syntax tree is compiled by `query::compile_text`
        // (default fields, boosts, phrases as pairs); the parser builds the
        // leaves it leaves to tantivy (ranges, sets, names, keywords).
        let parser = QueryParser::for_index(&index, vec![fields.body_id]);
        let schema = index.schema();
        let mut analyzers = Vec::new();
        for field in [
            fields.title_id,
            fields.body_id,
            fields.title_en,
            fields.body_en,
        ] {
            analyzers.push((field, index.tokenizer_for_field(field).map_err(tv)?));
        }
        Ok(SearchIndex {
            dir: dir.to_path_buf(),
            index,
            fields,
            reader,
            parser,
            schema,
            analyzers,
            writer: None,
        })
    }

    /// Deletes the index in `dir` (of any schema version) and creates an
    /// empty one. Refuses a folder that holds something other than an index.
    pub fn recreate(dir: &Path) -> Result<SearchIndex> {
        let io = |source| SearchError::Io {
            path: dir.display().to_string(),
            source,
        };
        if dir.exists() {
            if !SearchIndex::exists_in(dir) && !dir.join(VERSION_FILE).exists() {
                let empty = std::fs::read_dir(dir).map_err(io)?.next().is_none();
                if !empty {
                    return Err(io(std::io::Error::other(
                        "not a warta index, and not empty: not deleting it",
                    )));
                }
            }
            std::fs::remove_dir_all(dir).map_err(io)?;
        }
        SearchIndex::open(dir)
    }

    /// The folder the index lives in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn tv(&self, source: tantivy::TantivyError) -> SearchError {
        SearchError::Tantivy {
            path: self.dir.display().to_string(),
            source,
        }
    }

    /// The writer, taken (with tantivy's lock on the folder) on first use.
    fn writer(&mut self) -> Result<&mut IndexWriter> {
        if self.writer.is_none() {
            let threads = std::thread::available_parallelism()
                .map_or(1, |n| n.get())
                .clamp(1, 4);
            // 64 MB a thread: fewer, larger segments than tantivy's minimum,
            // small enough for a modest machine.
            let writer = self
                .index
                .writer_with_num_threads(threads, threads * 64_000_000)
                .map_err(|e| self.tv(e))?;
            self.writer = Some(writer);
        }
        Ok(self.writer.as_mut().expect("writer set above"))
    }

    /// Adds an article, replacing any with the same id. Seen by searches
    /// after [`SearchIndex::commit`].
    pub fn add(&mut self, doc: &IndexDoc) -> Result<()> {
        let f = self.fields;
        let mut d = TantivyDocument::new();
        d.add_i64(f.id, doc.article_id);
        if let Some(story) = doc.story {
            d.add_i64(f.story, story);
        }
        d.add_text(f.url, &doc.url);
        d.add_text(f.title, &doc.title);
        d.add_text(f.body, &doc.body);
        let (title_field, body_field) = if doc.is_indonesian() {
            (f.title_id, f.body_id)
        } else {
            (f.title_en, f.body_en)
        };
        d.add_text(title_field, &doc.title);
        d.add_text(body_field, &doc.body);
        for (field, text) in [(title_field, &doc.title), (body_field, &doc.body)] {
            if let Some(pairs) = f.pairs_of(field) {
                d.add_text(pairs, text);
            }
        }
        for e in &doc.entities {
            d.add_text(f.entity, e);
        }
        for a in &doc.actors {
            for t in doc::actor_terms(a) {
                d.add_text(f.actor, &t);
            }
        }
        for c in &doc.event_codes {
            for t in doc::code_terms(c) {
                d.add_text(f.code, &t);
            }
        }
        if let Some(outlet) = &doc.outlet {
            d.add_text(f.outlet, outlet);
        }
        if let Some(lang) = &doc.lang {
            d.add_text(f.lang, lang);
        }
        if let Some(t) = doc.published {
            let local = t.naive_local().and_utc().timestamp();
            d.add_date(f.published, tantivy::DateTime::from_timestamp_secs(local));
            d.add_text(f.published_text, t.to_rfc3339());
        }
        let writer = self.writer()?;
        writer.delete_term(Term::from_field_i64(f.id, doc.article_id));
        writer.add_document(d).map_err(|e| self.tv(e))?;
        Ok(())
    }

    /// Removes an article (no error when it is not there).
    pub fn delete(&mut self, article_id: i64) -> Result<()> {
        let id = self.fields.id;
        self.writer()?
            .delete_term(Term::from_field_i64(id, article_id));
        Ok(())
    }

    /// Removes every article.
    pub fn clear(&mut self) -> Result<()> {
        self.writer()?
            .delete_all_documents()
            .map_err(|e| self.tv(e))?;
        Ok(())
    }

    /// Makes the adds and deletes so far durable and visible to searches.
    pub fn commit(&mut self) -> Result<()> {
        if let Some(writer) = self.writer.as_mut() {
            writer.commit().map_err(|e| SearchError::Tantivy {
                path: self.dir.display().to_string(),
                source: e,
            })?;
            self.reader.reload().map_err(|e| self.tv(e))?;
        }
        Ok(())
    }

    /// Commits, waits for background merges to finish and lets go of the
    /// writer's lock (after a bulk load: fewer segments, faster searches).
    pub fn close_writer(&mut self) -> Result<()> {
        self.commit()?;
        if let Some(writer) = self.writer.take() {
            writer.wait_merging_threads().map_err(|e| self.tv(e))?;
            self.reader.reload().map_err(|e| self.tv(e))?;
        }
        Ok(())
    }

    /// Merges every segment into one and lets go of the writer, after a
    /// bulk load (`warta reindex`): a search then walks one set of postings,
    /// with one threshold, and the term statistics are read once.
    pub fn merge_all(&mut self) -> Result<()> {
        // The background merges first: a segment they are merging away
        // cannot be named in another merge.
        self.close_writer()?;
        let ids = self
            .index
            .searchable_segment_ids()
            .map_err(|e| self.tv(e))?;
        if ids.len() > 1 {
            let writer = self.writer()?;
            writer.set_merge_policy(Box::new(tantivy::merge_policy::NoMergePolicy));
            let merged = writer.merge(&ids).wait();
            merged.map_err(|e| self.tv(e))?;
        }
        self.close_writer()
    }

    /// How many articles the index holds (as of the last commit).
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// How many segments the index is made of (as of the last commit).
    pub fn num_segments(&self) -> usize {
        self.reader.searcher().segment_readers().len()
    }

    /// Reads the index's files once, up to `budget` bytes, so that the
    /// first searches after a start find them in the operating system's
    /// page cache instead of waiting on the disk for each term. The parts
    /// every query touches come first (term dictionaries, norms, fast
    /// fields), then postings, positions (phrases) and the stored
    /// documents (snippets). A file that vanished meanwhile (a merge) is
    /// skipped.
    pub fn warm(&self, budget: u64) -> Result<Warmed> {
        use tantivy::index::SegmentComponent as C;
        let metas = self
            .index
            .searchable_segment_metas()
            .map_err(|e| self.tv(e))?;
        let order = [
            C::Terms,
            C::FieldNorms,
            C::FastFields,
            C::Delete,
            C::Postings,
            C::Positions,
            C::Store,
        ];
        let mut warmed = Warmed::default();
        let mut buf = vec![0u8; 1 << 20];
        'parts: for component in order {
            for meta in &metas {
                let path = self.dir.join(meta.relative_path(component));
                let mut file = match std::fs::File::open(&path) {
                    Ok(f) => f,
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                    Err(source) => {
                        return Err(SearchError::Io {
                            path: path.display().to_string(),
                            source,
                        })
                    }
                };
                warmed.files += 1;
                loop {
                    let left = budget.saturating_sub(warmed.bytes);
                    if left == 0 {
                        break 'parts;
                    }
                    let want = buf.len().min(usize::try_from(left).unwrap_or(usize::MAX));
                    let read =
                        std::io::Read::read(&mut file, &mut buf[..want]).map_err(|source| {
                            SearchError::Io {
                                path: path.display().to_string(),
                                source,
                            }
                        })?;
                    if read == 0 {
                        break;
                    }
                    warmed.bytes += read as u64;
                }
            }
        }
        Ok(warmed)
    }

    /// Runs a search: hits best first (newest first when the query has no
    /// text), at most `query.limit`.
    pub fn search(&self, query: &Query) -> Result<Vec<Hit>> {
        let mut reader = query::Reader {
            fields: &self.fields,
            schema: &self.schema,
            parser: &self.parser,
            analyzers: self.analyzers.clone(),
        };
        let (text, filter) = query::build(&mut reader, query)?;
        let searcher = self.reader.searcher();
        let limit = query.limit.max(1);
        let found: Vec<(f32, tantivy::DocAddress)> = match &text {
            Some(text) => {
                let full = query::combine(text.query.as_ref(), filter.as_deref());
                topk::search(
                    &searcher,
                    full.as_ref(),
                    text.bound.as_deref(),
                    filter.as_deref(),
                    limit,
                )
                .map_err(|e| self.tv(e))?
            }
            None => {
                let full = query::combine(query::all().as_ref(), filter.as_deref());
                searcher
                    .search(
                        &full,
                        &TopDocs::with_limit(limit)
                            .order_by_fast_field::<tantivy::DateTime>("published", Order::Desc),
                    )
                    .map_err(|e| self.tv(e))?
                    .into_iter()
                    .map(|(_, addr)| (0.0, addr))
                    .collect()
            }
        };
        let snippets = match &text {
            Some(text) => Some(self.snippet_generators(&searcher, &text.highlight)?),
            None => None,
        };
        let mut hits = Vec::with_capacity(found.len());
        for (score, addr) in found {
            let doc: TantivyDocument = searcher.doc(addr).map_err(|e| self.tv(e))?;
            hits.push(self.hit(&doc, score, snippets.as_ref()));
        }
        Ok(hits)
    }

    /// Snippet makers for the body and the title, in each language, from
    /// the query's words in each field.
    fn snippet_generators(&self, searcher: &Searcher, words: &[Term]) -> Result<[Snippets; 2]> {
        let f = self.fields;
        let make = |body: Field, title: Field| {
            let generator = |field: Field| {
                let mut terms = BTreeMap::new();
                for t in words.iter().filter(|t| t.field() == field) {
                    let value = t.value();
                    let Some(text) = value.as_str() else {
                        continue;
                    };
                    // Rarer words count more when choosing the fragment.
                    let df = searcher.doc_freq(t).map_err(|e| self.tv(e))?;
                    if df > 0 {
                        terms.insert(text.to_string(), 1.0 / (1.0 + df as f32));
                    }
                }
                let analyzer = self
                    .analyzers
                    .iter()
                    .find(|(a, _)| *a == field)
                    .map(|(_, a)| a.clone())
                    .expect("an analyzer for each stemmed field");
                Ok::<_, SearchError>(SnippetGenerator::new(terms, analyzer, field, 200))
            };
            let mut probes = Vec::new();
            for t in words.iter().filter(|t| t.field() == body) {
                let value = t.value();
                if let Some(stem) = value.as_str() {
                    let p = probe(stem);
                    if !p.is_empty() && !probes.contains(&p) {
                        probes.push(p);
                    }
                }
            }
            Ok::<_, SearchError>(Snippets {
                body: generator(body)?,
                title: generator(title)?,
                probes,
            })
        };
        Ok([make(f.body_id, f.title_id)?, make(f.body_en, f.title_en)?])
    }

    fn hit(&self, doc: &TantivyDocument, score: f32, snippets: Option<&[Snippets; 2]>) -> Hit {
        let f = self.fields;
        let text = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .map(str::to_string)
        };
        let int = |field| doc.get_first(field).and_then(|v| v.as_i64());
        let title = text(f.title).unwrap_or_default();
        let body = text(f.body).unwrap_or_default();
        let lang = text(f.lang);
        let indonesian = doc::is_indonesian(lang.as_deref());
        let snippet = snippets.and_then(|g| g[usize::from(!indonesian)].snippet(&title, &body));
        Hit {
            article_id: int(f.id).unwrap_or_default(),
            story: int(f.story),
            score,
            snippet: snippet.unwrap_or_else(|| lead(&body, 200)),
            title,
            url: text(f.url).unwrap_or_default(),
            outlet: text(f.outlet),
            lang,
            published: text(f.published_text),
        }
    }
}

/// The snippet makers of one language.
struct Snippets {
    body: SnippetGenerator,
    title: SnippetGenerator,
    /// A piece of each query stem that the words it stems from contain
    /// (see [`probe`]): a paragraph without any cannot hold a match.
    probes: Vec<String>,
}

impl Snippets {
    /// The best snippet of the body, else of the title. Tokenizing (and
    /// stemming) a whole article for each hit would cost most of a query's
    /// time, so only the paragraphs that contain a probe are tokenized,
    /// the likeliest first.
    fn snippet(&self, title: &str, body: &str) -> Option<String> {
        let mut candidates: Vec<(usize, &str)> = body
            .split("\n\n")
            .filter_map(|para| {
                let lower = para.to_lowercase();
                let n = self
                    .probes
                    .iter()
                    .filter(|p| lower.contains(String::as_str(p)))
                    .count();
                (n > 0).then_some((n, para))
            })
            .collect();
        // Most probes first; among equals, the earlier paragraph.
        candidates.sort_by_key(|c| std::cmp::Reverse(c.0));
        for (_, para) in candidates.into_iter().take(3) {
            let s = self.body.snippet(para);
            if !s.is_empty() {
                return Some(marked(&s));
            }
        }
        let s = self.title.snippet(title);
        (!s.is_empty()).then(|| marked(&s))
    }
}

/// The part of a stem that the words it comes from contain: the stem less
/// its first letter (meN- drops it: "pukul" in "memukul") and its last
/// (English respells it: "study" in "studies"). Short stems stay whole.
fn probe(stem: &str) -> String {
    let chars: Vec<char> = stem.chars().collect();
    match chars.len() {
        0..=2 => stem.to_string(),
        3 => chars[1..].iter().collect(),
        n => chars[1..n - 1].iter().collect(),
    }
}

/// The snippet's fragment with «» around each highlighted range.
fn marked(snippet: &Snippet) -> String {
    let fragment = snippet.fragment();
    let mut out = String::with_capacity(fragment.len() + 16);
    let mut at = 0;
    for r in snippet.highlighted() {
        // Ranges come sorted; overlapping ones are merged by skipping.
        if r.start < at || r.end > fragment.len() {
            continue;
        }
        out.push_str(&fragment[at..r.start]);
        out.push_str(HIGHLIGHT_START);
        out.push_str(&fragment[r.clone()]);
        out.push_str(HIGHLIGHT_END);
        at = r.end;
    }
    out.push_str(&fragment[at..]);
    collapse_space(&out)
}

/// The first `max` characters of the body, cut at a word, for a hit with
/// no match in its text (a filter-only search, or a match on entities).
fn lead(body: &str, max: usize) -> String {
    let flat = collapse_space(body);
    if flat.chars().count() <= max {
        return flat;
    }
    let cut: String = flat.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{cut} …")
}

/// Paragraph breaks become spaces: a snippet is one line.
fn collapse_space(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Hits grouped by story, in the order of each group's best hit: the hits
/// of one story together (best first), an article with no story alone.
pub fn group_by_story(hits: &[Hit]) -> Vec<Vec<&Hit>> {
    let mut groups: Vec<Vec<&Hit>> = Vec::new();
    for hit in hits {
        let same = hit
            .story
            .and_then(|s| groups.iter_mut().find(|g| g[0].story == Some(s)));
        match same {
            Some(group) => group.push(hit),
            None => groups.push(vec![hit]),
        }
    }
    groups
}

/// A `published` value read back from a hit.
pub fn parse_hit_time(hit: &Hit) -> Option<DateTime<FixedOffset>> {
    hit.published
        .as_deref()
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::TopDocs;

    /// A small corpus with a small vocabulary (so that words and phrases
    /// are common, as the words people search for are), in several
    /// segments, with some articles deleted.
    fn corpus(dir: &Path) -> SearchIndex {
        let mut index = SearchIndex::open(dir).unwrap();
        let id_words = [
            "yang",
            "dan",
            "di",
            "kerja",
            "sama",
            "militer",
            "harga",
            "beras",
            "naik",
            "gempa",
            "banjir",
            "presiden",
            "berjanji",
            "membangun",
            "jalan",
        ];
        let en_words = [
            "the",
            "of",
            "and",
            "military",
            "cooperation",
            "prices",
            "rice",
            "rise",
            "quake",
            "flood",
            "president",
            "promised",
            "building",
            "road",
            "talks",
        ];
        let mut seed = 7u64;
        let mut next = move |n: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            // Skewed towards the first words, as word frequencies are.
            let u = ((seed >> 33) as f64) / (1u64 << 31) as f64;
            ((u * u) * n as f64) as usize % n
        };
        for id in 0..1200i64 {
            let indonesian = id % 3 != 0;
            let words = if indonesian { &id_words } else { &en_words };
            let mut text = |len: usize| {
                (0..len)
                    .map(|_| words[next(words.len())])
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            let title = text(6);
            let body = text(20 + (id as usize * 7) % 60);
            index
                .add(&IndexDoc {
                    article_id: id,
                    title,
                    body,
                    lang: Some(if indonesian { "id" } else { "en" }.into()),
                    entities: if id % 5 == 0 {
                        vec!["Joko Widodo".into()]
                    } else {
                        Vec::new()
                    },
                    url: format!("https://example.org/{id}"),
                    ..IndexDoc::default()
                })
                .unwrap();
            if id % 400 == 399 {
                index.commit().unwrap();
            }
        }
        for id in (0..1200).step_by(13) {
            index.delete(id).unwrap();
        }
        index.commit().unwrap();
        index
    }

    #[test]
    fn wand_finds_what_scoring_every_match_finds() {
        let dir = tempfile::tempdir().unwrap();
        let index = corpus(dir.path());
        assert!(index.num_segments() > 1, "the test wants several segments");
        let searcher = index.reader.searcher();
        let queries = [
            "yang",
            "kerja",
            "the",
            "rice",
            "\"kerja sama\"",
            "\"kerja sama militer\"",
            "\"the of\"",
            "\"military cooperation talks\"",
            "harga beras",
            "harga OR rice",
            "yang -gempa",
            "(dan OR the) AND title:presiden",
            "title:\"harga beras\"",
            "entity:\"joko widodo\" banjir",
            "gempa^3 banjir",
            "presiden AND NOT jalan",
        ];
        let (mut compared, mut bounded) = (0, 0);
        for text in queries {
            for lang in [None, Some("id")] {
                let mut q = Query::text(text);
                q.limit = 10;
                q.langs = lang.map(|l| vec![l.to_string()]).unwrap_or_default();
                let mut reader = query::Reader {
                    fields: &index.fields,
                    schema: &index.schema,
                    parser: &index.parser,
                    analyzers: index.analyzers.clone(),
                };
                let (compiled, filter) = query::build(&mut reader, &q).unwrap();
                let compiled = compiled.unwrap();
                bounded += usize::from(compiled.bound.is_some());
                let full = query::combine(compiled.query.as_ref(), filter.as_deref());
                let fast = topk::search(
                    &searcher,
                    full.as_ref(),
                    compiled.bound.as_deref(),
                    filter.as_deref(),
                    q.limit,
                )
                .unwrap();
                let all = searcher
                    .search(full.as_ref(), &TopDocs::with_limit(q.limit))
                    .unwrap();
                let scores = |hits: &[(f32, tantivy::DocAddress)]| {
                    hits.iter().map(|h| h.0).collect::<Vec<_>>()
                };
                let (a, b) = (scores(&fast), scores(&all));
                assert_eq!(a.len(), b.len(), "{text:?} {lang:?}: {a:?} vs {b:?}");
                for (x, y) in a.iter().zip(&b) {
                    assert!(
                        (x - y).abs() <= 1e-4 * y.abs().max(1.0),
                        "{text:?} {lang:?}: {a:?} vs {b:?}"
                    );
                }
                compared += usize::from(!a.is_empty());
            }
        }
        assert!(compared >= 25, "only {compared} queries found anything");
        // All but the one with NOT alone (which matches everything else).
        assert_eq!(bounded, 2 * (queries.len() - 1));
    }
}
