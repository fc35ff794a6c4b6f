//! Case- and accent-folding for the query matcher, without a Unicode
//! normalisation table: news text in Indonesian and English only needs the
//! Latin letters with diacritics (names: "Đà Nẵng", "São Paulo", "Erdoğan").

/// Folds one character to lower case without its diacritics; letters
/// outside Latin come back lower-cased.
pub(crate) fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    let base = match c {
        'À'..='Å'
        | 'à'..='å'
        | 'Ā'
        | 'ā'
        | 'Ă'
        | 'ă'
        | 'Ą'
        | 'ą'
        | 'Ạ'
        | 'ạ'
        | 'Ả'
        | 'ả'
        | 'Ấ'
        | 'ấ'
        | 'Ầ'
        | 'ầ'
        | 'Ẩ'
        | 'ẩ'
        | 'Ẫ'
        | 'ẫ'
        | 'Ậ'
        | 'ậ'
        | 'Ắ'
        | 'ắ'
        | 'Ằ'
        | 'ằ'
        | 'Ẳ'
        | 'ẳ'
        | 'Ẵ'
        | 'ẵ'
        | 'Ặ'
        | 'ặ' => 'a',
        'Ç' | 'ç' | 'Ć' | 'ć' | 'Ĉ' | 'ĉ' | 'Ċ' | 'ċ' | 'Č' | 'č' => 'c',
        'Ď' | 'ď' | 'Đ' | 'đ' | 'Ð' | 'ð' => 'd',
        'È'..='Ë'
        | 'è'..='ë'
        | 'Ē'
        | 'ē'
        | 'Ĕ'
        | 'ĕ'
        | 'Ė'
        | 'ė'
        | 'Ę'
        | 'ę'
        | 'Ě'
        | 'ě'
        | 'Ẹ'
        | 'ẹ'
        | 'Ẻ'
        | 'ẻ'
        | 'Ẽ'
        | 'ẽ'
        | 'Ế'
        | 'ế'
        | 'Ề'
        | 'ề'
        | 'Ể'
        | 'ể'
        | 'Ễ'
        | 'ễ'
        | 'Ệ'
        | 'ệ' => 'e',
        'Ĝ' | 'ĝ' | 'Ğ' | 'ğ' | 'Ġ' | 'ġ' | 'Ģ' | 'ģ' => 'g',
        'Ĥ' | 'ĥ' | 'Ħ' | 'ħ' => 'h',
        'Ì'..='Ï'
        | 'ì'..='ï'
        | 'Ĩ'
        | 'ĩ'
        | 'Ī'
        | 'ī'
        | 'Ĭ'
        | 'ĭ'
        | 'Į'
        | 'į'
        | 'İ'
        | 'ı'
        | 'Ỉ'
        | 'ỉ'
        | 'Ị'
        | 'ị' => 'i',
        'Ĵ' | 'ĵ' => 'j',
        'Ķ' | 'ķ' => 'k',
        'Ĺ' | 'ĺ' | 'Ļ' | 'ļ' | 'Ľ' | 'ľ' | 'Ŀ' | 'ŀ' | 'Ł' | 'ł' => 'l',
        'Ñ' | 'ñ' | 'Ń' | 'ń' | 'Ņ' | 'ņ' | 'Ň' | 'ň' => 'n',
        'Ò'..='Ö'
        | 'Ø'
        | 'ò'..='ö'
        | 'ø'
        | 'Ō'
        | 'ō'
        | 'Ŏ'
        | 'ŏ'
        | 'Ő'
        | 'ő'
        | 'Ơ'
        | 'ơ'
        | 'Ọ'
        | 'ọ'
        | 'Ỏ'
        | 'ỏ'
        | 'Ố'
        | 'ố'
        | 'Ồ'
        | 'ồ'
        | 'Ổ'
        | 'ổ'
        | 'Ỗ'
        | 'ỗ'
        | 'Ộ'
        | 'ộ'
        | 'Ớ'
        | 'ớ'
        | 'Ờ'
        | 'ờ'
        | 'Ở'
        | 'ở'
        | 'Ỡ'
        | 'ỡ'
        | 'Ợ'
        | 'ợ' => 'o',
        'Ŕ' | 'ŕ' | 'Ŗ' | 'ŗ' | 'Ř' | 'ř' => 'r',
        'Ś' | 'ś' | 'Ŝ' | 'ŝ' | 'Ş' | 'ş' | 'Š' | 'š' | 'Ș' | 'ș' => 's',
        'ß' => {
            out.push_str("ss");
            return;
        }
        'Ţ' | 'ţ' | 'Ť' | 'ť' | 'Ŧ' | 'ŧ' | 'Ț' | 'ț' => 't',
        'Ù'..='Ü'
        | 'ù'..='ü'
        | 'Ũ'
        | 'ũ'
        | 'Ū'
        | 'ū'
        | 'Ŭ'
        | 'ŭ'
        | 'Ů'
        | 'ů'
        | 'Ű'
        | 'ű'
        | 'Ų'
        | 'ų'
        | 'Ư'
        | 'ư'
        | 'Ụ'
        | 'ụ'
        | 'Ủ'
        | 'ủ'
        | 'Ứ'
        | 'ứ'
        | 'Ừ'
        | 'ừ'
        | 'Ử'
        | 'ử'
        | 'Ữ'
        | 'ữ'
        | 'Ự'
        | 'ự' => 'u',
        'Ŵ' | 'ŵ' => 'w',
        'Ý' | 'ý' | 'ÿ' | 'Ŷ' | 'ŷ' | 'Ÿ' | 'Ỳ' | 'ỳ' | 'Ỵ' | 'ỵ' | 'Ỷ' | 'ỷ' | 'Ỹ' | 'ỹ' => {
            'y'
        }
        'Ź' | 'ź' | 'Ż' | 'ż' | 'Ž' | 'ž' => 'z',
        'Æ' | 'æ' => {
            out.push_str("ae");
            return;
        }
        'Œ' | 'œ' => {
            out.push_str("oe");
            return;
        }
        // Combining marks (text in decomposed form) fold away.
        '\u{300}'..='\u{36f}' => return,
        _ => {
            out.extend(c.to_lowercase());
            return;
        }
    };
    out.push(base);
}

/// The folded words of a text: runs of letters and digits, lower case,
/// without diacritics. Apostrophes and hyphens inside words split them,
/// so "Korea-Utara" and "Korea Utara" read the same.
pub(crate) fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() || ('\u{300}'..='\u{36f}').contains(&c) {
            fold_char(c, &mut cur);
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_and_accents() {
        assert_eq!(
            words("Đà Nẵng, São-Paulo ERDOĞAN"),
            ["da", "nang", "sao", "paulo", "erdogan"]
        );
        assert_eq!(words("Cafe\u{301} crème"), ["cafe", "creme"]);
        assert_eq!(words("Straße"), ["strasse"]);
    }
}
