//! Rules for one line of text that is not article text: calls to action,
//! share prompts, navigation crumbs, and "continued on the next page"
//! prompts. The plain-text path and the HTML path both use them, so a page
//! is cleaned the same way whether it arrives as HTML or as scraped text.

use crate::textutil::word_count_capped;
use regex::Regex;
use std::sync::LazyLock;

/// A call to action, an ad label, a share prompt or navigation: not text.
pub(crate) fn is_call_to_action(line: &str) -> bool {
    // No test below looks at lines of more than 15 words.
    cta_by_words(line, word_count_capped(line, 15))
}

/// Editors' initials closing an Indonesian article: "(das/das)".
pub(crate) fn is_editor_code(line: &str) -> bool {
    RE_EDITOR_CODE.is_match(line)
}

/// "Simak selengkapnya di halaman berikutnya" and kin.
pub(crate) fn is_continuation_prompt(line: &str) -> bool {
    word_count_capped(line, 16) <= 16 && RE_CONTINUE.is_match(line)
}

/// Prompts that say the article continues on another page.
static RE_CONTINUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        &crate::textutil::ascii_boundaries(r"(?ix)
        (?:selengkapnya|lanjutan(?:nya)?)\b.*\b(?:halaman|laman)\s+(?:berikut(?:nya)?|selanjutnya|\d+)\b
      | ^(?:ke\s+|di\s+)?(?:halaman|laman)\s+(?:berikut(?:nya)?|selanjutnya)\b
      | \blanjut(?:kan)?\s+(?:membaca\s+)?(?:ke\s+)?(?:halaman|laman)\b
      | \bcontinued?\s+(?:reading\s+)?(?:on|to)\s+(?:the\s+)?(?:next\s+page|page\s+\d+)
      | \bcontinues?\s+on\s+(?:the\s+)?next\s+page
      | ^(?:next\s+page|selanjutnya|next|bersambung|to\s+be\s+continued)\s*[>»›→.]*$
      | ^\(?bersambung\)?\.?$
        "),
    )
    .expect("continue regex")
});

/// Call-to-action lines recognised by how they start; they may be long
/// because a related headline follows ("Baca juga: ...").
static RE_CTA_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        &crate::textutil::ascii_boundaries(r"(?ix)^(?:
            (?:baca|simak|tonton|cek)\s+(?:juga|pula|lainnya|berita\s+lainnya)\b
          | lihat\s+juga\s*:
          | (?:read|see|watch)\s+(?:also|more|next)\s*[:>»|]
          | (?:read|see)\s+also\b
          | also\s+read\b
          | (?:related|recommended|trending|terpopuler|rekomendasi|populer|artikel\s+terkait|berita\s+terkait)\s*[:|»>]
          | home\s*[»>›/|]
          | tags?\s*: | topik\s*: | kata\s+kunci\s*: | keywords?\s*:
          | (?:please\s+|silakan\s+|mohon\s+)?(?:enable|aktifkan)\s+javascript
          | bitte\s+aktivieren\s+sie\s+javascript | javascript\s+(?:is\s+)?(?:required|disabled)
        )"),
    )
    .expect("cta start regex")
});

/// Call-to-action lines that are short and start a certain way: the same
/// words can open a real sentence, so the line must be short.
static RE_CTA_SHORT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&crate::textutil::ascii_boundaries(
        r"(?ix)^(?:
            advertisements? | iklan | sponsored | promoted | ads?\s+by\b | konten\s+bersponsor
          | scroll\s+(?:to|untuk|ke)\s+(?:continue|lanjut|melanjutkan|bawah|down)
          | (?:story|article)\s+continues\s+below
          | continue\s+reading\b | lanjutkan\s+membaca\b
          | (?:artikel|berita|video)\s+(?:terkait|lainnya|pilihan|populer|terpopuler)\b
          | (?:related|recommended|more)\s+(?:articles?|news|stories|reading|videos?)\b
          | (?:halaman|page)\s*:?\s*\d+(?:\s*(?:dari|of|/)\s*\d+)?
          | share\b | bagikan\b | subscribe\b | berlangganan\b | follow\b | ikuti\b
        )",
    ))
    .expect("cta short regex")
});

/// Call-to-action phrases anywhere in a short line.
static RE_CTA_PHRASE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        &crate::textutil::ascii_boundaries(r"(?ix)
            terima\s+notifikasi | notifikasi\s+berita | aktifkan\s+notifikasi
          | join\s+(?:our\s+)?(?:telegram|whatsapp|channel|newsletter)
          | (?:telegram|whatsapp)\s+(?:channel|group|grup) | saluran\s+whatsapp | (?:grup|group)\s+telegram
          | (?:di|on|via|lewat|melalui)\s+google\s+news
          | follow\s+(?:us|kami|our)\b | ikuti\s+(?:kami|kanal|akun\s+(?:media\s+sosial|instagram|twitter|resmi))
          | subscribe\s+(?:now|today|here|to\s+(?:our|the)\s+(?:newsletter|channel))
          | berlangganan\s+(?:sekarang|newsletter|gratis)
          | klik\s+(?:di\s*sini|disini|link\s+berikut|tautan\s+berikut|tombol) | click\s+here | tap\s+here
          | share\s+(?:this\s+(?:article|story|post)|on\s+(?:facebook|twitter|x|whatsapp|linkedin))
          | bagikan\s+(?:artikel|berita)\s+ini
          | (?:download|unduh)\s+(?:aplikasi|the\s+app|our\s+app)
          | dapatkan\s+(?:update|notifikasi)
          | sign\s+up\s+(?:for|to)\s+(?:our|the|a)\b | (?:our|free|daily)\s+newsletter
          | all\s+rights\s+reserved | hak\s+cipta\s+dilindungi | dilarang\s+(?:mengutip|mengambil|menyalin)
          | (?:copyright|©)\s*(?:\(c\)\s*)?\d{4}
          | send\s+us\s+(?:a\s+)?tip | kirim(?:kan)?\s+(?:tulisan|berita|artikel)\s+(?:anda|kamu)
        "),
    )
    .expect("cta phrase regex")
});

/// Navigation crumbs: "Home » Berita » Internasional".
static RE_CRUMBS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[^»›>|/]{1,40}(?:(?:\s*[»›>]\s*|\s+[|/]\s+)[^»›>|/]{1,40}){2,}$")
        .expect("crumbs regex")
});

/// Editors' initials that close Indonesian articles: "(das/das)", "(rds/dnu)".
static RE_EDITOR_CODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[(\[]?\*?[a-z]{2,5}\*?(?:\s*/\s*[a-z]{2,5})+[)\]]?\.?$|^\([a-z]{2,5}\)$")
        .expect("editor code regex")
});

fn cta_by_words(line: &str, words: usize) -> bool {
    RE_CTA_START.is_match(line)
        || (words <= 6 && RE_CTA_SHORT.is_match(line))
        || (words <= 15 && RE_CTA_PHRASE.is_match(line))
        || (words <= 12 && RE_CRUMBS.is_match(line))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prompts_and_calls_to_action() {
        assert!(is_continuation_prompt(
            "Simak selengkapnya di halaman berikutnya."
        ));
        assert!(is_continuation_prompt("Continued on the next page »"));
        assert!(!is_continuation_prompt(
            "Informasi selengkapnya dapat dilihat di laman resmi Kemenkes."
        ));
        assert!(is_call_to_action(
            "Terima Notifikasi Berita Terkini. 👉 Join Telegram Channel."
        ));
        assert!(is_call_to_action("Baca juga: Putin bertemu Kim"));
        // Notices for readers without scripts, however long.
        assert!(is_call_to_action(
            "Bitte aktivieren Sie Javascript. Oder nutzen Sie das Angebot ohne Werbung mit ausgeschaltetem Javascript und lesen Sie alles"
        ));
        assert!(is_call_to_action(
            "Please enable JavaScript to view the comments"
        ));
        assert!(!is_call_to_action(
            "Pasangan ini bertemu pada hari Rabu di Vostochny."
        ));
    }
}
