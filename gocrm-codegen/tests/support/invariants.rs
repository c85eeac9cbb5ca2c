//! What must hold for every generated crate, whatever the spec said. Shared by the fuzz target
//! (`fuzz/fuzz_targets/generate.rs`), the regression corpus, the property test and the
//! hostile-spec suite (each includes this file with `#[path]`).
//!
//! - every `.rs` file parses with `syn::parse_file`;
//! - `lib.rs` carries `#![forbid(unsafe_code)]` and no file has an `unsafe` token;
//! - no `fn <marker>` item and no call `<marker>(…)` exists for any of the given markers (spec
//!   text never becomes code);
//! - no doc comment holds a Markdown code block other than a ```` ```text ```` fence (so there
//!   is no doctest): no other fence, no backtick/tilde run of three outside a fence, no
//!   indented block, no tab.

#![allow(dead_code)]

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::ToTokens;

/// Checks one generated crate, given as `(path, contents)` pairs. `markers` are identifiers
/// that only spec text mentions: any `fn marker` or `marker(` in the code is an injection.
pub fn check_files<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a str)>,
    markers: &[&str],
) -> Result<(), String> {
    let mut saw_lib = false;
    for (path, contents) in files {
        if !path.ends_with(".rs") {
            continue;
        }
        let file = syn::parse_file(contents)
            .map_err(|e| format!("{path}: generated code does not parse: {e}"))?;
        if path.ends_with("lib.rs") {
            saw_lib = true;
            let forbids = file.attrs.iter().any(|a| {
                a.path().is_ident("forbid")
                    && a.to_token_stream().to_string().contains("unsafe_code")
            });
            if !forbids {
                return Err(format!("{path}: no #![forbid(unsafe_code)]"));
            }
        }
        let mut docs = Vec::new();
        walk(file.to_token_stream(), path, markers, &mut docs)?;
        for block in docs {
            check_doc_block(&block)
                .map_err(|e| format!("{path}: {e}\n--- doc ---\n{}", block.join("\n")))?;
        }
    }
    if !saw_lib {
        return Err("no src/lib.rs generated".to_owned());
    }
    Ok(())
}

/// Walks tokens: rejects `unsafe`, injected markers; collects doc blocks (consecutive
/// attributes of one item).
fn walk(
    tokens: TokenStream,
    path: &str,
    markers: &[&str],
    docs: &mut Vec<Vec<String>>,
) -> Result<(), String> {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let mut block: Vec<String> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let token = &tokens[i];
        match token {
            TokenTree::Punct(p) if p.as_char() == '#' => {
                // `#[…]` or `#![…]`.
                let mut j = i + 1;
                if matches!(tokens.get(j), Some(TokenTree::Punct(p)) if p.as_char() == '!') {
                    j += 1;
                }
                if let Some(TokenTree::Group(g)) = tokens.get(j) {
                    if g.delimiter() == Delimiter::Bracket {
                        if let Some(text) = doc_text(g.stream()) {
                            block.push(text);
                        } else {
                            walk(g.stream(), path, markers, docs)?;
                        }
                        i = j + 1;
                        continue;
                    }
                }
                i += 1;
                continue;
            }
            _ => {}
        }
        if !block.is_empty() {
            docs.push(std::mem::take(&mut block));
        }
        match token {
            TokenTree::Ident(ident) => {
                let name = ident.to_string();
                if name == "unsafe" {
                    return Err(format!("{path}: generated code has an `unsafe` token"));
                }
                let bare = name.trim_start_matches("r#");
                if markers.contains(&bare) {
                    let after_fn =
                        i > 0 && matches!(&tokens[i - 1], TokenTree::Ident(p) if p == "fn");
                    let called = matches!(tokens.get(i + 1), Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Parenthesis);
                    let macro_call = matches!(tokens.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == '!');
                    if after_fn || called || macro_call {
                        return Err(format!("{path}: spec text became code: `{name}`"));
                    }
                }
            }
            TokenTree::Group(g) => walk(g.stream(), path, markers, docs)?,
            _ => {}
        }
        i += 1;
    }
    if !block.is_empty() {
        docs.push(block);
    }
    Ok(())
}

/// The text of a `doc = "…"` attribute body.
fn doc_text(attr: TokenStream) -> Option<String> {
    let tokens: Vec<TokenTree> = attr.into_iter().collect();
    match tokens.as_slice() {
        [TokenTree::Ident(name), TokenTree::Punct(eq), TokenTree::Literal(lit)]
            if name == "doc" && eq.as_char() == '=' =>
        {
            let lit: syn::LitStr = syn::parse2(TokenTree::Literal(lit.clone()).into()).ok()?;
            Some(lit.value())
        }
        _ => None,
    }
}

/// A conservative Markdown check: anything that could open a code block other than a
/// ```` ```text ```` fence is rejected.
pub fn check_doc_block(attrs: &[String]) -> Result<(), String> {
    let text = attrs.join("\n");
    if text.contains('\r') {
        return Err("doc has a carriage return".to_owned());
    }
    let lines: Vec<&str> = text.split('\n').collect();
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches(' ').len())
        .min()
        .unwrap_or(0);
    let mut in_fence = false;
    for line in lines {
        if line.contains('\t') {
            return Err(format!("doc line has a tab: {line:?}"));
        }
        let body = line.get(indent..).unwrap_or("");
        let trimmed = body.trim();
        if in_fence {
            if trimmed.starts_with("```") {
                if trimmed != "```" {
                    return Err(format!("fence closed with {trimmed:?}"));
                }
                in_fence = false;
            }
            continue;
        }
        if body.starts_with(' ') {
            return Err(format!("indented doc line (a code block?): {line:?}"));
        }
        if trimmed == "```text" {
            in_fence = true;
            continue;
        }
        if trimmed.contains("```") || trimmed.contains("~~~") {
            return Err(format!("a code fence that is not ```text: {line:?}"));
        }
        if opens_indented_block_in_container(body) {
            return Err(format!(
                "an indented block inside a list item or quote: {line:?}"
            ));
        }
    }
    if in_fence {
        return Err("a ```text fence is never closed".to_owned());
    }
    Ok(())
}

/// `-      code`, `1.     code`, `>     code`: after a container marker, five spaces (a list
/// item) or one plus four (a quote) start an indented code block.
fn opens_indented_block_in_container(line: &str) -> bool {
    let mut rest = line;
    loop {
        let marker_len = if rest.starts_with(['>', '-', '+', '*']) {
            1
        } else {
            let digits = rest.chars().take_while(char::is_ascii_digit).count();
            if digits > 0 && rest[digits..].starts_with(['.', ')']) {
                digits + 1
            } else {
                return false;
            }
        };
        let after = &rest[marker_len..];
        let spaces = after.len() - after.trim_start_matches(' ').len();
        if spaces >= 5 && !after.trim().is_empty() {
            return true;
        }
        if spaces == 0 && !rest.starts_with('>') {
            return false; // `-x` is not a list item
        }
        rest = &after[spaces..];
    }
}
