//! Class, id and text patterns that tell boilerplate from article text.
//! General rules only: nothing here names a site.

use regex::Regex;
use std::sync::LazyLock;

/// Classes and ids that are never the article: comments, share bars, ads,
/// related links, sign-up boxes, navigation.
pub static STRONG_NEGATIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)comment|disqus|\bshare|sharing|social|sosmed|related|recommend|rekomendasi|terkait
        |baca-?juga|also-?read|read-?also|more-stories|newsletter|subscri|signup|sign-up
        |sponsor|advert|(?:^|[\s_-])ads?(?:$|[\s_-])|ad-?slot|adunit|dfp|gpt-ad|iklan|outbrain|taboola|mgid
        |cookie|consent|gdpr|popup|modal|breadcrumb|navbar|\bmenu|pagination|pager
        |tag-?list|tags-?(?:wrap|box|container)|tag-cloud|bio-?box|author-?bio|trending|terpopuler
        |most-?(?:read|popular|viewed)|skip-link|screen-reader|sr-only|visually-?hidden
        |(?:^|\s)(?:hidden|d-none|is-hidden)(?:$|\s)|print-only|jump-?link|toolbar|byline|caption|credit|dateline|(?:^|[\s_-])meta(?:$|[\s_-])|entry-?meta|post-?info|article-?info",
    )
    .expect("valid regex")
});

/// Classes and ids that are usually not the article but may wrap it.
pub static WEAK_NEGATIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)footer|\bfoot\b|header|masthead|sidebar|side-?bar|widget|\bnav|banner|promo
        |\btags?\b|author|popular|rss|skyscraper|shoutbox|extra|supplement|aside|teaser|card",
    )
    .expect("valid regex")
});

/// Classes and ids of containers that usually hold the article.
pub static POSITIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)article|\bbody|content|entry|hentry|h-entry|\bmain|\bpost|\btext|blog|story|detail
        |\bisi|konten|berita|\bread|richtext|prose",
    )
    .expect("valid regex")
});

/// Containers whose images belong to other articles, not this one. A
/// share bar is "share", "share-buttons", "sharing"; a "shareable" figure
/// is the article's own picture.
pub static IMAGE_EXCLUDE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"related|recommend|terkait|\bshare(?:$|[\s_-])|sharing|social|comment|promo|advert|sponsor|newsletter|widget|sidebar|trending|popular|terpopuler|most-|\bnav|menu|footer",
    )
    .expect("valid regex")
});

/// Teasers: cards that lead to another article, or (on some sites) the
/// article's own lead picture. Only the first kind links elsewhere.
pub static TEASER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"teaser").expect("valid regex"));

/// What an element's `class` and `id` say about it, one bit per pattern,
/// computed once per element.
pub mod class {
    pub const STRONG_NEGATIVE: u8 = 1;
    pub const WEAK_NEGATIVE: u8 = 2;
    pub const POSITIVE: u8 = 4;
    pub const CAPTION: u8 = 8;
    pub const CREDIT: u8 = 16;
    pub const IMAGE_EXCLUDE: u8 = 32;
    pub const TEASER: u8 = 64;
}

/// The [`class`] bits of a lower-cased `class` + `id` string.
pub fn classify(class_id: &str) -> u8 {
    // One pass over the string for all the patterns.
    static SET: LazyLock<regex::RegexSet> = LazyLock::new(|| {
        // ASCII word boundaries: see `textutil::ascii_boundaries`.
        regex::RegexSet::new(
            [
                STRONG_NEGATIVE.as_str(),
                WEAK_NEGATIVE.as_str(),
                POSITIVE.as_str(),
                CAPTION_CLASS.as_str(),
                CREDIT_CLASS.as_str(),
                IMAGE_EXCLUDE.as_str(),
                TEASER.as_str(),
            ]
            .map(crate::textutil::ascii_boundaries),
        )
        .expect("valid regex set")
    });
    const BITS: [u8; 7] = [
        class::STRONG_NEGATIVE,
        class::WEAK_NEGATIVE,
        class::POSITIVE,
        class::CAPTION,
        class::CREDIT,
        class::IMAGE_EXCLUDE,
        class::TEASER,
    ];
    if class_id.is_empty() {
        return 0;
    }
    SET.matches(class_id)
        .iter()
        .fold(0, |bits, i| bits | BITS[i])
}

/// Classes of caption and credit elements, which become images, not body.
pub static CAPTION_CLASS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)caption|keterangan|figcaption|photo-?desc|image-?desc|img-?desc|foto-?desc|media-?subtitle
        |bildunterschrift|bildtext|(?:^|\s)bu(?:$|\s)|image-?text|img-?text|legende?\b
        |(?:image|img|photo|foto|bild)-?info
        |photo-?credit|image-?credit|img-?credit|\bcredit|copyright|wp-caption-text",
    )
    .expect("valid regex")
});

/// Classes of credit elements inside a caption.
pub static CREDIT_CLASS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"credit|copyright|photographer|attribution|source|\bauthor|fotografer|sumber")
        .expect("valid regex")
});

/// Credit lines of the newsroom, not article text: "Penulis: X",
/// "Reporter : X | Jumat, 19 Juni 2015", a lone "Editor" label.
pub static STAFF_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)^\s*(?:
            (?:penulis|reporter|pewarta|editor|penyunting|redaktur|fotografer|videografer|kontributor|writer|written\s+by|reporting\s+by|edited\s+by|editing\s+by)\s*(?::|$)
            |:\s*\S
        )",
    )
    .expect("valid regex")
});

/// Section titles after which a page lists other articles or comments.
pub static SECTION_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)^\s*(?:
            more\s+(?:stories|articles|news|from|on\s+this)|related\s+(?:stories|articles|posts|news|content|coverage)
            |you\s+(?:may|might)\s+(?:also\s+)?(?:like|enjoy)|recommended(?:\s+for\s+you)?|read\s+next|up\s+next
            |berita\s+(?:terkait|lainnya|terpopuler|pilihan)|artikel\s+(?:terkait|lainnya)|terpopuler|populer|pilihan\s+redaksi
            |most\s+(?:popular|read|viewed)|trending(?:\s+now)?|comments?|komentar|tinggalkan\s+komentar
            |leave\s+a\s+(?:reply|comment)|join\s+the\s+(?:discussion|conversation)|tell\s+us\s+what\s+you\s+think
        )\b[^.!?]{0,30}$",
    )
    .expect("valid regex")
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ad_token_is_not_a_substring_match() {
        assert!(STRONG_NEGATIVE.is_match("ad-slot top"));
        assert!(STRONG_NEGATIVE.is_match("ads"));
        assert!(!STRONG_NEGATIVE.is_match("shadow head reader"));
    }

    #[test]
    fn shareable_pictures_are_not_share_bars() {
        assert!(IMAGE_EXCLUDE.is_match("item-share-buttons"));
        assert!(IMAGE_EXCLUDE.is_match("share"));
        assert!(IMAGE_EXCLUDE.is_match("social-sharing"));
        assert!(!IMAGE_EXCLUDE.is_match("img-container shareable-item wp-caption"));
    }

    #[test]
    fn classify_agrees_with_each_pattern() {
        for class_id in [
            "comments-area",
            "post-content",
            "site-footer",
            "wp-caption-text",
            "photo-credit",
            "related-posts",
            "",
            "entry-content main",
        ] {
            let bits = classify(class_id);
            for (regex, bit) in [
                (&*STRONG_NEGATIVE, class::STRONG_NEGATIVE),
                (&*WEAK_NEGATIVE, class::WEAK_NEGATIVE),
                (&*POSITIVE, class::POSITIVE),
                (&*CAPTION_CLASS, class::CAPTION),
                (&*CREDIT_CLASS, class::CREDIT),
                (&*IMAGE_EXCLUDE, class::IMAGE_EXCLUDE),
            ] {
                assert_eq!(
                    bits & bit != 0,
                    !class_id.is_empty() && regex.is_match(class_id),
                    "{class_id} {bit}"
                );
            }
        }
    }
}
