//! Extracts every page of a folder into `OUT/<name>.json`, for scoring
//! with `score_metadata.py --outputs OUT` without building the binary:
//! `cargo run --release -p warta-extract --example extract_dir -- DIR OUT`.
//! Pages may be gzipped (`.html.gz`) when `gzip` is on the PATH.

use warta_extract::{extract, ExtractOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(dir), Some(out)) = (args.next(), args.next()) else {
        return Err("usage: extract_dir DIR OUT".into());
    };
    std::fs::create_dir_all(&out)?;
    let opts = ExtractOptions::default();
    for entry in std::fs::read_dir(&dir)? {
        let path = entry?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let (stem, bytes) = if let Some(stem) = name.strip_suffix(".html.gz") {
            let unzipped = std::process::Command::new("gzip")
                .arg("-dc")
                .arg(&path)
                .output()?;
            (stem, unzipped.stdout)
        } else if let Some(stem) = name.strip_suffix(".html") {
            (stem, std::fs::read(&path)?)
        } else {
            continue;
        };
        let json = match extract(&bytes, &opts) {
            Ok(article) => serde_json::to_string(&article)?,
            Err(e) => serde_json::json!({ "error": e.to_string() }).to_string(),
        };
        std::fs::write(format!("{out}/{stem}.json"), json)?;
    }
    Ok(())
}
