//! Count how often words occur in a piece of text.
//!
//! `hello-gates` is the demo crate of gatecheck: a deliberately small library
//! that passes every quality gate (build, clippy pedantic, rustfmt, rustdoc
//! coverage with examples, unit tests, integration tests and doctests).
//!
//! Words are split on anything that is not alphanumeric (apostrophes inside
//! a word are kept) and compared case-insensitively.
//!
//! # Examples
//!
//! ```
//! use hello_gates::WordFreq;
//!
//! let freq = WordFreq::from_text("The cat saw the other cat. The end!");
//! assert_eq!(freq.count("the"), 3);
//! assert_eq!(freq.top(2), vec![("the", 3), ("cat", 2)]);
//! ```

use std::collections::BTreeMap;

/// Splits `text` into lowercase words.
///
/// A word is a run of alphanumeric characters, optionally joined by single
/// apostrophes (`don't`, `o'clock`). Everything else separates words.
///
/// # Examples
///
/// ```
/// let words: Vec<String> = hello_gates::words("Don't PANIC, it's 42!").collect();
/// assert_eq!(words, ["don't", "panic", "it's", "42"]);
/// ```
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'')
        .map(|word| word.trim_matches('\''))
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
}

/// A table of word frequencies.
///
/// # Examples
///
/// ```
/// use hello_gates::WordFreq;
///
/// let mut freq = WordFreq::new();
/// freq.add_text("to be or not to be");
/// assert_eq!(freq.count("be"), 2);
/// assert_eq!(freq.total(), 6);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WordFreq {
    counts: BTreeMap<String, usize>,
    total: usize,
}

impl WordFreq {
    /// Creates an empty table.
    ///
    /// # Examples
    ///
    /// ```
    /// let freq = hello_gates::WordFreq::new();
    /// assert_eq!(freq.total(), 0);
    /// ```
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Builds a table from all the words in `text`.
    ///
    /// # Examples
    ///
    /// ```
    /// let freq = hello_gates::WordFreq::from_text("a b a");
    /// assert_eq!(freq.count("a"), 2);
    /// ```
    #[must_use]
    pub fn from_text(text: &str) -> Self {
        let mut freq = Self::new();
        freq.add_text(text);
        freq
    }

    /// Adds every word of `text` to the table.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut freq = hello_gates::WordFreq::new();
    /// freq.add_text("Hello");
    /// freq.add_text("hello world");
    /// assert_eq!(freq.count("hello"), 2);
    /// ```
    pub fn add_text(&mut self, text: &str) {
        for word in words(text) {
            *self.counts.entry(word).or_insert(0) += 1;
            self.total += 1;
        }
    }

    /// Returns how often `word` occurred (case-insensitively).
    ///
    /// # Examples
    ///
    /// ```
    /// let freq = hello_gates::WordFreq::from_text("Rust rust RUST");
    /// assert_eq!(freq.count("Rust"), 3);
    /// assert_eq!(freq.count("python"), 0);
    /// ```
    #[must_use]
    pub fn count(&self, word: &str) -> usize {
        self.counts.get(&word.to_lowercase()).copied().unwrap_or(0)
    }

    /// Returns the total number of words added, counting repeats.
    ///
    /// # Examples
    ///
    /// ```
    /// let freq = hello_gates::WordFreq::from_text("one two two");
    /// assert_eq!(freq.total(), 3);
    /// ```
    #[must_use]
    pub fn total(&self) -> usize {
        self.total
    }

    /// Returns the number of different words.
    ///
    /// # Examples
    ///
    /// ```
    /// let freq = hello_gates::WordFreq::from_text("one two two");
    /// assert_eq!(freq.distinct(), 2);
    /// ```
    #[must_use]
    pub fn distinct(&self) -> usize {
        self.counts.len()
    }

    /// Returns the `n` most frequent words with their counts.
    ///
    /// Words with the same count are listed alphabetically.
    ///
    /// # Examples
    ///
    /// ```
    /// let freq = hello_gates::WordFreq::from_text("b a b c a b");
    /// assert_eq!(freq.top(2), vec![("b", 3), ("a", 2)]);
    /// ```
    #[must_use]
    pub fn top(&self, n: usize) -> Vec<(&str, usize)> {
        let mut entries: Vec<(&str, usize)> = self
            .counts
            .iter()
            .map(|(word, &count)| (word.as_str(), count))
            .collect();
        entries.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        entries.truncate(n);
        entries
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_on_punctuation() {
        let found: Vec<String> = words("well--then;ok").collect();
        assert_eq!(found, ["well", "then", "ok"]);
    }

    #[test]
    fn trims_quotes_around_words() {
        let found: Vec<String> = words("'quoted' rock'n'roll").collect();
        assert_eq!(found, ["quoted", "rock'n'roll"]);
    }

    #[test]
    fn empty_text_has_no_words() {
        let freq = WordFreq::from_text("  ... !!! ");
        assert_eq!(freq.total(), 0);
        assert_eq!(freq.distinct(), 0);
        assert!(freq.top(3).is_empty());
    }

    #[test]
    fn ties_are_alphabetical() {
        let freq = WordFreq::from_text("pear apple fig");
        assert_eq!(freq.top(3), vec![("apple", 1), ("fig", 1), ("pear", 1)]);
    }
}
