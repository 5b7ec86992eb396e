//! Search that ignores Vietnamese diacritics and case: "tram y te" finds "Trạm Y tế",
//! "pho hien" finds "Phường Phố Hiến" (đ counts as d).

/// The searchable form of a name: lower case ASCII letters and digits, words
/// separated by one space. Stored beside each name and applied to the query.
pub fn fold(text: &str) -> String {
    let ascii = deunicode::deunicode(text).to_lowercase();
    let mut folded = String::with_capacity(ascii.len());
    for word in ascii.split(|c: char| !c.is_ascii_alphanumeric()) {
        if word.is_empty() {
            continue;
        }
        if !folded.is_empty() {
            folded.push(' ');
        }
        folded.push_str(word);
    }
    folded
}

/// The SQL `like` patterns for a query: one per word, each matching a word start
/// anywhere in the folded name. Folding leaves no `%` or `_`, so nothing needs escaping.
pub fn word_patterns(query: &str) -> Vec<String> {
    fold(query)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(|w| format!("% {w}%"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_vietnamese() {
        assert_eq!(fold("Phường Phố Hiến"), "phuong pho hien");
        assert_eq!(fold("Hưng Yên"), "hung yen");
        assert_eq!(fold("Trạm Y tế xã Đông Kết"), "tram y te xa dong ket");
        assert_eq!(fold("ĐẶC KHU  Côn Đảo!"), "dac khu con dao");
        assert_eq!(fold("Tổ dân phố 5"), "to dan pho 5");
    }

    #[test]
    fn query_words_become_safe_patterns() {
        assert_eq!(word_patterns("Phố  hiến"), vec!["% pho%", "% hien%"]);
        assert_eq!(word_patterns("100%_x"), vec!["% 100%", "% x%"]);
        assert!(word_patterns("  ,, ").is_empty());
    }
}
