//! The index's schema. Changing it means raising [`SCHEMA_VERSION`]: old
//! indexes then refuse to open until `warta reindex` rebuilds them.

use crate::analysis::{
    TOKENIZER_EN, TOKENIZER_EN_PAIRS, TOKENIZER_ID, TOKENIZER_ID_PAIRS, TOKENIZER_KEYWORD,
    TOKENIZER_PLAIN,
};
use tantivy::schema::{
    DateOptions, DateTimePrecision, Field, IndexRecordOption, NumericOptions, Schema,
    TextFieldIndexing, TextOptions, STORED,
};

/// The version of the schema and of the analysis behind it (tokenizers,
/// stemmers, what goes into which field).
pub const SCHEMA_VERSION: u32 = 2;

/// The schema's fields, looked up once.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    pub id: Field,
    pub story: Field,
    pub url: Field,
    /// Stored only: what a hit shows.
    pub title: Field,
    /// Stored only: the text snippets are cut from.
    pub body: Field,
    pub title_id: Field,
    pub body_id: Field,
    pub title_en: Field,
    pub body_en: Field,
    /// Pairs of adjacent stems of the title and body, per language (as
    /// Elasticsearch's `index_phrases`): a two-word phrase is one term,
    /// found and scored with block-max pruning, and a longer one is a
    /// phrase of pairs, whose positions are read only in the articles that
    /// have all its pairs, instead of reading the positions of common words
    /// in every article that has them all.
    pub title_id_pairs: Field,
    pub body_id_pairs: Field,
    pub title_en_pairs: Field,
    pub body_en_pairs: Field,
    pub entity: Field,
    pub actor: Field,
    pub code: Field,
    pub outlet: Field,
    pub lang: Field,
    /// Indexed and fast: the article's local wall-clock time stored as if
    /// it were UTC, so that day filters match the day the article gives.
    pub published: Field,
    /// Stored only: the published time as given, with its offset.
    pub published_text: Field,
}

impl Fields {
    /// The pairs field beside a stemmed title or body field.
    pub(crate) fn pairs_of(&self, field: Field) -> Option<Field> {
        [
            (self.title_id, self.title_id_pairs),
            (self.body_id, self.body_id_pairs),
            (self.title_en, self.title_en_pairs),
            (self.body_en, self.body_en_pairs),
        ]
        .into_iter()
        .find(|(f, _)| *f == field)
        .map(|(_, p)| p)
    }
}

pub(crate) fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = |tokenizer: &str| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
    };
    let pairs = |tokenizer: &str| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
    };
    let keyword = |stored: bool| {
        let o = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(TOKENIZER_KEYWORD)
                .set_index_option(IndexRecordOption::Basic)
                .set_fieldnorms(false),
        );
        if stored {
            o.set_stored()
        } else {
            o
        }
    };
    let fields = Fields {
        id: b.add_i64_field(
            "article_id",
            NumericOptions::default()
                .set_indexed()
                .set_stored()
                .set_fast(),
        ),
        story: b.add_i64_field("story", NumericOptions::default().set_stored()),
        url: b.add_text_field("url", STORED),
        title: b.add_text_field("title", STORED),
        body: b.add_text_field("body", STORED),
        title_id: b.add_text_field("title_id", text(TOKENIZER_ID)),
        body_id: b.add_text_field("body_id", text(TOKENIZER_ID)),
        title_en: b.add_text_field("title_en", text(TOKENIZER_EN)),
        body_en: b.add_text_field("body_en", text(TOKENIZER_EN)),
        title_id_pairs: b.add_text_field("title_id_pairs", pairs(TOKENIZER_ID_PAIRS)),
        body_id_pairs: b.add_text_field("body_id_pairs", pairs(TOKENIZER_ID_PAIRS)),
        title_en_pairs: b.add_text_field("title_en_pairs", pairs(TOKENIZER_EN_PAIRS)),
        body_en_pairs: b.add_text_field("body_en_pairs", pairs(TOKENIZER_EN_PAIRS)),
        entity: b.add_text_field("entity", text(TOKENIZER_PLAIN)),
        actor: b.add_text_field("actor", keyword(false)),
        code: b.add_text_field("code", keyword(false)),
        outlet: b.add_text_field("outlet", keyword(true)),
        lang: b.add_text_field("lang", keyword(true)),
        published: b.add_date_field(
            "published",
            DateOptions::default()
                .set_indexed()
                .set_fast()
                .set_precision(DateTimePrecision::Seconds),
        ),
        published_text: b.add_text_field("published_text", STORED),
    };
    (b.build(), fields)
}
