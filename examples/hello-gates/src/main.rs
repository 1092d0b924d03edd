//! Reads text from standard input and prints its ten most frequent words.

use std::io::{self, Read};

use hello_gates::WordFreq;

/// How many words the report lists.
const TOP: usize = 10;

/// Formats the frequency report, one `count word` line per word.
fn report(freq: &WordFreq, n: usize) -> String {
    let lines: Vec<String> = freq
        .top(n)
        .iter()
        .map(|(word, count)| format!("{count:>6} {word}\n"))
        .collect();
    lines.concat()
}

fn main() -> io::Result<()> {
    let mut text = String::new();
    io::stdin().read_to_string(&mut text)?;
    print!("{}", report(&WordFreq::from_text(&text), TOP));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_lists_most_frequent_first() {
        let freq = WordFreq::from_text("b a b");
        assert_eq!(report(&freq, TOP), "     2 b\n     1 a\n");
    }
}
