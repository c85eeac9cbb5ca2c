//! Spec text → `#[doc = "…"]` attributes that render as the author meant and can never become
//! code, a doctest, or a rustdoc warning.
//!
//! Text only ever enters the output as the string literal of a doc attribute. On top of that:
//! control characters are dropped, indentation is removed (an indented block would be a
//! doctest), code fences become ```` ```text ````, and the characters rustdoc would read as
//! links or HTML (`[`, `]`, `<`, `>`) are escaped; URLs are put in code spans so rustdoc's
//! `bare_urls` lint stays quiet.

use proc_macro2::TokenStream;
use quote::quote;

/// Doc attributes for one piece of spec text (nothing for `None` or blank text).
pub fn doc_attrs(text: Option<&str>) -> TokenStream {
    match text {
        Some(text) => lines_to_attrs(&sanitize(text)),
        None => TokenStream::new(),
    }
}

/// Doc attributes for several paragraphs, separated by blank doc lines.
pub fn doc_paragraphs(paragraphs: &[Option<String>]) -> TokenStream {
    let mut lines: Vec<String> = Vec::new();
    for text in paragraphs.iter().flatten() {
        let sanitized = sanitize(text);
        if sanitized.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(sanitized);
    }
    lines_to_attrs(&lines)
}

/// Spec text as a one-line Markdown code span: control characters (CR, LF, NUL, …) become
/// spaces and backticks become `'`, so the span can neither end early nor spill onto a new
/// line (where indentation or a fence could start a doctest). An empty text is `""`.
pub fn code_span(text: &str) -> String {
    let inner: String = text
        .chars()
        .map(|c| match c {
            '`' => '\'',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    if inner.trim().is_empty() {
        format!("`\"{inner}\"`")
    } else {
        format!("`{inner}`")
    }
}

/// Doc attributes for text the generator wrote itself (already valid Markdown).
pub fn doc_raw(lines: &[&str]) -> TokenStream {
    let attrs = lines.iter().map(|line| {
        let line = format!(" {line}");
        quote!(#[doc = #line])
    });
    quote!(#(#attrs)*)
}

fn lines_to_attrs(lines: &[String]) -> TokenStream {
    let attrs = lines.iter().map(|line| {
        // A leading space makes `/// text` rather than `///text` when printed.
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#[doc = #line])
    });
    quote!(#(#attrs)*)
}

/// Cleans spec text into safe Markdown lines (trailing blank lines removed).
pub fn sanitize(text: &str) -> Vec<String> {
    let normalized = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out: Vec<String> = Vec::new();
    let mut in_fence = false;
    // The text column of the list item the previous line belonged to (0: not in a list).
    let mut list_indent = 0usize;
    for raw in normalized.split('\n') {
        let line: String = raw
            .chars()
            .map(|c| if c == '\t' { ' ' } else { c })
            .filter(|c| !c.is_control())
            .collect::<String>()
            .trim()
            .to_owned();
        if line.starts_with("```") || line.starts_with("~~~") {
            // Every fence is plain text: open as ```text, close as ```.
            out.push(if in_fence {
                "```".to_owned()
            } else {
                "```text".to_owned()
            });
            in_fence = !in_fence;
            continue;
        }
        if in_fence || line.is_empty() {
            out.push(line);
            list_indent = 0;
        } else if let Some(width) = list_marker_width(&line) {
            list_indent = width;
            out.push(escape_markdown(&line));
        } else if list_indent > 0 {
            // A line straight after a list item continues it: indent it to the item's text
            // (never 4+ spaces beyond it, so it cannot become a code block).
            out.push(format!(
                "{}{}",
                " ".repeat(list_indent),
                escape_markdown(&line)
            ));
        } else {
            out.push(escape_markdown(&line));
        }
    }
    if in_fence {
        out.push("```".to_owned());
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    while out.first().is_some_and(|l| l.is_empty()) {
        out.remove(0);
    }
    // Collapse runs of blank lines.
    out.dedup_by(|a, b| a.is_empty() && b.is_empty());
    out
}

/// The width of a Markdown list marker at the start of `line` (`- `, `* `, `+ `, `1. `, `2) `).
fn list_marker_width(line: &str) -> Option<usize> {
    if line.starts_with("- ") || line.starts_with("* ") || line.starts_with("+ ") {
        return Some(2);
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if (1..=9).contains(&digits) {
        let rest = &line[digits..];
        if rest.starts_with(". ") || rest.starts_with(") ") {
            return Some(digits + 2);
        }
    }
    None
}

/// Escapes what rustdoc would treat as links or HTML, and wraps URLs in code spans.
fn escape_markdown(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    for (i, word) in line.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        // A URL anywhere in the word (`(https://…)`) goes into a code span from its scheme on.
        let url_start = ["https://", "http://"]
            .iter()
            .filter_map(|scheme| word.find(scheme))
            .min();
        let (text, url) = match url_start {
            Some(start) if !word.contains('`') => word.split_at(start),
            _ => (word, ""),
        };
        for c in text.chars() {
            if matches!(c, '[' | ']' | '<' | '>' | '\\') {
                out.push('\\');
            }
            out.push(c);
        }
        if !url.is_empty() {
            out.push('`');
            out.push_str(url);
            out.push('`');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indentation_and_fences_never_make_code() {
        let lines = sanitize("Example:\n\n    let x = 1;\n```rust\nfn main() {}\n```");
        assert_eq!(
            lines,
            vec![
                "Example:",
                "",
                "let x = 1;",
                "```text",
                "fn main() {}",
                "```"
            ]
        );
    }

    #[test]
    fn list_continuations_are_indented() {
        assert_eq!(
            sanitize("Exclusions:\n- one\nmore of one\n12. two\nrest\n\nafter"),
            vec![
                "Exclusions:",
                "- one",
                "  more of one",
                "12. two",
                "    rest",
                "",
                "after"
            ]
        );
    }

    #[test]
    fn unclosed_fence_is_closed() {
        assert_eq!(sanitize("```\ncode"), vec!["```text", "code", "```"]);
    }

    #[test]
    fn control_characters_are_dropped() {
        assert_eq!(sanitize("a\0b\r\nc\u{7}d"), vec!["ab", "cd"]);
    }

    #[test]
    fn links_and_html_are_escaped() {
        assert_eq!(sanitize("see [x] <b> a_b"), vec![r"see \[x\] \<b\> a_b"]);
        assert_eq!(
            sanitize("photo https://x.ru/a_b.png"),
            vec!["photo `https://x.ru/a_b.png`"]
        );
        assert_eq!(sanitize("(see:https://x.ru)"), vec!["(see:`https://x.ru)`"]);
    }

    #[test]
    fn comment_terminators_stay_text() {
        let attrs = doc_attrs(Some("*/ fn evil() {} /*")).to_string();
        assert!(attrs.contains("doc ="));
        assert!(!attrs.contains("fn evil () {}"), "{attrs}");
    }
}
