//! Code blocks in spec text made inert for rustdoc, so that an emitted crate's doctests are only
//! the ones apigen writes: rustdoc would compile a fenced block without a language (or marked
//! `rust`) and every indented block as Rust.

/// `text` with its fenced Rust-or-unmarked blocks relabelled `text`, its indented blocks put in
/// `text` fences, and a fence left open closed at the end.
pub fn inert_code_blocks(text: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut fence: Option<String> = None;
    let mut indented = false;
    let mut previous_blank = true;
    for line in text.split('\n') {
        let blank = line.trim().is_empty();
        if let Some(marker) = &fence {
            out.push(line.to_owned());
            if closes(line, marker) {
                fence = None;
            }
            previous_blank = blank;
            continue;
        }
        let indent = indentation(line);
        if indented {
            if blank || indent >= 4 {
                out.push(dedent(line));
                previous_blank = blank;
                continue;
            }
            out.push("```".to_owned());
            indented = false;
        }
        let trimmed = line.trim_start();
        if indent < 4 && (trimmed.starts_with("```") || trimmed.starts_with("~~~")) {
            let first = trimmed.chars().next().unwrap_or('`');
            let marker: String = trimmed.chars().take_while(|c| *c == first).collect();
            let info = trimmed[marker.len()..].trim();
            if is_rust(info) {
                out.push(format!(
                    "{}{marker}text",
                    &line[..line.len() - trimmed.len()]
                ));
            } else {
                out.push(line.to_owned());
            }
            fence = Some(marker);
        } else if indent >= 4 && !blank && previous_blank {
            out.push("```text".to_owned());
            out.push(dedent(line));
            indented = true;
        } else {
            out.push(line.to_owned());
        }
        previous_blank = blank;
    }
    if let Some(marker) = fence {
        out.push(marker);
    }
    if indented {
        out.push("```".to_owned());
    }
    out.join("\n")
}

/// Whether rustdoc reads a fence with this info string as Rust: no language, `rust`, or only
/// rustdoc's own attributes.
fn is_rust(info: &str) -> bool {
    const ATTRIBUTES: [&str; 9] = [
        "rust",
        "ignore",
        "no_run",
        "should_panic",
        "compile_fail",
        "edition2015",
        "edition2018",
        "edition2021",
        "edition2024",
    ];
    info.split([',', ' ', '\t'])
        .filter(|word| !word.is_empty())
        .all(|word| ATTRIBUTES.contains(&word) || word.starts_with("edition"))
}

/// Whether `line` closes a fence opened with `marker`.
fn closes(line: &str, marker: &str) -> bool {
    let trimmed = line.trim();
    indentation(line) < 4
        && trimmed.len() >= marker.len()
        && trimmed.chars().all(|c| marker.starts_with(c))
}

/// Leading columns of whitespace (a tab counts four).
fn indentation(line: &str) -> usize {
    line.chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .map(|c| if c == '\t' { 4 } else { 1 })
        .sum()
}

/// `line` without its first four columns of indentation.
fn dedent(line: &str) -> String {
    let mut columns = 0;
    let mut start = 0;
    for (index, c) in line.char_indices() {
        if columns >= 4 || !(c == ' ' || c == '\t') {
            break;
        }
        columns += if c == '\t' { 4 } else { 1 };
        start = index + c.len_utf8();
    }
    line[start..].to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fences_without_a_language_become_text() {
        assert_eq!(
            inert_code_blocks("a\n```\nlet x;\n```"),
            "a\n```text\nlet x;\n```"
        );
        assert_eq!(
            inert_code_blocks("```rust,no_run\nx\n```"),
            "```text\nx\n```"
        );
        assert_eq!(inert_code_blocks("```json\n{}\n```"), "```json\n{}\n```");
        assert_eq!(inert_code_blocks("~~~~\nx\n~~~~"), "~~~~text\nx\n~~~~");
    }

    #[test]
    fn open_fences_are_closed() {
        assert_eq!(inert_code_blocks("```\nfn f("), "```text\nfn f(\n```");
    }

    #[test]
    fn indented_blocks_are_fenced() {
        assert_eq!(
            inert_code_blocks("Example:\n\n    curl x\n\tnext\n\nafter"),
            "Example:\n\n```text\ncurl x\nnext\n\n```\nafter"
        );
        assert_eq!(
            inert_code_blocks("para\n    continued"),
            "para\n    continued",
            "an indented line continuing a paragraph is no code block"
        );
        assert_eq!(inert_code_blocks("    only"), "```text\nonly\n```");
    }
}
