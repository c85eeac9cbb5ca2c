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
    let inner = code_span_text(text);
    if inner.trim().is_empty() {
        format!("`\"{inner}\"`")
    } else {
        format!("`{inner}`")
    }
}

/// Doc attributes for text the generator wrote itself (already valid Markdown).
/// Spec text embedded in such a line (wire names, paths, values in code spans) cannot add a
/// line or a bidi control: control characters become spaces, bidi controls are dropped.
pub fn doc_raw(lines: &[&str]) -> TokenStream {
    let attrs = lines.iter().map(|line| {
        let line = format!(" {}", one_line(line));
        quote!(#[doc = #line])
    });
    quote!(#(#attrs)*)
}

/// Spec text for a code span in generator-written docs: one line, backticks turned into `'`,
/// no control or bidi characters.
pub fn code_span_text(text: &str) -> String {
    one_line(&text.replace('`', "'"))
}

/// Spec text for one line of a comment or doc comment: control characters become spaces, bidi
/// controls (which rustc rejects in comments) are dropped.
pub fn one_line(text: &str) -> String {
    text.chars()
        .filter(|c| !is_bidi_control(*c))
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
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
///
/// Linear in the text and one pass over each line: descriptions of many megabytes are real
/// (whole manuals pasted into `info.description`).
pub fn sanitize(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut in_fence = false;
    let mut in_list = false;
    let mut cleaned = String::new();
    // CRLF and a lone CR end a line as LF does. (Single-character splits: they are memchr
    // searches, where a set of characters is decoded one by one, slowly in a debug build.)
    let lines = text
        .split("\r\n")
        .flat_map(|part| part.split('\n'))
        .flat_map(|part| part.split('\r'));
    for raw in lines {
        cleaned.clear();
        for c in raw.chars() {
            if c == '\t' {
                cleaned.push(' ');
            } else if !c.is_control() && !is_bidi_control(c) {
                cleaned.push(c);
            }
        }
        let line = cleaned.trim();
        if line.starts_with("```") || line.starts_with("~~~") {
            // Every fence is plain text: open as ```text, close as ```.
            out.push(if in_fence {
                "```".to_owned()
            } else {
                "```text".to_owned()
            });
            in_fence = !in_fence;
            in_list = false;
            continue;
        }
        if in_fence {
            out.push(line.to_owned());
        } else {
            let text = escape_markdown(line);
            // A line after a list item would continue it lazily (clippy's
            // `doc_lazy_continuation`): a blank line makes it a paragraph of its own.
            if text.is_empty() {
                in_list = false;
            } else if is_list_item(&text) {
                in_list = true;
            } else if in_list {
                out.push(String::new());
                in_list = false;
            }
            out.push(text);
        }
    }
    if in_fence {
        out.push("```".to_owned());
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    let leading_blanks = out.iter().take_while(|l| l.is_empty()).count();
    out.drain(..leading_blanks);
    // Collapse runs of blank lines.
    out.dedup_by(|a, b| a.is_empty() && b.is_empty());
    out
}

/// `- x`, `* x`, `+ x`, `1. x`, `1) x` (or the marker alone).
fn is_list_item(line: &str) -> bool {
    let rest = if line.starts_with(['-', '*', '+']) {
        line.get(1..)
    } else {
        let digits = line.chars().take_while(char::is_ascii_digit).count();
        match line.get(digits..) {
            Some(after) if (1..=9).contains(&digits) && after.starts_with(['.', ')']) => {
                after.get(1..)
            }
            _ => None,
        }
    };
    rest.is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
}

/// Unicode bidirectional controls: rustc denies them in comments and literals
/// (`text_direction_codepoint_in_comment`), so a doc line holding one would not compile.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Escapes what rustdoc would treat as links or HTML, and wraps URLs in code spans. Runs of
/// whitespace become one space: `-      code` would be an indented block inside a list item.
fn escape_markdown(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    // The backtick run that opened the code span we are in, if any: a URL inside one is code
    // already.
    let mut span: Option<usize> = None;
    for (i, word) in line.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        // A URL anywhere in the word (`(https://…)`, `[x](https://…)`) goes into a code span
        // from its scheme on, unless it is in one already.
        let url_start = word.match_indices("http").map(|(at, _)| at).find(|&at| {
            word.get(at..)
                .is_some_and(|url| url.starts_with("https://") || url.starts_with("http://"))
        });
        let Some(start) = url_start else {
            escape_text(word, &mut out, &mut span);
            continue;
        };
        let (text, url) = word.split_at(start);
        escape_text(text, &mut out, &mut span);
        if span.is_some() || url.contains("``") {
            escape_text(url, &mut out, &mut span);
        } else if url.contains('`') {
            // A double-backtick span holds single backticks; the spaces inside are stripped.
            out.push_str("`` ");
            out.push_str(url);
            out.push_str(" ``");
        } else {
            out.push('`');
            out.push_str(url);
            out.push('`');
        }
    }
    out
}

/// Pushes `text` with `[`, `]`, `<`, `>` and `\` escaped, and every character of a run of
/// three or more backticks or tildes (which could open a fence after `- ` or `> `).
/// `span` follows code spans: a run of one or two backticks opens one, the same run closes it.
fn escape_text(text: &str, out: &mut String, span: &mut Option<usize>) {
    let mut rest = text;
    // All the special characters are ASCII, so a byte search finds them (and a byte position
    // is a character boundary).
    let special = |b: &u8| matches!(b, b'`' | b'~' | b'[' | b']' | b'<' | b'>' | b'\\');
    while let Some(at) = rest.as_bytes().iter().position(special) {
        let (plain, special) = rest.split_at(at);
        out.push_str(plain);
        let Some(c) = special.chars().next() else {
            break;
        };
        // One byte each, so the run's length in bytes is its length in characters.
        let after = special.trim_start_matches(c);
        let run = special.len() - after.len();
        let escape = !matches!(c, '`' | '~') || run >= 3;
        if c == '`' && !escape {
            *span = match *span {
                None => Some(run),
                Some(open) if open == run => None,
                open => open,
            };
        }
        for _ in 0..run {
            if escape {
                out.push('\\');
            }
            out.push(c);
        }
        rest = after;
    }
    out.push_str(rest);
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
    fn a_line_after_a_list_item_is_its_own_paragraph() {
        // Never a lazy continuation (clippy's `doc_lazy_continuation`), never indented code.
        assert_eq!(
            sanitize("Exclusions:\n- one\nmore of one\n12. two\nrest\n\nafter"),
            vec![
                "Exclusions:",
                "- one",
                "",
                "more of one",
                "12. two",
                "",
                "rest",
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
        // A link whose text is code (openai.yaml): the URL is still not left bare.
        assert_eq!(
            sanitize("either [`base64`](https://pypi.org/x/)."),
            vec![r"either \[`base64`\](`https://pypi.org/x/).`"]
        );
        // Inside a code span it is code already; a backtick in it needs a longer span.
        assert_eq!(
            sanitize("`see https://x.ru` b"),
            vec!["`see https://x.ru` b"]
        );
        assert_eq!(
            sanitize("a https://x.ru/`y`"),
            vec!["a `` https://x.ru/`y` ``"]
        );
    }

    #[test]
    fn fences_inside_list_items_and_quotes_are_escaped() {
        assert_eq!(sanitize("- ```rust"), vec![r"- \`\`\`rust"]);
        assert_eq!(sanitize("1. ~~~"), vec![r"1. \~\~\~"]);
        assert_eq!(sanitize("a `code` b"), vec!["a `code` b"]);
        assert_eq!(sanitize("-      let x = 1;"), vec!["- let x = 1;"]);
    }

    #[test]
    fn a_line_after_a_list_item_starts_a_paragraph() {
        assert_eq!(
            sanitize("- one\n- two\nafter\n1. x\n\ny"),
            vec!["- one", "- two", "", "after", "1. x", "", "y"]
        );
    }

    #[test]
    fn every_line_end_counts_once() {
        assert_eq!(
            sanitize("a\r\r\nb\rc\n\nd"),
            vec!["a", "", "b", "c", "", "d"]
        );
    }

    #[test]
    fn long_runs_and_many_blank_lines_take_linear_time() {
        // Both were quadratic: each backtick counted its run again, and each leading blank
        // line was removed from the front of the list.
        let run = "`".repeat(200_000);
        assert_eq!(
            sanitize(&format!("a {run}")),
            vec![format!("a {}", "\\`".repeat(200_000))]
        );
        assert_eq!(
            sanitize(&format!("{}text", "\n".repeat(200_000))),
            vec!["text"]
        );
    }

    #[test]
    fn bidi_controls_are_dropped() {
        assert_eq!(sanitize("a\u{202E}b\u{2066}c"), vec!["abc"]);
    }

    #[test]
    fn comment_terminators_stay_text() {
        let attrs = doc_attrs(Some("*/ fn evil() {} /*")).to_string();
        assert!(attrs.contains("doc ="));
        assert!(!attrs.contains("fn evil () {}"), "{attrs}");
    }
}
