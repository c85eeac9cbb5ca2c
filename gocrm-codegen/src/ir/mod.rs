//! Stage 2: the intermediate representation — named types and operations.
//!
//! This is the one place where Rust decisions are made: names (see [`naming`]), which schemas
//! become structs, enums or aliases, where a `Box` breaks recursion, which fields are lenient,
//! how an operation's parameters, body and response are typed. `emit` only prints what it is
//! given.

pub mod examples;
pub mod naming;
mod operations;
mod recursion;
mod replace;
mod security;
mod types;

pub use types::reachable;

use crate::diagnostics::Diagnostic;
// For `probe`, which reads responses as the generated client does.
use crate::load::LoadedSpec;
use crate::settings::Settings;
#[cfg(feature = "cli")]
pub(crate) use operations::{first_success, is_json, pick_media};

/// Index into [`Api::types`].
pub type TypeId = usize;

/// Everything the emitter needs, in output order.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    /// Lower-case hex SHA-256 of the spec's bytes.
    pub spec_sha256: String,
    /// An absolute base URL from the settings or the spec's servers, if there is one.
    pub default_base_url: Option<String>,
    /// Component schemas in document order, then inline types in order of discovery.
    pub types: Vec<NamedType>,
    /// Operations in document order (paths, then methods in a fixed order).
    pub operations: Vec<Operation>,
    /// The envelope status value that means success, when any operation unwraps an envelope.
    pub envelope_success_value: String,
    /// Generated type name → the Rust type the settings put in its place (`schema_types`,
    /// `format_types`); such types are emitted as `pub type Name = <that type>;`.
    pub replaced_types: std::collections::BTreeMap<String, String>,
    /// Spec examples with the type each decodes into (`examples.rs`).
    pub examples: Vec<examples::Example>,
    /// Credentials the client can hold (empty: the spec declares no usable security).
    pub security_schemes: Vec<SecurityScheme>,
}

impl Api {
    /// Whether an operation returns a typed stream: the crate then carries the runtime's
    /// stream modules and depends on `futures-core` and tokio.
    pub fn has_streams(&self) -> bool {
        self.operations
            .iter()
            .any(|op| matches!(op.response.decoding, Decoding::Stream(_)))
    }
}

/// A type the generated crate defines.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedType {
    /// The Rust identifier, unique in the `types` module.
    pub name: String,
    /// Description text from the spec (title and description), not yet escaped for rustdoc.
    pub doc: Option<String>,
    /// Where the schema is in the converted document, for diagnostics.
    pub pointer: String,
    /// How the docs name the schema in the spec as written (`#/definitions/Lead`), for
    /// component schemas.
    pub source: Option<String>,
    pub kind: TypeKind,
    /// Every field has a sensible `Default`, so `#[derive(Default)]` is emitted.
    pub derive_default: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    Struct(Struct),
    /// A string enum; unknown values decode to a catch-all variant that keeps the text.
    StringEnum(Vec<EnumVariant<String>>),
    /// An integer enum; unknown values decode to a catch-all variant that keeps the number.
    IntegerEnum(Vec<EnumVariant<i64>>),
    /// `oneOf` / `anyOf`.
    OneOf(OneOf),
    /// `pub type Name = …;` for a schema that is only another type (an array, a map, a ref).
    Alias(TypeRef),
    /// An operation's query and header parameters (`<OperationId>Params`).
    Params(Vec<Param>),
    /// Not filled in yet (only while building).
    Pending,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// Properties the spec does not declare: where they go.
    pub additional: Additional,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Additional {
    /// Dropped (additionalProperties: false, or a request-only type).
    None,
    /// `pub <field>: PropertyMap<T>`, written back after the declared properties.
    Map { field: String, value: TypeRef },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The Rust identifier.
    pub name: String,
    /// The JSON property name.
    pub wire_name: String,
    pub doc: Option<String>,
    /// The type without the `Option` that `required`/`nullable` add.
    pub ty: TypeRef,
    pub required: bool,
    pub nullable: bool,
    /// Set where the field closes a cycle of types or its type nests too deep (`Box<T>`,
    /// see `recursion.rs`).
    pub boxed: bool,
}

impl Field {
    /// Whether the Rust field is an `Option`.
    pub fn is_optional(&self) -> bool {
        !self.required || self.nullable
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumVariant<V> {
    pub name: String,
    pub value: V,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OneOf {
    pub variants: Vec<OneOfVariant>,
    /// Internally tagged by this property, when the spec gives a discriminator.
    pub tag: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OneOfVariant {
    pub name: String,
    pub ty: TypeRef,
    /// The tag values that select this variant (discriminator mapping or the schema name).
    pub tag_values: Vec<String>,
    pub boxed: bool,
}

/// A use of a type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeRef {
    Named(TypeId),
    Scalar(Scalar),
    Array(Box<TypeRef>),
    /// `BTreeMap<String, T>`.
    Map(Box<TypeRef>),
    /// A nullable element (`Option<T>` inside an array or map).
    Nullable(Box<TypeRef>),
    /// Anything: `serde_json::Value`.
    Any,
}

impl TypeRef {
    /// Whether only lenient-decodable scalars sit at the leaves (through arrays, maps, nulls).
    pub fn is_lenient_scalar_tree(&self) -> bool {
        match self {
            TypeRef::Scalar(s) => *s != Scalar::Binary,
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                inner.is_lenient_scalar_tree()
            }
            TypeRef::Named(_) | TypeRef::Any => false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scalar {
    Bool,
    I32,
    I64,
    U64,
    F32,
    F64,
    String,
    /// `type: string, format: binary`: raw bytes (`runtime::Binary`), a file part in multipart
    /// bodies.
    Binary,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The client method's name (snake case, unique).
    pub method_name: String,
    pub operation_id: Option<String>,
    /// `GET`, `POST`, …
    pub http_method: String,
    /// The path template as written (`/cities/{id}/centers`).
    pub path: String,
    pub path_pieces: Vec<PathPiece>,
    pub path_params: Vec<Param>,
    /// The `<OperationId>Params` type holding query and header parameters.
    pub params_type: Option<TypeId>,
    pub body: Option<Body>,
    pub response: Response,
    /// Every other documented response (error statuses, `default`, further 2xx codes), in
    /// document order, with the type of its JSON body, for the method's docs and
    /// `Error::decode_body`.
    pub other_responses: Vec<StatusResponse>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    pub pointer: String,
    /// Alternatives of credentials to send (indexes into `Api::security_schemes`; all of one
    /// alternative together). Empty: the operation sends none.
    pub security: Vec<Vec<usize>>,
}

/// A credential the client can hold, from one security scheme.
#[derive(Debug, Clone, PartialEq)]
pub struct SecurityScheme {
    /// The field / setter suffix (`api_key` → `with_api_key`).
    pub field: String,
    /// The scheme's name in the spec.
    pub spec_name: String,
    pub kind: SecurityKind,
    pub doc: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SecurityKind {
    /// An API key sent in the named header.
    ApiKeyHeader(String),
    /// An API key sent as the named query parameter.
    ApiKeyQuery(String),
    /// An API key sent as the named cookie.
    ApiKeyCookie(String),
    /// `Authorization: Bearer …` (HTTP bearer, OAuth2, OpenID Connect).
    Bearer,
    /// `Authorization: Basic …`.
    Basic,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PathPiece {
    Literal(String),
    /// Index into `path_params`.
    Param(usize),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The Rust identifier (argument or field).
    pub name: String,
    pub wire_name: String,
    pub location: ParamLocation,
    pub ty: TypeRef,
    pub required: bool,
    pub doc: Option<String>,
    /// Arrays: one `name=value` pair per element (`true`) or one comma-joined value.
    pub explode: bool,
    /// The separator for non-exploded arrays.
    pub delimiter: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    Path,
    Query,
    /// OpenAPI 3.2 `in: querystring`: the value is the whole query string, form-encoded.
    QueryString,
    Header,
    Cookie,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    pub ty: BodyType,
    pub media_type: String,
    pub required: bool,
    pub doc: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum BodyType {
    Json(TypeRef),
    Form(TypeRef),
    /// `multipart/form-data` built from a struct: scalars as text parts, binary fields as
    /// file parts.
    Multipart(TypeRef),
    Text,
    Bytes,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub decoding: Decoding,
    pub doc: Option<String>,
}

/// A documented response other than the one the method returns.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusResponse {
    /// `404`, `4XX` or `default`.
    pub status: String,
    /// What its body is.
    pub decoding: Decoding,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Decoding {
    /// An envelope whose `data` is this type.
    Envelope(TypeRef),
    Json(TypeRef),
    Text,
    Bytes,
    /// No body is documented.
    Empty,
    /// A sequential media type with an item schema (OpenAPI 3.2 `itemSchema`, which reaches
    /// the IR as the media type extension `x-gocrm-item-schema`): a typed stream of items.
    Stream(StreamDecoding),
}

/// How a streamed answer's items are delimited and decoded.
#[derive(Debug, Clone, PartialEq)]
pub struct StreamDecoding {
    /// The media type, as the spec spells it (sent as `Accept`).
    pub media_type: String,
    pub framing: Framing,
    /// The item schema's type.
    pub item: TypeRef,
}

/// The delimiting of a sequential media type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    /// `application/jsonl`, `application/x-ndjson`, `application/x-jsonlines`.
    JsonLines,
    /// `application/json-seq` (RFC 7464).
    JsonSeq,
    /// `text/event-stream`, with what the item schema describes.
    EventStream(EventItem),
}

/// What an event stream's item schema describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventItem {
    /// The event itself (OpenAPI 3.2): an object whose properties are among `data`, `event`,
    /// `id` and `retry`, `data` among them. `json_data`: `data` is declared as something
    /// other than a string, so its text is parsed as JSON.
    Event { json_data: bool },
    /// Anything else: the JSON in each event's `data`; items are `runtime::SseEvent<T>`.
    Data,
}

impl Framing {
    /// The framing of a sequential media type (parameters and case ignored), as the runtime
    /// reads it; event streams as [`EventItem::Data`] until the item schema says otherwise.
    pub fn of_media_type(media_type: &str) -> Option<Framing> {
        use crate::framing::Framing as Runtime;
        Some(match Runtime::of_media_type(media_type)? {
            Runtime::JsonLines => Framing::JsonLines,
            Runtime::JsonSeq => Framing::JsonSeq,
            Runtime::EventStream => Framing::EventStream(EventItem::Data),
        })
    }
}

/// Builds the IR from a loaded spec. Returns the warnings (fallbacks) next to the IR; an error
/// is only returned for problems that make generation impossible.
pub fn build(
    spec: &LoadedSpec,
    settings: &Settings,
) -> Result<(Api, Vec<Diagnostic>), Vec<Diagnostic>> {
    // Owned here, outside the type space, which borrows from it as from the document.
    let extra = operations::extra_operations(&spec.openapi);
    let item_schemas = operations::ItemSchemas::collect(&spec.openapi, &extra);
    let mut space = types::TypeSpace::new(&spec.openapi, spec.source_version, &spec.file, settings);
    space.item_schemas = Some(&item_schemas);
    space.add_components();
    let mut operations = operations::build_operations(&mut space, &extra);
    let format_types = std::mem::take(&mut space.format_types);
    let (types, mut warnings) = space.finish(&operations);
    let security_schemes = security::schemes(&spec.openapi, &spec.file, &mut warnings);
    for op in &mut operations {
        let own = operation_in_spec(&spec.openapi, &extra, &op.path, &op.http_method)
            .and_then(|o| o.security.as_ref());
        op.security = security::requirements(
            &spec.openapi,
            own,
            &security_schemes,
            &op.pointer,
            &spec.file,
            &mut warnings,
        );
    }
    let replaced_types =
        replace::replaced_types(&types, &format_types, spec, settings, &mut warnings);
    let mut types = types;
    recursion::box_cycles(&mut types);
    recursion::box_deep_nesting(&mut types);
    types::decide_defaults(&mut types);

    let info = &spec.openapi.info;
    let default_base_url = settings
        .base_url
        .clone()
        .or_else(|| base_url_from_servers(&spec.openapi));
    let api = Api {
        title: info.title.clone(),
        version: info.version.clone(),
        description: info.description.clone(),
        spec_sha256: spec.sha256.clone(),
        default_base_url,
        types,
        operations,
        envelope_success_value: settings.envelope_success_value.clone(),
        replaced_types,
        examples: Vec::new(),
        security_schemes,
    };
    let api = Api {
        examples: examples::collect(&spec.openapi, &extra, &api.types, &api.operations, settings),
        ..api
    };
    // The IR walks the converted document; the user reads the one they wrote.
    let mut warnings: Vec<Diagnostic> = warnings.into_iter().map(|w| spec.in_source(w)).collect();
    warnings.sort();
    warnings.dedup();
    Ok((api, warnings))
}

/// The spec's operation at `path` and `method` (upper case, or an extra operation's token).
pub(crate) fn operation_in_spec<'a>(
    openapi: &'a openapiv3::OpenAPI,
    extra: &'a [operations::ExtraOperation],
    path: &str,
    method: &str,
) -> Option<&'a openapiv3::Operation> {
    if let Some(found) = operations::find_extra(extra, path, method) {
        return Some(found);
    }
    let item = openapi.paths.paths.get(path)?.as_item()?;
    match method {
        "GET" => item.get.as_ref(),
        "PUT" => item.put.as_ref(),
        "POST" => item.post.as_ref(),
        "DELETE" => item.delete.as_ref(),
        "OPTIONS" => item.options.as_ref(),
        "HEAD" => item.head.as_ref(),
        "PATCH" => item.patch.as_ref(),
        "TRACE" => item.trace.as_ref(),
        _ => None,
    }
}

/// The first server's URL with its variables set to their defaults, if it is absolute.
fn base_url_from_servers(openapi: &openapiv3::OpenAPI) -> Option<String> {
    let server = openapi.servers.first()?;
    let mut url = server.url.clone();
    if let Some(variables) = &server.variables {
        for (name, variable) in variables {
            url = url.replace(&format!("{{{name}}}"), &variable.default);
        }
    }
    let absolute = url.starts_with("http://") || url.starts_with("https://");
    absolute.then(|| url.trim_end_matches('/').to_owned())
}
