//! Sequential media types with an item schema (OpenAPI 3.2 `itemSchema`): JSON Lines, NDJSON,
//! JSON text sequences and server-sent events become typed streams of items.
//!
//! The loader hands the item schema over as the media type extension `x-gocrm-item-schema`
//! (a 3.0-shaped schema). `openapiv3` keeps extensions as JSON values, so each is decoded
//! once, before the IR is built, into [`ItemSchemas`], which outlives the type space that
//! borrows from it.

use std::collections::HashMap;

use openapiv3::{MediaType, OpenAPI, ReferenceOr, Response, Schema, SchemaKind, Type};

use crate::ir::types::{Naming, TypeSpace};
use crate::ir::{Decoding, EventItem, Framing, StreamDecoding};

/// The extension that carries a media type's item schema.
pub(crate) const ITEM_SCHEMA: &str = "x-gocrm-item-schema";

/// The decoded item schemas, by the address of their media type in the loaded document
/// (which is borrowed, so never moves, while the IR is built).
#[derive(Debug, Default)]
pub struct ItemSchemas {
    by_media: HashMap<usize, Result<ReferenceOr<Schema>, String>>,
}

impl ItemSchemas {
    /// Every media type's item schema: in the paths' responses and request bodies and in
    /// `components` (responses and request bodies).
    /// `extra` are the 3.2 `query`/`additionalOperations` operations, owned outside the
    /// document.
    pub fn collect(openapi: &OpenAPI, extra: &[super::ExtraOperation]) -> Self {
        let mut out = Self::default();
        let mut responses: Vec<&Response> = Vec::new();
        let mut bodies: Vec<&openapiv3::RequestBody> = Vec::new();
        let standard = openapi
            .paths
            .iter()
            .filter_map(|(_, item)| item.as_item())
            .flat_map(|item| item.iter().map(|(_, op)| op));
        for op in standard.chain(extra.iter().map(|e| &e.operation)) {
            responses.extend(op.responses.responses.values().filter_map(|r| r.as_item()));
            responses.extend(op.responses.default.as_ref().and_then(|r| r.as_item()));
            bodies.extend(op.request_body.as_ref().and_then(|b| b.as_item()));
        }
        if let Some(components) = &openapi.components {
            responses.extend(components.responses.values().filter_map(|r| r.as_item()));
            bodies.extend(
                components
                    .request_bodies
                    .values()
                    .filter_map(|b| b.as_item()),
            );
        }
        let contents = responses
            .iter()
            .map(|r| &r.content)
            .chain(bodies.iter().map(|b| &b.content));
        for content in contents {
            for media in content.values() {
                if let Some(value) = media.extensions.get(ITEM_SCHEMA) {
                    let schema = serde_json::from_value::<ReferenceOr<Schema>>(value.clone())
                        .map_err(|e| e.to_string());
                    out.by_media.insert(address(media), schema);
                }
            }
        }
        out
    }

    /// The item schema of `media`, or why its extension is not a schema.
    pub fn get(&self, media: &MediaType) -> Option<&Result<ReferenceOr<Schema>, String>> {
        self.by_media.get(&address(media))
    }
}

fn address(media: &MediaType) -> usize {
    media as *const MediaType as usize
}

/// How `media` (of type `media_type`) decodes when it is a sequential media type with an item
/// schema; `None` otherwise (and a warning when the extension is not a schema).
pub(super) fn stream_decoding<'a>(
    space: &mut TypeSpace<'a>,
    media_type: &str,
    media: &'a MediaType,
    hint: &str,
    media_ptr: &str,
) -> Option<Decoding> {
    let mut framing = Framing::of_media_type(media_type)?;
    let schemas: &'a ItemSchemas = space.item_schemas?;
    let schema = match schemas.get(media)? {
        Ok(schema) => schema,
        Err(why) => {
            space.warn(
                format!("{media_ptr}/itemSchema"),
                format!("the item schema is not a schema ({why}); the body is not streamed"),
            );
            return None;
        }
    };
    if let Framing::EventStream(_) = framing {
        framing = Framing::EventStream(event_item(space, schema));
    }
    let item = space.convert(
        schema,
        Naming::Inline(format!("{hint}Item")),
        &format!("{media_ptr}/itemSchema"),
    );
    Some(Decoding::Stream(StreamDecoding {
        media_type: media_type.to_owned(),
        framing,
        item,
    }))
}

/// What an event stream's item schema describes: the event (OpenAPI 3.2's reading: an object
/// whose properties are among `data`, `event`, `id` and `retry`, `data` among them) or, for
/// any other schema, the JSON in each event's `data`.
fn event_item(space: &TypeSpace<'_>, schema: &ReferenceOr<Schema>) -> EventItem {
    let Some(schema) = resolve(space, schema) else {
        return EventItem::Data;
    };
    let properties = match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => &o.properties,
        SchemaKind::Any(a) => &a.properties,
        _ => return EventItem::Data,
    };
    let event_fields = ["data", "event", "id", "retry"];
    if !properties.contains_key("data")
        || properties
            .keys()
            .any(|k| !event_fields.contains(&k.as_str()))
    {
        return EventItem::Data;
    }
    let data_is_text = properties.get("data").is_some_and(|data| {
        let data = match data {
            ReferenceOr::Item(s) => Some(&**s),
            ReferenceOr::Reference { reference } => space.lookup_schema(reference),
        };
        data.is_some_and(|s| matches!(s.schema_kind, SchemaKind::Type(Type::String(_))))
    });
    EventItem::Event {
        json_data: !data_is_text,
    }
}

/// `schema`, its `$ref` followed.
fn resolve<'s>(space: &'s TypeSpace<'_>, schema: &'s ReferenceOr<Schema>) -> Option<&'s Schema> {
    match schema {
        ReferenceOr::Item(s) => Some(s),
        ReferenceOr::Reference { reference } => space.lookup_schema(reference),
    }
}
