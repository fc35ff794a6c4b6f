//! The tokenizers the index registers: Indonesian and English text
//! (words, lower-cased, stemmed with warta-lang's stemmers, so the index
//! and the understanding stage agree on what a word's root is), plain text
//! (entities) and keywords (codes, outlets, languages).

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use tantivy::tokenizer::{
    LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer, TextAnalyzer, Token, TokenFilter,
    TokenStream, Tokenizer, TokenizerManager,
};

/// Indonesian text: words, lower case, `warta_lang::stem_id`.
pub const TOKENIZER_ID: &str = "warta_id";
/// English text: words, lower case, `warta_lang::stem_en`.
pub const TOKENIZER_EN: &str = "warta_en";
/// Names: words, lower case, no stemming.
pub const TOKENIZER_PLAIN: &str = "warta_plain";
/// Codes, outlets, languages: the whole value, lower case.
pub const TOKENIZER_KEYWORD: &str = "warta_keyword";
/// Pairs of adjacent Indonesian stems ("kerja sama"): a two-word phrase
/// is one term, found without reading positions.
pub const TOKENIZER_ID_PAIRS: &str = "warta_id_pairs";
/// Pairs of adjacent English stems.
pub const TOKENIZER_EN_PAIRS: &str = "warta_en_pairs";

/// Joins the two stems of a pair term.
pub const PAIR_SEPARATOR: char = ' ';

/// Registers warta's tokenizers; every opened index needs them.
pub fn register(manager: &TokenizerManager) {
    manager.register(TOKENIZER_ID, text_analyzer(StemLang::Id));
    manager.register(TOKENIZER_EN, text_analyzer(StemLang::En));
    manager.register(TOKENIZER_ID_PAIRS, pairs_analyzer(StemLang::Id));
    manager.register(TOKENIZER_EN_PAIRS, pairs_analyzer(StemLang::En));
    manager.register(
        TOKENIZER_PLAIN,
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(64))
            .filter(LowerCaser)
            .build(),
    );
    manager.register(
        TOKENIZER_KEYWORD,
        TextAnalyzer::builder(RawTokenizer::default())
            .filter(LowerCaser)
            .build(),
    );
}

fn text_analyzer(lang: StemLang) -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        // Longer "words" are URLs, hashes or glued text: not worth a term.
        .filter(RemoveLongFilter::limit(64))
        .filter(LowerCaser)
        .filter(Stem(lang))
        .build()
}

fn pairs_analyzer(lang: StemLang) -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(64))
        .filter(LowerCaser)
        .filter(Stem(lang))
        .filter(Pairs)
        .build()
}

/// The pair term of two adjacent stems.
pub(crate) fn pair(first: &str, second: &str) -> String {
    let mut s = String::with_capacity(first.len() + second.len() + 1);
    s.push_str(first);
    s.push(PAIR_SEPARATOR);
    s.push_str(second);
    s
}

/// Which stemmer a [`Stem`] filter applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StemLang {
    Id,
    En,
}

/// Stems one lower-cased word (see [`stem_into`]).
pub fn stem(word: &str, lang: StemLang) -> String {
    let mut out = word.to_string();
    stem_into(&mut out, lang);
    out
}

/// FNV-1a: words are short, and SipHash's defence against crafted keys
/// buys nothing for a cache that is cleared when full.
#[derive(Clone, Copy)]
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

type Cache = HashMap<String, String, BuildHasherDefault<Fnv>>;

/// Replaces a lower-cased word by its stem, through a per-thread cache:
/// news text is Zipf-distributed, so a small cache answers nearly every
/// word, and the Indonesian stemmer (several root-list look-ups a word)
/// runs rarely. Indexing and snippets tokenize every word of every
/// article, so this is the hot path.
pub fn stem_into(word: &mut String, lang: StemLang) {
    // Bounded so that an endless stream of new words cannot grow it forever.
    const MAX: usize = 200_000;
    thread_local! {
        static CACHE: RefCell<[Cache; 2]> = RefCell::new([Cache::default(), Cache::default()]);
    }
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        let map = &mut cache[lang as usize];
        if let Some(s) = map.get(word.as_str()) {
            word.clear();
            word.push_str(s);
            return;
        }
        let s = match lang {
            StemLang::Id => warta_lang::stem_id(word),
            StemLang::En => warta_lang::stem_en(word),
        };
        if map.len() >= MAX {
            map.clear();
        }
        // A stemmer that returns nothing would drop the word from the index.
        if s.is_empty() {
            map.insert(word.clone(), word.clone());
        } else {
            map.insert(std::mem::replace(word, s.clone()), s);
        }
    })
}

/// The stemming token filter.
#[derive(Clone, Copy)]
pub struct Stem(pub StemLang);

impl TokenFilter for Stem {
    type Tokenizer<T: Tokenizer> = StemFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> StemFilter<T> {
        StemFilter {
            tokenizer,
            lang: self.0,
        }
    }
}

#[derive(Clone)]
pub struct StemFilter<T> {
    tokenizer: T,
    lang: StemLang,
}

impl<T: Tokenizer> Tokenizer for StemFilter<T> {
    type TokenStream<'a> = StemStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        StemStream {
            tail: self.tokenizer.token_stream(text),
            lang: self.lang,
        }
    }
}

pub struct StemStream<T> {
    tail: T,
    lang: StemLang,
}

impl<T: TokenStream> TokenStream for StemStream<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        // Numbers have no affixes; keep them as they are.
        if !token.text.bytes().all(|b| b.is_ascii_digit()) {
            stem_into(&mut token.text, self.lang);
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// The token filter that turns a stream of words into the pairs of
/// adjacent words (at the first word's position): what Elasticsearch's
/// `index_phrases` indexes beside the words. Words a filter removed leave
/// a gap in positions, and no pair spans a gap.
#[derive(Clone, Copy)]
pub struct Pairs;

impl TokenFilter for Pairs {
    type Tokenizer<T: Tokenizer> = PairsFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> PairsFilter<T> {
        PairsFilter { tokenizer }
    }
}

#[derive(Clone)]
pub struct PairsFilter<T> {
    tokenizer: T,
}

impl<T: Tokenizer> Tokenizer for PairsFilter<T> {
    type TokenStream<'a> = PairsStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        PairsStream {
            tail: self.tokenizer.token_stream(text),
            prev: None,
            token: Token::default(),
        }
    }
}

pub struct PairsStream<T> {
    tail: T,
    /// The previous word: its text, position and start offset.
    prev: Option<(String, usize, usize)>,
    token: Token,
}

impl<T: TokenStream> TokenStream for PairsStream<T> {
    fn advance(&mut self) -> bool {
        while self.tail.advance() {
            let cur = self.tail.token();
            let adjacent = match &self.prev {
                Some((text, position, from)) if *position + 1 == cur.position => {
                    self.token.text.clear();
                    self.token.text.push_str(text);
                    self.token.text.push(PAIR_SEPARATOR);
                    self.token.text.push_str(&cur.text);
                    self.token.position = *position;
                    self.token.offset_from = *from;
                    self.token.offset_to = cur.offset_to;
                    self.token.position_length = 1;
                    true
                }
                _ => false,
            };
            match &mut self.prev {
                Some((text, position, from)) => {
                    text.clear();
                    text.push_str(&cur.text);
                    *position = cur.position;
                    *from = cur.offset_from;
                }
                None => self.prev = Some((cur.text.clone(), cur.position, cur.offset_from)),
            }
            if adjacent {
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(name: &str, text: &str) -> Vec<String> {
        let manager = TokenizerManager::default();
        register(&manager);
        let mut analyzer = manager.get(name).unwrap();
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while let Some(t) = stream.next() {
            out.push(t.text.clone());
        }
        out
    }

    #[test]
    fn stems_by_language() {
        assert_eq!(
            tokens(TOKENIZER_ID, "Menteri berjanji, perjanjian 2024"),
            ["menteri", "janji", "janji", "2024"]
        );
        assert_eq!(
            tokens(TOKENIZER_EN, "The ministers signed agreements"),
            ["the", "minister", "sign", "agreement"]
        );
        assert_eq!(tokens(TOKENIZER_KEYWORD, "IDNGOV"), ["idngov"]);
    }

    #[test]
    fn pairs_of_adjacent_stems() {
        assert_eq!(
            tokens(TOKENIZER_ID_PAIRS, "Kerja sama militer. Berjanji"),
            ["kerja sama", "sama militer", "militer janji"]
        );
        assert_eq!(tokens(TOKENIZER_EN_PAIRS, "Talks"), Vec::<String>::new());
        // A word too long to index breaks the chain: no pair spans it.
        let long = "x".repeat(80);
        assert_eq!(
            tokens(
                TOKENIZER_EN_PAIRS,
                &format!("signed {long} agreements today")
            ),
            ["agreement today"]
        );
    }
}
