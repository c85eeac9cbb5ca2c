//! Schema pointers in the user's own document. The checker walks the converted OpenAPI 3.0
//! model; a Swagger 2.0 user looks for `#/definitions/Firm`, not
//! `#/components/schemas/Firm`, and for `…/responses/200/schema`, not
//! `…/responses/200/content/application~1json/schema`. Schemas themselves convert one to one,
//! so only these prefixes change. OpenAPI 3.1 is normalised in place: pointers stay.

use crate::load::SourceVersion;

/// `pointer` (in the converted document) as it reads in the document as written.
pub(super) fn in_source(pointer: &str, version: SourceVersion) -> String {
    if version != SourceVersion::Swagger2 {
        return pointer.to_owned();
    }
    let Some(rest) = pointer.strip_prefix("#/") else {
        return pointer.to_owned();
    };
    let mut segments: Vec<&str> = rest.split('/').collect();
    match segments.as_slice() {
        ["components", "schemas", ..] => {
            segments.splice(0..2, ["definitions"]);
        }
        ["components", "responses", _, ..] => {
            segments.remove(0);
            drop_content(&mut segments, 2);
        }
        ["paths", _, _, "responses", _, ..] => drop_content(&mut segments, 5),
        _ => {}
    }
    format!("#/{}", segments.join("/"))
}

/// Removes `content/<media type>` at `at` (a 2.0 response has its schema directly).
fn drop_content(segments: &mut Vec<&str>, at: usize) {
    if segments.get(at) == Some(&"content") {
        let end = (at + 2).min(segments.len());
        segments.drain(at..end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swagger_pointers_read_as_written() {
        let v = SourceVersion::Swagger2;
        assert_eq!(
            in_source("#/components/schemas/Firm/properties/id", v),
            "#/definitions/Firm/properties/id"
        );
        assert_eq!(
            in_source(
                "#/paths/~1firms/get/responses/200/content/application~1json/schema/allOf/1/properties/data",
                v
            ),
            "#/paths/~1firms/get/responses/200/schema/allOf/1/properties/data"
        );
        assert_eq!(
            in_source("#/paths/~1firms/get/responses/200/content", v),
            "#/paths/~1firms/get/responses/200"
        );
        assert_eq!(
            in_source(
                "#/components/responses/NotFound/content/application~1json/schema",
                v
            ),
            "#/responses/NotFound/schema"
        );
        assert_eq!(
            in_source("#/paths/~1firms/get/responses", v),
            "#/paths/~1firms/get/responses"
        );
        assert_eq!(
            in_source("#/components/schemas/Firm", SourceVersion::OpenApi30),
            "#/components/schemas/Firm"
        );
    }
}
