//! Reading a search: the user's query text (tantivy's query language, with
//! warta's field names) and the filters beside it.

use crate::schema::Fields;
use crate::SearchError;
use chrono::NaiveDate;
use std::ops::Bound;
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query as TantivyQuery, QueryParser, RangeQuery,
    TermQuery,
};
use tantivy::query_grammar::{self, UserInputAst, UserInputBound, UserInputLeaf};
use tantivy::schema::{IndexRecordOption, Term};

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

/// Parses the query text into a tantivy query, or says what is wrong with it.
pub(crate) fn parse_text(
    parser: &QueryParser,
    text: &str,
) -> Result<Box<dyn TantivyQuery>, SearchError> {
    let err = |why: String| SearchError::Query {
        query: text.to_string(),
        why,
    };
    let ast = query_grammar::parse_query(text).map_err(|_| {
        err("cannot read it (check quotes, brackets and operators; quote a word like \"AND\" to search for it)".into())
    })?;
    let ast = rewrite(ast).map_err(err)?;
    parser
        .build_query_from_user_input_ast(ast)
        .map_err(|e| err(e.to_string()))
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

/// The text query (scored) and the filters (unscored, when any).
type Built = (Box<dyn TantivyQuery>, Option<Box<dyn TantivyQuery>>);

/// The whole search: the text query (scored) and the filters (unscored).
pub(crate) fn build(
    fields: &Fields,
    parser: &QueryParser,
    query: &Query,
) -> Result<Built, SearchError> {
    let text_query = if query.text.trim().is_empty() {
        None
    } else {
        Some(parse_text(parser, &query.text)?)
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
    let text_query = text_query.unwrap_or_else(|| Box::new(AllQuery));
    Ok((text_query, filter))
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
