//! Prints the language, sentences and stems of a text file or stdin, for
//! looking at what the layer does: `cargo run -p warta-lang --example show FILE`.

use std::io::Read;
use warta_lang::{detect_language, stem_id, tokenize_and_split, TokenKind};

fn main() {
    let mut text = String::new();
    match std::env::args().nth(1) {
        Some(p) => text = std::fs::read_to_string(p).expect("readable file"),
        None => {
            std::io::stdin().read_to_string(&mut text).expect("stdin");
        }
    }
    let (lang, conf) = detect_language(&text);
    println!("language: {} ({conf:.2})", lang.code());
    let (tokens, sentences) = tokenize_and_split(&text);
    for s in &sentences {
        let stems: Vec<String> = tokens[s.tokens.clone()]
            .iter()
            .filter(|t| t.kind == TokenKind::Word)
            .map(|t| stem_id(t.text))
            .collect();
        println!(
            "[{}..{}] {}\n    {}",
            s.start,
            s.end,
            s.text.replace('\n', " "),
            stems.join(" ")
        );
    }
}
