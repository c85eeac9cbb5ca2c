//! Slips common in hand-written documents that have one obvious meaning and
//! would otherwise fail deserialization: each is fixed with a warning.

use serde_json::Value;

use super::location::Loc;
use super::report::Reporter;

/// `version: 1.0` in YAML is a number; the model wants a string.
pub(crate) fn quote_numeric_info_version(document: &mut Value, reporter: &mut Reporter) {
    let Some(version) = document
        .get_mut("info")
        .and_then(|info| info.get_mut("version"))
    else {
        return;
    };
    if let Value::Number(number) = version {
        let text = number.to_string();
        let at = Loc::ROOT.key("info");
        reporter.warn(
            &at.key("version"),
            format!("`info.version` is the number {text}; read as the string \"{text}\" (quote it to be sure of the digits)"),
        );
        *version = Value::String(text);
    }
}
