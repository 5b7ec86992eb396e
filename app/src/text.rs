//! Short forms of what people wrote, for lists and notifications.

/// The first `words` words of `text`, with "…" when cut.
pub fn excerpt(text: &str, words: usize) -> String {
    let mut parts = text.split_whitespace();
    let head: Vec<&str> = parts.by_ref().take(words).collect();
    let mut out = head.join(" ");
    if parts.next().is_some() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts() {
        assert_eq!(excerpt("một hai ba", 5), "một hai ba");
        assert_eq!(excerpt("một hai ba bốn", 2), "một hai…");
        assert_eq!(excerpt("  ", 3), "");
    }
}
