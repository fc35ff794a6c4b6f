//! Reading a search: the user's query text (tantivy's query language, with
//! warta's field names) and the filters beside it.

use crate::schema::Fields;
use crate::SearchError;
use chrono::NaiveDate;
use std::ops::Bound;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, Occur, PhraseQuery,
    Query as TantivyQuery, QueryParser, RangeQuery, TermQuery,
};
use tantivy::query_grammar::{self, UserInputAst, UserInputBound, UserInputLeaf, UserInputLiteral};
use tantivy::schema::{Field, IndexRecordOption, Term};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::Score;

/// A search: query text and filters. Every filter narrows; several values
/// of one filter are alternatives (`actors: [PRK, KOR]` is PRK or KOR).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    /// The query text: words (all must match), `"phrases"`, `AND`, `OR`,
    /// `NOT`, `+word`, `-word`, `( )`, and fields: `title:`, `body:`,
    /// `entity:`, `actor:`, `code:`, `outlet:`, `lang:`, `published:[A TO B]`.
    /// Empty: every article the filters allow, newest first.
    pub text: String,
    /// CAMEO actor codes or their prefixes at 3-letter boundaries (`PRK`
    /// matches `PRKGOV` and `PRKMIL`).
    pub actors: Vec<String>,
    /// Published on or after this day (the article's own local date).
    pub since: Option<NaiveDate>,
    /// Published on or before this day (the article's own local date).
    pub until: Option<NaiveDate>,
    pub langs: Vec<String>,
    /// Outlet names, whole, in any case.
    pub outlets: Vec<String>,
    /// CAMEO event codes or roots (`19` matches `190`, `193`, ...).
    pub event_roots: Vec<String>,
    /// How many hits at most.
    pub limit: usize,
}

impl Default for Query {
    fn default() -> Self {
        Query {
            text: String::new(),
            actors: Vec::new(),
            since: None,
            until: None,
            langs: Vec::new(),
            outlets: Vec::new(),
            event_roots: Vec::new(),
            limit: 20,
        }
    }
}

impl Query {
    /// A query for `text` with no filters.
    pub fn text(text: impl Into<String>) -> Query {
        Query {
            text: text.into(),
            ..Query::default()
        }
    }
}

/// The query text's field names and the schema fields each one searches.
const ALIASES: &[(&str, &[&str])] = &[
    ("title", &["title_id", "title_en"]),
    ("body", &["body_id", "body_en"]),
    ("text", &["title_id", "title_en", "body_id", "body_en"]),
    ("entity", &["entity"]),
    ("entities", &["entity"]),
    ("actor", &["actor"]),
    ("actors", &["actor"]),
    ("code", &["code"]),
    ("event", &["code"]),
    ("outlet", &["outlet"]),
    ("site", &["outlet"]),
    ("lang", &["lang"]),
    ("published", &["published"]),
    ("date", &["published"]),
];

/// What the search needs to read the query text: the schema's fields, the
/// parser (for ranges, sets and the fields without stems) and the
/// analyzers of the stemmed fields.
pub(crate) struct Reader<'a> {
    pub fields: &'a Fields,
    pub schema: &'a tantivy::schema::Schema,
    pub parser: &'a QueryParser,
    /// The analyzer of each stemmed title and body field.
    pub analyzers: Vec<(Field, TextAnalyzer)>,
}

/// The query text made into a tantivy query, with what makes it fast.
pub(crate) struct Compiled {
    pub query: Box<dyn TantivyQuery>,
    /// Every term that adds to the score, with the most it is multiplied by
    /// (boosts summed over its occurrences): the sum of their BM25 scores
    /// bounds the query's score from above, so a block-max WAND over them
    /// finds the best hits without scoring every match. `None` when some
    /// part of the query scores otherwise (a range, `*`, a prefix, a sloppy
    /// phrase): then every match is scored.
    pub bound: Option<Vec<(Term, Score)>>,
    /// The words to highlight, per stemmed field.
    pub highlight: Vec<Term>,
}

/// Where a part of the query stands: its boost, and whether it adds to
/// the score (not under a NOT).
#[derive(Clone, Copy)]
struct Place {
    boost: Score,
    positive: bool,
}

struct Acc {
    bound: Option<Vec<(Term, Score)>>,
    highlight: Vec<Term>,
}

impl Acc {
    fn scores(&mut self, place: Place, term: Term) {
        if !place.positive {
            return;
        }
        if let Some(bound) = &mut self.bound {
            match bound.iter_mut().find(|(t, _)| *t == term) {
                Some((_, b)) => *b += place.boost,
                None => bound.push((term, place.boost)),
            }
        }
    }

    fn unbounded(&mut self, place: Place) {
        if place.positive {
            self.bound = None;
        }
    }
}

/// Parses the query text into a tantivy query, or says what is wrong with it.
///
/// The text's syntax tree is read here rather than by tantivy's own query
/// builder, for three things: a phrase in a title or body becomes its pairs
/// of adjacent stems (one term for two words), every part that scores is
/// known (for the WAND bound), and default fields carry the title's boost.
/// Clauses without an operator must all match, as in web search.
pub(crate) fn compile_text(reader: &mut Reader, text: &str) -> Result<Compiled, SearchError> {
    let err = |why: String| SearchError::Query {
        query: text.to_string(),
        why,
    };
    let ast = query_grammar::parse_query(text).map_err(|_| {
        err("cannot read it (check quotes, brackets and operators; quote a word like \"AND\" to search for it)".into())
    })?;
    let ast = rewrite(ast).map_err(err)?;
    let mut acc = Acc {
        bound: Some(Vec::new()),
        highlight: Vec::new(),
    };
    let place = Place {
        boost: 1.0,
        positive: true,
    };
    let query = compile(reader, ast, place, &mut acc).map_err(err)?;
    let query = query.unwrap_or_else(|| Box::new(EmptyQuery));
    let bound = acc.bound.filter(|b| !b.is_empty());
    Ok(Compiled {
        query,
        bound,
        highlight: acc.highlight,
    })
}

/// The title's weight against the body's.
const TITLE_BOOST: Score = 2.0;

fn compile(
    reader: &mut Reader,
    ast: UserInputAst,
    place: Place,
    acc: &mut Acc,
) -> Result<Option<Box<dyn TantivyQuery>>, String> {
    Ok(match ast {
        UserInputAst::Clause(clauses) => {
            let mut subs: Vec<(Occur, Box<dyn TantivyQuery>)> = Vec::new();
            for (occur, sub) in clauses {
                let occur = match occur {
                    Some(query_grammar::Occur::Should) => Occur::Should,
                    Some(query_grammar::Occur::MustNot) => Occur::MustNot,
                    Some(query_grammar::Occur::Must) | None => Occur::Must,
                };
                let sub_place = Place {
                    positive: place.positive && occur != Occur::MustNot,
                    ..place
                };
                if let Some(q) = compile(reader, sub, sub_place, acc)? {
                    subs.push((occur, q));
                }
            }
            match subs.len() {
                0 => None,
                1 if subs[0].0 != Occur::MustNot => subs.pop().map(|(_, q)| q),
                _ => Some(Box::new(BooleanQuery::new(subs))),
            }
        }
        UserInputAst::Boost(sub, boost) => {
            let boost = boost as Score;
            let sub_place = Place {
                boost: place.boost * boost,
                ..place
            };
            compile(reader, *sub, sub_place, acc)?
                .map(|q| Box::new(BoostQuery::new(q, boost)) as Box<dyn TantivyQuery>)
        }
        UserInputAst::Leaf(leaf) => compile_leaf(reader, *leaf, place, acc)?,
    })
}

fn compile_leaf(
    reader: &mut Reader,
    leaf: UserInputLeaf,
    place: Place,
    acc: &mut Acc,
) -> Result<Option<Box<dyn TantivyQuery>>, String> {
    let f = *reader.fields;
    let literal = match leaf {
        UserInputLeaf::Literal(literal) => literal,
        other => {
            // Ranges, sets, `*`: tantivy's own, scored as constants.
            acc.unbounded(place);
            let q = reader
                .parser
                .build_query_from_user_input_ast(UserInputAst::Leaf(Box::new(other)))
                .map_err(|e| e.to_string())?;
            return Ok(Some(q));
        }
    };
    let targets: Vec<Field> = match &literal.field_name {
        None => vec![f.title_id, f.body_id, f.title_en, f.body_en, f.entity],
        Some(name) => vec![reader.schema.get_field(name).map_err(|e| e.to_string())?],
    };
    let mut alternatives: Vec<(Occur, Box<dyn TantivyQuery>)> = Vec::new();
    let mut error = None;
    for field in targets {
        let boost = if field == f.title_id || field == f.title_en {
            TITLE_BOOST
        } else {
            1.0
        };
        let field_place = Place {
            boost: place.boost * boost,
            ..place
        };
        match literal_query(reader, field, &literal, field_place, acc) {
            Ok(Some(q)) => alternatives.push((
                Occur::Should,
                if boost == 1.0 {
                    q
                } else {
                    Box::new(BoostQuery::new(q, boost))
                },
            )),
            Ok(None) => {}
            Err(e) => error = Some(e),
        }
    }
    match alternatives.len() {
        0 => match error {
            Some(e) => Err(e),
            None => Ok(None),
        },
        1 => Ok(alternatives.pop().map(|(_, q)| q)),
        _ => Ok(Some(Box::new(BooleanQuery::new(alternatives)))),
    }
}

/// One literal in one field.
fn literal_query(
    reader: &mut Reader,
    field: Field,
    literal: &UserInputLiteral,
    place: Place,
    acc: &mut Acc,
) -> Result<Option<Box<dyn TantivyQuery>>, String> {
    let pairs_field = reader.fields.pairs_of(field);
    let analyzer = reader
        .analyzers
        .iter_mut()
        .find(|(f, _)| *f == field)
        .map(|(_, a)| a);
    if let (Some(pairs_field), Some(analyzer), false, 0) =
        (pairs_field, analyzer, literal.prefix, literal.slop)
    {
        let mut words: Vec<(String, usize)> = Vec::new();
        let mut stream = analyzer.token_stream(&literal.phrase);
        while let Some(t) = stream.next() {
            words.push((t.text.clone(), t.position));
        }
        let unigram = |w: &str| Term::from_field_text(field, w);
        for (w, _) in &words {
            acc.highlight.push(unigram(w));
        }
        let adjacent = words.windows(2).all(|w| w[0].1 + 1 == w[1].1);
        match words.len() {
            0 => return Ok(None),
            1 => {
                let term = unigram(&words[0].0);
                acc.scores(place, term.clone());
                return Ok(Some(Box::new(TermQuery::new(
                    term,
                    IndexRecordOption::WithFreqs,
                ))));
            }
            _ if adjacent => {
                // A phrase of two words is their pair; a longer one is the
                // phrase of its pairs ("a b c": "a b" then "b c"). Its BM25
                // (the pairs' idf summed, its count no more than any pair's)
                // is bounded by the pairs' own scores.
                let mut pairs: Vec<Term> = Vec::new();
                for w in words.windows(2) {
                    let term = Term::from_field_text(
                        pairs_field,
                        &crate::analysis::pair(&w[0].0, &w[1].0),
                    );
                    acc.scores(place, term.clone());
                    pairs.push(term);
                }
                return Ok(Some(if pairs.len() == 1 {
                    Box::new(TermQuery::new(
                        pairs.pop().expect("one pair"),
                        IndexRecordOption::WithFreqs,
                    ))
                } else {
                    Box::new(PhraseQuery::new(pairs))
                }));
            }
            _ => {}
        }
    }
    // Names, keywords, prefixes and sloppy phrases: tantivy's own.
    let name = reader.schema.get_field_name(field).to_string();
    let mut literal = literal.clone();
    literal.field_name = Some(name);
    let q = reader
        .parser
        .build_query_from_user_input_ast(UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(
            literal.clone(),
        ))))
        .map_err(|e| e.to_string())?;
    let stemmed = reader.fields.pairs_of(field).is_some();
    let with_freqs = stemmed || field == reader.fields.entity;
    if let Some(t) = q.downcast_ref::<TermQuery>().filter(|_| with_freqs) {
        acc.scores(place, t.term().clone());
    } else if let Some(p) = q
        .downcast_ref::<PhraseQuery>()
        .filter(|_| with_freqs && literal.slop == 0)
    {
        // A phrase's BM25 (its words' idf summed, its count no more than
        // any word's) is bounded by its words' own scores.
        for t in p.phrase_terms() {
            acc.scores(place, t);
        }
    } else if q.downcast_ref::<EmptyQuery>().is_some() {
        return Ok(None);
    } else {
        acc.unbounded(place);
    }
    if stemmed {
        q.query_terms(&mut |t, _| acc.highlight.push(t.clone()));
    }
    Ok(Some(q))
}

/// Maps warta's field names to schema fields (one name may stand for the
/// Indonesian and the English field) and plain days to RFC 3339.
fn rewrite(ast: UserInputAst) -> Result<UserInputAst, String> {
    Ok(match ast {
        UserInputAst::Clause(clauses) => {
            let mut clauses: Vec<(Option<query_grammar::Occur>, UserInputAst)> = clauses
                .into_iter()
                .map(|(occur, ast)| rewrite(ast).map(|ast| (occur, ast)))
                .collect::<Result<_, _>>()?;
            // "Putin AND NOT satelit" reads as +Putin +(-satelit): a group
            // of exclusions alone means "everything but", which tantivy
            // only does at the top. (The PostgreSQL index reads it so too.)
            if !clauses.is_empty()
                && clauses
                    .iter()
                    .all(|(occur, _)| *occur == Some(query_grammar::Occur::MustNot))
            {
                clauses.push((
                    Some(query_grammar::Occur::Must),
                    UserInputAst::Leaf(Box::new(UserInputLeaf::All)),
                ));
            }
            UserInputAst::Clause(clauses)
        }
        UserInputAst::Boost(ast, boost) => UserInputAst::Boost(Box::new(rewrite(*ast)?), boost),
        UserInputAst::Leaf(leaf) => rewrite_leaf(*leaf)?,
    })
}

fn rewrite_leaf(leaf: UserInputLeaf) -> Result<UserInputAst, String> {
    let name = match &leaf {
        UserInputLeaf::Literal(l) => l.field_name.clone(),
        UserInputLeaf::Range { field, .. } | UserInputLeaf::Set { field, .. } => field.clone(),
        UserInputLeaf::Exists { field } => Some(field.clone()),
        UserInputLeaf::All => None,
    };
    let Some(name) = name else {
        return Ok(UserInputAst::Leaf(Box::new(leaf)));
    };
    let Some((_, fields)) = ALIASES
        .iter()
        .find(|(alias, _)| alias.eq_ignore_ascii_case(&name))
    else {
        return Err(unknown_field(&name));
    };
    let leaf = match leaf {
        UserInputLeaf::Range {
            field,
            lower,
            upper,
        } if fields == &["published"] => UserInputLeaf::Range {
            field,
            lower: day_bound(lower),
            upper: day_bound(upper),
        },
        leaf => leaf,
    };
    let leaves: Vec<UserInputAst> = fields
        .iter()
        .map(|f| UserInputAst::Leaf(Box::new(with_field(leaf.clone(), f))))
        .collect();
    Ok(if leaves.len() == 1 {
        leaves.into_iter().next().expect("one leaf")
    } else {
        UserInputAst::or(leaves)
    })
}

/// What a field name of the query text searches in the PostgreSQL index.
pub(crate) fn field_targets(name: &str) -> Result<Vec<crate::pg::Target>, String> {
    use crate::pg::Target;
    let Some((_, fields)) = ALIASES
        .iter()
        .find(|(alias, _)| alias.eq_ignore_ascii_case(name))
    else {
        return Err(unknown_field(name));
    };
    let mut targets = Vec::new();
    for field in fields.iter() {
        let t = match *field {
            "title_id" | "title_en" => Target::Title,
            "body_id" | "body_en" => Target::Body,
            "entity" => Target::Entity,
            "actor" => Target::Actor,
            "code" => Target::Code,
            "outlet" => Target::Outlet,
            "lang" => Target::Lang,
            _ => Target::Published,
        };
        if !targets.contains(&t) {
            targets.push(t);
        }
    }
    Ok(targets)
}

fn unknown_field(name: &str) -> String {
    let known: Vec<&str> = ALIASES.iter().map(|(a, _)| *a).collect();
    format!("no field {name:?}; the fields are {}", known.join(", "))
}

fn with_field(leaf: UserInputLeaf, name: &str) -> UserInputLeaf {
    let name = name.to_string();
    match leaf {
        UserInputLeaf::Literal(mut l) => {
            l.field_name = Some(name);
            UserInputLeaf::Literal(l)
        }
        UserInputLeaf::Range { lower, upper, .. } => UserInputLeaf::Range {
            field: Some(name),
            lower,
            upper,
        },
        UserInputLeaf::Set { elements, .. } => UserInputLeaf::Set {
            field: Some(name),
            elements,
        },
        UserInputLeaf::Exists { .. } => UserInputLeaf::Exists { field: name },
        UserInputLeaf::All => UserInputLeaf::All,
    }
}

/// `2023-09-01` → `2023-09-01T00:00:00Z` (the index keeps local times as UTC).
pub(crate) fn day_bound(bound: UserInputBound) -> UserInputBound {
    let fix = |s: String| {
        if s.len() == 10 && NaiveDate::parse_from_str(&s, "%Y-%m-%d").is_ok() {
            format!("{s}T00:00:00Z")
        } else {
            s
        }
    };
    match bound {
        UserInputBound::Inclusive(s) => UserInputBound::Inclusive(fix(s)),
        UserInputBound::Exclusive(s) => UserInputBound::Exclusive(fix(s)),
        UserInputBound::Unbounded => UserInputBound::Unbounded,
    }
}

/// The text query (scored; none when there is no text) and the filters
/// (unscored, when any).
type Built = (Option<Compiled>, Option<Box<dyn TantivyQuery>>);

/// The whole search: the text query (scored) and the filters (unscored).
pub(crate) fn build(reader: &mut Reader, query: &Query) -> Result<Built, SearchError> {
    let fields = reader.fields;
    let text_query = if query.text.trim().is_empty() {
        None
    } else {
        Some(compile_text(reader, &query.text)?)
    };
    let mut clauses: Vec<(Occur, Box<dyn TantivyQuery>)> = Vec::new();
    let any_of = |field, values: &[String], terms: fn(&str) -> Vec<String>| {
        let mut alternatives: Vec<(Occur, Box<dyn TantivyQuery>)> = Vec::new();
        for v in values {
            // The longest term of a value is the value itself, lower-cased.
            if let Some(t) = terms(v).pop() {
                alternatives.push((
                    Occur::Should,
                    Box::new(TermQuery::new(
                        Term::from_field_text(field, &t),
                        IndexRecordOption::Basic,
                    )),
                ));
            }
        }
        Box::new(BooleanQuery::new(alternatives)) as Box<dyn TantivyQuery>
    };
    let whole = |s: &str| vec![s.trim().to_lowercase()];
    if !query.actors.is_empty() {
        clauses.push((
            Occur::Must,
            any_of(fields.actor, &query.actors, crate::doc::actor_terms),
        ));
    }
    if !query.event_roots.is_empty() {
        clauses.push((
            Occur::Must,
            any_of(fields.code, &query.event_roots, crate::doc::code_terms),
        ));
    }
    if !query.langs.is_empty() {
        clauses.push((Occur::Must, any_of(fields.lang, &query.langs, whole)));
    }
    if !query.outlets.is_empty() {
        clauses.push((Occur::Must, any_of(fields.outlet, &query.outlets, whole)));
    }
    if query.since.is_some() || query.until.is_some() {
        let at = |day: NaiveDate| {
            let secs = day
                .and_hms_opt(0, 0, 0)
                .expect("midnight")
                .and_utc()
                .timestamp();
            Term::from_field_date(
                fields.published,
                tantivy::DateTime::from_timestamp_secs(secs),
            )
        };
        let lower = query
            .since
            .map_or(Bound::Unbounded, |d| Bound::Included(at(d)));
        let upper = match query.until.and_then(|d| d.succ_opt()) {
            Some(d) => Bound::Excluded(at(d)),
            None => Bound::Unbounded,
        };
        clauses.push((Occur::Must, Box::new(RangeQuery::new(lower, upper))));
    }
    let filter = if clauses.is_empty() {
        None
    } else {
        Some(Box::new(BooleanQuery::new(clauses)) as Box<dyn TantivyQuery>)
    };
    Ok((text_query, filter))
}

/// Everything when there is no text.
pub(crate) fn all() -> Box<dyn TantivyQuery> {
    Box::new(AllQuery)
}

/// The text query narrowed by the filter, which adds nothing to the score.
pub(crate) fn combine(
    text_query: &dyn TantivyQuery,
    filter: Option<&dyn TantivyQuery>,
) -> Box<dyn TantivyQuery> {
    match filter {
        None => text_query.box_clone(),
        Some(filter) => Box::new(BooleanQuery::new(vec![
            (Occur::Must, text_query.box_clone()),
            (
                Occur::Must,
                Box::new(ConstScoreQuery::new(filter.box_clone(), 0.0)),
            ),
        ])),
    }
}
