//! Bytes → JSON value. JSON or YAML is decided from the content, not the file
//! name, because real documents are often misnamed.
//!
//! Both parsers stop at 128 levels of nesting, so every later walk over the value
//! is bounded and a hostile document cannot overflow the stack.

use serde_json::Value;

use super::yaml::parse_yaml;

const UTF8_BOM: &str = "\u{feff}";

/// Nesting both parsers refuse past.
const PARSER_DEPTH_LIMIT: usize = 128;

/// Flow nesting (`[[[…` / `{{{…`) past which the YAML parser is not even
/// started: libyaml's work per token grows with the nesting depth, so a
/// hostile document of 100 000 brackets would take minutes to refuse.
const FLOW_DEPTH_GUARD: usize = 1_000;

/// Parses a whole document; the error is a one-line message about the whole file.
pub(crate) fn parse_document(bytes: &[u8]) -> Result<Value, String> {
    let text = decode_text(bytes)?;
    if text.trim().is_empty() {
        return Err("the document is empty".to_owned());
    }
    if looks_like_json(text) {
        parse_json_text(text)
    } else {
        parse_yaml_text(text)
    }
}

/// Checks the encoding and strips a UTF-8 byte order mark.
fn decode_text(bytes: &[u8]) -> Result<&str, String> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err("the file is UTF-16 encoded; save it as UTF-8".to_owned());
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let offset = e.valid_up_to();
        let line = line_of_offset(bytes, offset);
        format!("the file is not valid UTF-8: invalid byte at line {line} (byte offset {offset}); save it as UTF-8")
    })?;
    Ok(text.strip_prefix(UTF8_BOM).unwrap_or(text))
}

/// 1-based line number of a byte offset.
fn line_of_offset(bytes: &[u8], offset: usize) -> usize {
    let before = bytes.get(..offset).unwrap_or(bytes);
    before.iter().filter(|&&b| b == b'\n').count() + 1
}

/// A JSON document starts with `{` or `[`; anything else is read as YAML.
fn looks_like_json(text: &str) -> bool {
    matches!(text.trim_start().chars().next(), Some('{' | '['))
}

/// A document that opens with `{` or `[` is JSON, and a syntax error in it is reported as
/// one, with its line and column. It is not retried as YAML: YAML's flow style accepts what
/// JSON refuses (`{"a": 1,}`, unquoted keys, comments), so a broken `.json` file would load
/// as something its author did not write.
fn parse_json_text(text: &str) -> Result<Value, String> {
    serde_json::from_str::<Value>(text).map_err(|error| {
        // serde_json's message ends with " at line L column C"; say it our way.
        let message = error.to_string();
        let what = message
            .rsplit_once(" at line ")
            .map_or(message.as_str(), |(what, _)| what);
        format!(
            "invalid JSON at line {}, column {}: {what}",
            error.line(),
            error.column()
        )
    })
}

fn parse_yaml_text(text: &str) -> Result<Value, String> {
    if let Some(line) = flow_depth_exceeds(text, FLOW_DEPTH_GUARD) {
        return Err(format!(
            "invalid YAML: the document nests deeper than {PARSER_DEPTH_LIMIT} levels (at line {line})"
        ));
    }
    parse_yaml(text).map_err(|error| {
        let mut message = format!("invalid YAML: {error}");
        if let Some(hint) = tab_indentation_hint(text, error.location().map(|l| l.line())) {
            message.push_str("; ");
            message.push_str(&hint);
        }
        message
    })
}

/// The line where `[`/`{` nesting first exceeds `limit`, skipping quoted
/// strings and comments. A cheap over-approximation: brackets inside plain
/// scalars count too, which only matters for documents far past any limit.
fn flow_depth_exceeds(text: &str, limit: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut line = 1;
    let mut quote: Option<u8> = None;
    let mut in_comment = false;
    let mut previous = b'\n';
    let mut escaped = false;
    for &byte in text.as_bytes() {
        if byte == b'\n' {
            line += 1;
            in_comment = false;
        }
        match quote {
            Some(b'"') if escaped => escaped = false,
            Some(b'"') if byte == b'\\' => escaped = true,
            Some(open) if byte == open => quote = None,
            Some(_) => {}
            None if in_comment => {}
            None => match byte {
                b'#' if previous.is_ascii_whitespace() => in_comment = true,
                b'"' | b'\'' if previous.is_ascii_whitespace() || b"[{,:".contains(&previous) => {
                    quote = Some(byte)
                }
                b'[' | b'{' => {
                    depth += 1;
                    if depth > limit {
                        return Some(line);
                    }
                }
                b']' | b'}' => depth = depth.saturating_sub(1),
                _ => {}
            },
        }
        previous = byte;
    }
    None
}

/// YAML forbids TAB in indentation, and libyaml's message for it is cryptic.
fn tab_indentation_hint(text: &str, error_line: Option<usize>) -> Option<String> {
    let indented_with_tab = |line: &str| {
        line.chars()
            .take_while(|c| c.is_whitespace())
            .any(|c| c == '\t')
    };
    let lines: Vec<&str> = text.lines().collect();
    let at_error = error_line
        .and_then(|n| n.checked_sub(1))
        .and_then(|i| lines.get(i).map(|line| (i, *line)))
        .filter(|(_, line)| indented_with_tab(line));
    let (index, _) = at_error.or_else(|| {
        lines
            .iter()
            .copied()
            .enumerate()
            .find(|(_, line)| indented_with_tab(line))
    })?;
    Some(format!(
        "line {} is indented with a TAB, which YAML does not allow (indent with spaces)",
        index + 1
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_and_yaml_are_told_apart_by_content() {
        assert_eq!(parse_document(b"{\"a\": 1}").unwrap(), json!({"a": 1}));
        assert_eq!(parse_document(b"a: 1\n").unwrap(), json!({"a": 1}));
        assert_eq!(
            parse_document("\u{feff}a: 1\n".as_bytes()).unwrap(),
            json!({"a": 1})
        );
    }

    #[test]
    fn bad_inputs_say_what_is_wrong() {
        assert!(parse_document(b"  \n").unwrap_err().contains("empty"));
        assert!(parse_document(b"a: \xff\n").unwrap_err().contains("UTF-8"));
        let truncated = parse_document(b"{\"a\": [1, 2").unwrap_err();
        assert!(
            truncated.starts_with("invalid JSON") && truncated.contains("line 1"),
            "{truncated}"
        );
        // YAML's flow style would accept these; a document that opens like JSON is JSON.
        assert_eq!(
            parse_document(b"{\"a\": 1,}").unwrap_err(),
            "invalid JSON at line 1, column 9: trailing comma"
        );
        assert_eq!(
            parse_document(b"\n  [\n  {a: 1}\n]").unwrap_err(),
            "invalid JSON at line 3, column 4: key must be a string"
        );
        let tab = parse_document(b"a:\n\tb: 1\n").unwrap_err();
        assert!(tab.contains("TAB") && tab.contains("line 2"), "{tab}");
    }

    #[test]
    fn flow_depth_skips_strings_and_comments() {
        assert_eq!(flow_depth_exceeds("a: [[[]]]", 2), Some(1));
        assert_eq!(
            flow_depth_exceeds("a: '[[[' # [[[\nb: \"[[[\\\"[[\"\nc: don't [[", 2),
            None
        );
        assert_eq!(flow_depth_exceeds("x\n{{{", 2), Some(2));
    }

    #[test]
    fn too_deep_json_is_an_error() {
        let deep = "[".repeat(10_000) + &"]".repeat(10_000);
        assert!(parse_document(deep.as_bytes()).is_err());
    }
}
