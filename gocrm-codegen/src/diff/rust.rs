//! The Rust side of the IR as users' code sees it: type spellings (compared as text between
//! two documents, so `types::Firm` in one equals `types::Firm` in the other whatever their
//! indexes) and which types travel in requests and which in responses.

use std::collections::HashSet;

use crate::ir::{Api, BodyType, Decoding, Field, Operation, Scalar, TypeId, TypeRef};

/// The Rust spelling of a type use, as the client module writes it.
pub(super) fn type_text(api: &Api, t: &TypeRef) -> String {
    match t {
        TypeRef::Named(id) => match api.types.get(*id) {
            Some(named) => format!("types::{}", named.name),
            None => "serde_json::Value".to_owned(),
        },
        TypeRef::Scalar(s) => scalar_text(*s).to_owned(),
        TypeRef::Array(inner) => format!("Vec<{}>", type_text(api, inner)),
        TypeRef::Map(inner) => format!("BTreeMap<String, {}>", type_text(api, inner)),
        TypeRef::Nullable(inner) => format!("Option<{}>", type_text(api, inner)),
        TypeRef::Any => "serde_json::Value".to_owned(),
    }
}

fn scalar_text(s: Scalar) -> &'static str {
    match s {
        Scalar::Bool => "bool",
        Scalar::I32 => "i32",
        Scalar::I64 => "i64",
        Scalar::U64 => "u64",
        Scalar::F32 => "f32",
        Scalar::F64 => "f64",
        Scalar::String => "String",
        Scalar::Binary => "runtime::Binary",
    }
}

/// A field's type without the `Option` that optionality adds (with the `Box` that breaks a
/// cycle: that changes what code must write too).
pub(super) fn field_inner_text(api: &Api, f: &Field) -> String {
    let inner = type_text(api, &f.ty);
    if f.boxed {
        format!("Box<{inner}>")
    } else {
        inner
    }
}

/// `Option<T>` around `inner` when `optional`.
pub(super) fn optional_text(inner: &str, optional: bool) -> String {
    if optional {
        format!("Option<{inner}>")
    } else {
        inner.to_owned()
    }
}

/// How a method takes its body: the argument type (without the `Option` of an optional body).
pub(super) fn body_argument_text(api: &Api, ty: &BodyType) -> String {
    match ty {
        BodyType::Json(t) | BodyType::Form(t) | BodyType::Multipart(t) => {
            format!("&{}", type_text(api, t))
        }
        BodyType::Text => "&str".to_owned(),
        BodyType::Bytes => "&[u8]".to_owned(),
    }
}

/// How the body goes on the wire: the encoding, and for text and bytes the media type sent
/// as `Content-Type` (JSON, form and multipart bodies set their own).
pub(super) fn body_encoding(ty: &BodyType, media_type: &str) -> String {
    match ty {
        BodyType::Json(_) => "JSON".to_owned(),
        BodyType::Form(_) => "form-encoded".to_owned(),
        BodyType::Multipart(_) => "multipart/form-data".to_owned(),
        BodyType::Text => format!("text ({media_type})"),
        BodyType::Bytes => format!("bytes ({media_type})"),
    }
}

/// What a decoding hands back to the caller, and whether it unwraps an envelope.
pub(super) fn decoding_text(api: &Api, decoding: &Decoding) -> (String, bool) {
    match decoding {
        Decoding::Envelope(t) => (type_text(api, t), true),
        Decoding::Json(t) => (type_text(api, t), false),
        Decoding::Text => ("String".to_owned(), false),
        Decoding::Bytes => ("Vec<u8>".to_owned(), false),
        Decoding::Empty => ("()".to_owned(), false),
        Decoding::Stream(s) => (
            format!("runtime::ItemStream<{}>", stream_item_text(api, s)),
            false,
        ),
    }
}

/// The item type of a stream, as the client method yields it.
pub(super) fn stream_item_text(api: &Api, s: &crate::ir::StreamDecoding) -> String {
    let item = type_text(api, &s.item);
    match s.framing {
        crate::ir::Framing::EventStream(crate::ir::EventItem::Data) => {
            format!("runtime::SseEvent<{item}>")
        }
        _ => item,
    }
}

/// A path parameter's argument type, as the client method takes it.
pub(super) fn path_argument_text(api: &Api, t: &TypeRef) -> String {
    match t {
        TypeRef::Scalar(Scalar::String) => "&str".to_owned(),
        TypeRef::Scalar(_) => type_text(api, t),
        _ => format!("&{}", type_text(api, t)),
    }
}

/// Which named types code sends (request bodies, parameters) and which it reads (responses).
pub(super) struct Usage {
    sent: HashSet<TypeId>,
    read: HashSet<TypeId>,
}

impl Usage {
    pub(super) fn of(api: &Api) -> Self {
        let sent_roots = api.operations.iter().flat_map(request_roots);
        let read_roots = api.operations.iter().flat_map(response_roots);
        Self {
            sent: crate::ir::reachable(&api.types, sent_roots),
            read: crate::ir::reachable(&api.types, read_roots),
        }
    }

    /// Whether code builds values of this type to send.
    pub(super) fn is_sent(&self, id: TypeId) -> bool {
        self.sent.contains(&id)
    }

    /// Whether responses hand out values of this type.
    pub(super) fn is_read(&self, id: TypeId) -> bool {
        self.read.contains(&id)
    }
}

fn request_roots(op: &Operation) -> Vec<TypeRef> {
    let mut roots: Vec<TypeRef> = op.path_params.iter().map(|p| p.ty.clone()).collect();
    roots.extend(op.params_type.map(TypeRef::Named));
    if let Some(body) = &op.body {
        match &body.ty {
            BodyType::Json(t) | BodyType::Form(t) | BodyType::Multipart(t) => roots.push(t.clone()),
            BodyType::Text | BodyType::Bytes => {}
        }
    }
    roots
}

fn response_roots(op: &Operation) -> Vec<TypeRef> {
    std::iter::once(&op.response.decoding)
        .chain(op.other_responses.iter().map(|r| &r.decoding))
        .filter_map(|d| match d {
            Decoding::Envelope(t) | Decoding::Json(t) => Some(t.clone()),
            Decoding::Stream(s) => Some(s.item.clone()),
            Decoding::Text | Decoding::Bytes | Decoding::Empty => None,
        })
        .collect()
}
