//! Prints text with its entities marked inline: `[Putin|PER|RUSGOV]`.
//! `cargo run --example tag < article.txt`

use std::io::Read;

fn main() {
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text).expect("stdin");
    let entities = warta_entities::recognize(&text, &warta_entities::Options::default());
    let chars: Vec<char> = text.chars().collect();
    let mut pos = 0;
    let mut out = String::new();
    for e in &entities {
        out.extend(&chars[pos..e.start]);
        out.push('[');
        out.extend(&chars[e.start..e.end]);
        out.push('|');
        out.push_str(e.kind.as_str());
        if e.canonical != e.text {
            out.push('=');
            out.push_str(&e.canonical);
        }
        if let Some(a) = &e.actor {
            out.push('|');
            out.push_str(a);
        }
        out.push(']');
        pos = e.end;
    }
    out.extend(&chars[pos..]);
    print!("{out}");
}
