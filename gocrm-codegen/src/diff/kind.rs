//! What a change is (`Kind`, a stable list) and how much it matters (`Class`).
//!
//! Kind names are a contract: scripts filter `gocrm-codegen diff --format json` on them, and
//! the README's rule table lists every one (a test checks it). Add kinds; never rename them.

use std::fmt;

/// How a change affects code written against the generated client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    /// Code that compiled against the old client may fail to compile, or a request it sends
    /// is now refused.
    Breaking,
    /// Code compiles unchanged; something new exists.
    Additive,
    /// Descriptions, summaries, examples only.
    Docs,
}

impl Class {
    /// `breaking`, `additive` or `docs`.
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Breaking => "breaking",
            Class::Additive => "additive",
            Class::Docs => "docs",
        }
    }

    /// `Breaking`, `Additive`, `Docs`: a heading.
    pub fn title(self) -> &'static str {
        match self {
            Class::Breaking => "Breaking",
            Class::Additive => "Additive",
            Class::Docs => "Docs",
        }
    }

    /// Most severe first.
    pub const ALL: [Class; 3] = [Class::Breaking, Class::Additive, Class::Docs];
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

macro_rules! kinds {
    ($($(#[doc = $doc:literal])* $variant:ident => $name:literal,)*) => {
        /// What changed. The snake-case names ([`Kind::as_str`]) are stable.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Kind {
            $($(#[doc = $doc])* $variant,)*
        }

        impl Kind {
            /// Every kind, in the README's order.
            pub const ALL: &'static [Kind] = &[$(Kind::$variant,)*];

            /// The stable snake-case name (`operation_removed`).
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Kind::$variant => $name,)*
                }
            }
        }
    };
}

kinds! {
    /// `info.title` or `info.description` (the crate's docs) changed.
    ApiDocsChanged => "api_docs_changed",
    /// The spec now gives an absolute base URL: `DEFAULT_BASE_URL` and `Client::default`.
    BaseUrlAdded => "base_url_added",
    /// `DEFAULT_BASE_URL` and `Client::default` are gone.
    BaseUrlRemoved => "base_url_removed",
    /// `DEFAULT_BASE_URL` has another value.
    BaseUrlChanged => "base_url_changed",
    /// A new `Client::with_<scheme>` credential setter.
    SecuritySchemeAdded => "security_scheme_added",
    /// A credential setter is gone.
    SecuritySchemeRemoved => "security_scheme_removed",
    /// A scheme sends its credential differently (another header, bearer → basic, …).
    SecuritySchemeChanged => "security_scheme_changed",
    /// A scheme's description changed.
    SecuritySchemeDocsChanged => "security_scheme_docs_changed",
    /// An operation needs credentials that code written for the old spec may not set.
    OperationSecurityTightened => "operation_security_tightened",
    /// An operation accepts what it accepted before, and more (or needs nothing now).
    OperationSecurityRelaxed => "operation_security_relaxed",
    /// A new `Client` method.
    OperationAdded => "operation_added",
    /// A `Client` method is gone.
    OperationRemoved => "operation_removed",
    /// The same route has a new method name (its operationId changed).
    OperationRenamed => "operation_renamed",
    /// The method calls another path.
    OperationPathChanged => "operation_path_changed",
    /// The method uses another HTTP method.
    OperationHttpMethodChanged => "operation_http_method_changed",
    /// The method is now `#[deprecated]`.
    OperationDeprecated => "operation_deprecated",
    /// The method is no longer `#[deprecated]`.
    OperationUndeprecated => "operation_undeprecated",
    /// An operation's summary or description changed.
    OperationDocsChanged => "operation_docs_changed",
    /// A parameter was added (a path argument, or a field of the `<Op>Params` struct).
    ParameterAdded => "parameter_added",
    /// A parameter was removed.
    ParameterRemoved => "parameter_removed",
    /// A parameter got another Rust name: a path argument (positional) or a params field.
    ParameterRenamed => "parameter_renamed",
    /// An optional parameter became required (`Option<T>` → `T`).
    ParameterBecameRequired => "parameter_became_required",
    /// A required parameter became optional (`T` → `Option<T>`).
    ParameterBecameOptional => "parameter_became_optional",
    /// A parameter's Rust type changed.
    ParameterTypeChanged => "parameter_type_changed",
    /// The same field is sent under another name.
    ParameterWireNameChanged => "parameter_wire_name_changed",
    /// The same field is sent elsewhere (query → header, …).
    ParameterLocationChanged => "parameter_location_changed",
    /// An array parameter is encoded differently (exploded, or another delimiter).
    ParameterStyleChanged => "parameter_style_changed",
    /// A parameter's description changed.
    ParameterDocsChanged => "parameter_docs_changed",
    /// The method takes a new `params: &<Op>Params` argument.
    ParametersArgumentAdded => "parameters_argument_added",
    /// The method's `params` argument is gone.
    ParametersArgumentRemoved => "parameters_argument_removed",
    /// The method takes a new `body` argument.
    RequestBodyAdded => "request_body_added",
    /// The method's `body` argument is gone.
    RequestBodyRemoved => "request_body_removed",
    /// The `body` argument has another type.
    RequestBodyTypeChanged => "request_body_type_changed",
    /// The body is sent with another encoding (JSON, form, multipart, media type).
    RequestBodyMediaTypeChanged => "request_body_media_type_changed",
    /// `body: Option<&T>` became `body: &T`.
    RequestBodyBecameRequired => "request_body_became_required",
    /// `body: &T` became `body: Option<&T>`.
    RequestBodyBecameOptional => "request_body_became_optional",
    /// The request body's description changed.
    RequestBodyDocsChanged => "request_body_docs_changed",
    /// The method returns another type.
    ResponseTypeChanged => "response_type_changed",
    /// The same type now comes with (or without) the `{status, data}` envelope.
    ResponseEnvelopeChanged => "response_envelope_changed",
    /// The success response's description changed.
    ResponseDocsChanged => "response_docs_changed",
    /// A documented non-success response was added (listed in the method's docs).
    ErrorResponseAdded => "error_response_added",
    /// A documented non-success response was removed.
    ErrorResponseRemoved => "error_response_removed",
    /// A documented non-success response has another body type.
    ErrorResponseChanged => "error_response_changed",
    /// A new type in `types`.
    TypeAdded => "type_added",
    /// A type is gone from `types`.
    TypeRemoved => "type_removed",
    /// A type is another kind of item (struct, enum, union, alias).
    TypeKindChanged => "type_kind_changed",
    /// A type alias names another type.
    TypeAliasChanged => "type_alias_changed",
    /// A struct now derives `Default`.
    TypeDefaultAdded => "type_default_added",
    /// A struct no longer derives `Default` (`..Default::default()` stops compiling).
    TypeDefaultRemoved => "type_default_removed",
    /// A type's description changed.
    TypeDocsChanged => "type_docs_changed",
    /// A struct field was added.
    FieldAdded => "field_added",
    /// A struct field was removed.
    FieldRemoved => "field_removed",
    /// A field's Rust type changed (other than gaining or losing `Option`).
    FieldTypeChanged => "field_type_changed",
    /// A field became required.
    FieldBecameRequired => "field_became_required",
    /// A field became optional.
    FieldBecameOptional => "field_became_optional",
    /// The same field has another JSON name.
    FieldWireNameChanged => "field_wire_name_changed",
    /// A field's description changed.
    FieldDocsChanged => "field_docs_changed",
    /// A struct gained the `extra` map of undeclared properties.
    ExtraPropertiesAdded => "extra_properties_added",
    /// A struct lost its `extra` map.
    ExtraPropertiesRemoved => "extra_properties_removed",
    /// The `extra` map holds another value type.
    ExtraPropertiesTypeChanged => "extra_properties_type_changed",
    /// An enum has a new value (variant).
    EnumValueAdded => "enum_value_added",
    /// An enum value (variant) was removed.
    EnumValueRemoved => "enum_value_removed",
    /// The same enum value has another variant name.
    EnumVariantRenamed => "enum_variant_renamed",
    /// A `oneOf`/`anyOf` enum has a new variant.
    UnionVariantAdded => "union_variant_added",
    /// A `oneOf`/`anyOf` variant was removed.
    UnionVariantRemoved => "union_variant_removed",
    /// A `oneOf`/`anyOf` variant holds another type.
    UnionVariantTypeChanged => "union_variant_type_changed",
    /// The discriminator property or a variant's tag values changed.
    UnionTagChanged => "union_tag_changed",
    /// A spec example (a generated round-trip test) was added.
    ExampleAdded => "example_added",
    /// A spec example was removed.
    ExampleRemoved => "example_removed",
    /// A spec example changed.
    ExampleChanged => "example_changed",
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_snake_case() {
        let mut seen = std::collections::BTreeSet::new();
        for kind in Kind::ALL {
            let name = kind.as_str();
            assert!(seen.insert(name), "{name} twice");
            assert!(
                name.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{name}"
            );
            assert_eq!(format!("{kind}"), name);
        }
    }

    #[test]
    fn classes_order_most_severe_first() {
        assert!(Class::Breaking < Class::Additive && Class::Additive < Class::Docs);
        assert_eq!(
            Class::ALL.map(Class::as_str),
            ["breaking", "additive", "docs"]
        );
    }
}
