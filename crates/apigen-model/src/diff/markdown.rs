//! The report as Markdown for a pull-request comment. Spec text (paths, names, values,
//! descriptions of changes) is escaped so that it renders as written and cannot break out of
//! its table cell; Rust items are identifiers and go into code spans.

use std::fmt::Write;

use super::{Bump, Change, Impact, Report};

/// Renders `report` with at most `max_rows` rows per section.
pub(super) fn render(report: &Report, max_rows: usize) -> String {
    let mut out = String::new();
    let (client_breaking, server_breaking) = report.breaking_counts();
    let security = report.changes.iter().filter(|c| c.security).count();
    let _ = writeln!(
        out,
        "## API change report: {} {} → {}\n",
        escape(&report.new.title),
        escape(&report.old.version),
        escape(&report.new.version)
    );
    let verdict = |bump: Bump| match bump {
        Bump::None => "no version bump".to_owned(),
        other => format!("{} version bump", other.as_str()),
    };
    let _ = writeln!(
        out,
        "**Verdict: {}** of the generated crate (for a `0.y.z` crate: {}). \
         {} change(s): {} breaking for clients, {} breaking for servers, {} security.\n",
        verdict(report.bump),
        verdict(report.bump_for_zero_major),
        report.changes.len(),
        client_breaking,
        server_breaking,
        security
    );
    for (index, title) in SECTIONS.iter().enumerate() {
        let rows: Vec<&Change> = report
            .changes
            .iter()
            .filter(|c| section(c) == index)
            .collect();
        if rows.is_empty() {
            continue;
        }
        let _ = writeln!(out, "### {title} ({})\n", rows.len());
        out.push_str("| change | where | what | client | server | Rust items |\n");
        out.push_str("|---|---|---|---|---|---|\n");
        for change in rows.iter().take(max_rows) {
            let items: Vec<String> = change
                .rust_items
                .iter()
                .map(|item| format!("`{}`", item.replace('`', "")))
                .collect();
            let pointer = change
                .new_pointer
                .as_ref()
                .or(change.old_pointer.as_ref())
                .map(|p| format!("<br>{}", escape(p)))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "| {} | {}{} | {} | {} | {} | {} |",
                change.kind.as_str().replace('_', " "),
                escape(&change.subject),
                pointer,
                escape(&change.detail),
                mark(change.client),
                mark(change.server),
                items.join("<br>")
            );
        }
        if rows.len() > max_rows {
            let _ = writeln!(out, "\n… and {} more.", rows.len() - max_rows);
        }
        out.push('\n');
    }
    if report.changes.is_empty() {
        out.push_str("No change to the generated API.\n");
    }
    out
}

/// The sections of the report, in order; see [`section`].
const SECTIONS: [&str; 4] = [
    "Security changes",
    "Breaking changes",
    "Additive changes",
    "Other changes",
];

/// The index in [`SECTIONS`] of the section listing `change`.
fn section(change: &Change) -> usize {
    if change.security {
        return 0;
    }
    match change.impact() {
        Impact::Breaking => 1,
        Impact::Additive => 2,
        Impact::None => 3,
    }
}

fn mark(impact: Impact) -> &'static str {
    match impact {
        Impact::Breaking => "**breaking**",
        Impact::Additive => "additive",
        Impact::None => "none",
    }
}

/// `text` as literal Markdown inline text inside a table cell: the characters that open
/// emphasis, code, links, strikethrough, math or a cell boundary are backslash-escaped, `<`,
/// `>` and `&` become entities (no HTML), and line breaks become spaces.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '$' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn spec_text_cannot_open_markup_or_leave_its_cell() {
        assert_eq!(escape("a|b"), "a\\|b");
        assert_eq!(escape("<script>"), "&lt;script&gt;");
        assert_eq!(escape("`x`\nnext"), "\\`x\\` next");
        assert_eq!(escape("[link](x)"), "\\[link\\](x)");
        assert_eq!(escape("*a* _b_ ~c~"), "\\*a\\* \\_b\\_ \\~c\\~");
    }
}
