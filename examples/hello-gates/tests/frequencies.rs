//! Integration tests: exercise the public API the way a user would.

use hello_gates::{words, WordFreq};

const TEXT: &str = "It was the best of times, it was the worst of times.";

#[test]
fn counts_a_famous_sentence() {
    let freq = WordFreq::from_text(TEXT);
    assert_eq!(freq.total(), 12);
    assert_eq!(freq.distinct(), 7);
    assert_eq!(freq.count("TIMES"), 2);
}

#[test]
fn top_words_are_sorted_by_count_then_alphabetically() {
    let freq = WordFreq::from_text(TEXT);
    assert_eq!(freq.top(3), vec![("it", 2), ("of", 2), ("the", 2)]);
}

#[test]
fn adding_text_accumulates() {
    let mut freq = WordFreq::new();
    for line in TEXT.split(',') {
        freq.add_text(line);
    }
    assert_eq!(freq, WordFreq::from_text(TEXT));
    assert_eq!(words(TEXT).count(), freq.total());
}
