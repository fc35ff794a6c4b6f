//! Prints the date mentions of a text read from stdin, one JSON line each.
//!
//! `echo "Rabu (13/9) malam" | cargo run -p warta-dates --example find_dates -- 2023-09-14T10:00:00+07:00 id`

use std::io::Read;

fn main() {
    let mut args = std::env::args().skip(1);
    let anchor = args
        .next()
        .filter(|a| a != "-")
        .map(|a| warta_dates::Anchor {
            published: chrono::DateTime::parse_from_rfc3339(&a).expect("anchor is RFC 3339"),
        });
    let lang = match args.next().as_deref() {
        Some("en") => warta_lang::Lang::En,
        _ => warta_lang::Lang::Id,
    };
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text).expect("stdin");
    for m in warta_dates::find_dates(&text, anchor, lang) {
        println!("{}", serde_json::to_string(&m).expect("json"));
    }
}
