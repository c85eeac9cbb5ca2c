//! `gocrm_codegen::diff`: named types, fields, enums, unions, examples and the report as a whole, each rule on a small pair of documents in both
//! directions (a removal is the reverse of an addition).

#[path = "support/diff_pair.rs"]
mod diff_pair;

use diff_pair::{at, base, both, edited, expect, remove, rename_key, report};
use gocrm_codegen::diff::{diff_bytes, Change, Class, Kind};
use gocrm_codegen::Settings;
use serde_json::{json, Value};

#[test]
fn same_document_no_changes() {
    let r = report(&base(), &base());
    assert!(r.is_empty(), "{}", r.to_text());
    assert_eq!(r.required_bump().as_str(), "none");
    assert_eq!(r.version_ok(), Some(true));
}

#[test]
fn key_order_and_formatting_do_not_count() {
    let old = base();
    let text = serde_json::to_string_pretty(&old).unwrap();
    let r = diff_bytes(
        old.to_string().as_bytes(),
        "a.json",
        text.as_bytes(),
        "b.json",
        &Settings::default(),
    )
    .unwrap();
    assert!(r.is_empty(), "{}", r.to_text());
}

// ---- types

const SCHEMAS: &str = "/components/schemas";

#[test]
fn type_added_and_removed() {
    let (ahead, back) = both(
        |d| {
            at(d, SCHEMAS).as_object_mut().unwrap().insert(
                "Owner".into(),
                json!({"type": "object", "properties": {"name": {"type": "string"}}}),
            );
        },
        (Kind::TypeAdded, Class::Additive, "types::Owner"),
        (Kind::TypeRemoved, Class::Breaking, "types::Owner"),
    );
    let added = expect(&ahead, Kind::TypeAdded, Class::Additive, "types::Owner");
    assert_eq!(added.new.as_deref(), Some("#/components/schemas/Owner"));
    let removed = expect(&back, Kind::TypeRemoved, Class::Breaking, "types::Owner");
    assert_eq!(removed.old.as_deref(), Some("#/components/schemas/Owner"));
}

#[test]
fn type_kind_alias_docs() {
    both(
        |d| *at(d, "/components/schemas/Problem") = json!({"type": "string", "enum": ["a"]}),
        (Kind::TypeKindChanged, Class::Breaking, "types::Problem"),
        (Kind::TypeKindChanged, Class::Breaking, "types::Problem"),
    );
    both(
        |d| *at(d, "/components/schemas/Tags/items") = json!({"type": "integer"}),
        (Kind::TypeAliasChanged, Class::Breaking, "types::Tags"),
        (Kind::TypeAliasChanged, Class::Breaking, "types::Tags"),
    );
    both(
        |d| *at(d, "/components/schemas/Pet/description") = json!("A pet, loved."),
        (Kind::TypeDocsChanged, Class::Docs, "types::Pet"),
        (Kind::TypeDocsChanged, Class::Docs, "types::Pet"),
    );
}

#[test]
fn default_derive_follows_required_fields_without_default() {
    // `status` (an enum, no `Default`) becomes required: `Pet` loses `Default`.
    both(
        |d| {
            at(d, "/components/schemas/Pet/required")
                .as_array_mut()
                .unwrap()
                .push(json!("status"))
        },
        (Kind::TypeDefaultRemoved, Class::Breaking, "types::Pet"),
        (Kind::TypeDefaultAdded, Class::Additive, "types::Pet"),
    );
}

// ---- fields

fn add_property(d: &mut Value, schema: &str, name: &str, prop: Value, required: bool) {
    at(d, &format!("{SCHEMAS}/{schema}/properties"))
        .as_object_mut()
        .unwrap()
        .insert(name.into(), prop);
    if required {
        let req = at(d, &format!("{SCHEMAS}/{schema}"))
            .as_object_mut()
            .unwrap()
            .entry("required")
            .or_insert(json!([]));
        req.as_array_mut().unwrap().push(json!(name));
    }
}

#[test]
fn optional_field_added_is_additive() {
    let (ahead, back) = both(
        |d| add_property(d, "Pet", "age", json!({"type": "integer"}), false),
        (Kind::FieldAdded, Class::Additive, "types::Pet::age"),
        (Kind::FieldRemoved, Class::Breaking, "types::Pet::age"),
    );
    let added = expect(&ahead, Kind::FieldAdded, Class::Additive, "types::Pet::age");
    assert_eq!(
        added.new.as_deref(),
        Some("#/components/schemas/Pet/properties/age")
    );
    assert_eq!(added.old, None);
    let removed = expect(
        &back,
        Kind::FieldRemoved,
        Class::Breaking,
        "types::Pet::age",
    );
    assert_eq!(
        removed.old.as_deref(),
        Some("#/components/schemas/Pet/properties/age")
    );
}

#[test]
fn required_field_breaks_only_types_code_sends() {
    both(
        |d| add_property(d, "NewPet", "age", json!({"type": "integer"}), true),
        (Kind::FieldAdded, Class::Breaking, "types::NewPet::age"),
        (Kind::FieldRemoved, Class::Breaking, "types::NewPet::age"),
    );
    // `Problem` is only read from responses.
    both(
        |d| add_property(d, "Problem", "code", json!({"type": "integer"}), true),
        (Kind::FieldAdded, Class::Additive, "types::Problem::code"),
        (Kind::FieldRemoved, Class::Breaking, "types::Problem::code"),
    );
}

#[test]
fn field_type_and_requiredness() {
    both(
        |d| *at(d, "/components/schemas/Pet/properties/name") = json!({"type": "integer"}),
        (Kind::FieldTypeChanged, Class::Breaking, "types::Pet::name"),
        (Kind::FieldTypeChanged, Class::Breaking, "types::Pet::name"),
    );
    both(
        |d| {
            at(d, "/components/schemas/NewPet/required")
                .as_array_mut()
                .unwrap()
                .push(json!("tag"))
        },
        (
            Kind::FieldBecameRequired,
            Class::Breaking,
            "types::NewPet::tag",
        ),
        (
            Kind::FieldBecameOptional,
            Class::Breaking,
            "types::NewPet::tag",
        ),
    );
}

#[test]
fn nullable_field_required_matters_only_when_sent() {
    // Nullable: the Rust type stays `Option<String>` either way.
    let nullable_tag = |schema: &'static str| {
        move |d: &mut Value| {
            *at(d, &format!("{SCHEMAS}/{schema}/properties/tag")) =
                json!({"type": "string", "nullable": true});
        }
    };
    let make_required = |schema: &'static str| {
        move |d: &mut Value| {
            nullable_tag(schema)(d);
            at(d, &format!("{SCHEMAS}/{schema}/required"))
                .as_array_mut()
                .unwrap()
                .push(json!("tag"));
        }
    };
    let old = edited(nullable_tag("NewPet"));
    let new = edited(make_required("NewPet"));
    expect(
        &report(&old, &new),
        Kind::FieldBecameRequired,
        Class::Breaking,
        "types::NewPet::tag",
    );
    expect(
        &report(&new, &old),
        Kind::FieldBecameOptional,
        Class::Additive,
        "types::NewPet::tag",
    );
    let old = edited(nullable_tag("Pet"));
    let new = edited(make_required("Pet"));
    expect(
        &report(&old, &new),
        Kind::FieldBecameRequired,
        Class::Docs,
        "types::Pet::tag",
    );
    expect(
        &report(&new, &old),
        Kind::FieldBecameOptional,
        Class::Docs,
        "types::Pet::tag",
    );
}

#[test]
fn field_wire_name_and_docs() {
    both(
        |d| rename_key(d, "/components/schemas/Pet/properties", "tag", "Tag"),
        (
            Kind::FieldWireNameChanged,
            Class::Breaking,
            "types::Pet::tag",
        ),
        (
            Kind::FieldWireNameChanged,
            Class::Breaking,
            "types::Pet::tag",
        ),
    );
    both(
        |d| {
            *at(d, "/components/schemas/Pet/properties/name/description") =
                json!("What it answers to.")
        },
        (Kind::FieldDocsChanged, Class::Docs, "types::Pet::name"),
        (Kind::FieldDocsChanged, Class::Docs, "types::Pet::name"),
    );
}

#[test]
fn extra_properties_map() {
    // Response types keep undeclared properties in `extra` unless the spec says false.
    let (ahead, _) = both(
        |d| {
            at(d, "/components/schemas/Pet")
                .as_object_mut()
                .unwrap()
                .insert("additionalProperties".into(), json!(false));
        },
        (
            Kind::ExtraPropertiesRemoved,
            Class::Breaking,
            "types::Pet::extra",
        ),
        (
            Kind::ExtraPropertiesAdded,
            Class::Additive,
            "types::Pet::extra",
        ),
    );
    let removed = expect(
        &ahead,
        Kind::ExtraPropertiesRemoved,
        Class::Breaking,
        "types::Pet::extra",
    );
    assert_eq!(removed.old.as_deref(), Some("#/components/schemas/Pet"));
    assert_eq!(removed.new, None);
    both(
        |d| {
            at(d, "/components/schemas/Pet")
                .as_object_mut()
                .unwrap()
                .insert("additionalProperties".into(), json!({"type": "integer"}));
        },
        (
            Kind::ExtraPropertiesTypeChanged,
            Class::Breaking,
            "types::Pet::extra",
        ),
        (
            Kind::ExtraPropertiesTypeChanged,
            Class::Breaking,
            "types::Pet::extra",
        ),
    );
}

// ---- enums and unions

#[test]
fn enum_value_added_is_additive_removed_is_breaking() {
    // Read from responses (`Status` in `Pet`) and sent in requests (`Kind` in `NewPet`).
    let (ahead, back) = both(
        |d| {
            at(d, "/components/schemas/Status/enum")
                .as_array_mut()
                .unwrap()
                .push(json!("pending"))
        },
        (
            Kind::EnumValueAdded,
            Class::Additive,
            "types::Status::Pending",
        ),
        (
            Kind::EnumValueRemoved,
            Class::Breaking,
            "types::Status::Pending",
        ),
    );
    let added = expect(
        &ahead,
        Kind::EnumValueAdded,
        Class::Additive,
        "types::Status::Pending",
    );
    assert_eq!(
        added.new.as_deref(),
        Some("#/components/schemas/Status/enum/2")
    );
    assert!(added.message.contains("Other"), "{}", added.message);
    let removed = expect(
        &back,
        Kind::EnumValueRemoved,
        Class::Breaking,
        "types::Status::Pending",
    );
    assert_eq!(
        removed.old.as_deref(),
        Some("#/components/schemas/Status/enum/2")
    );
    let (_, back) = both(
        |d| {
            at(d, "/components/schemas/Kind/enum")
                .as_array_mut()
                .unwrap()
                .push(json!("bird"))
        },
        (Kind::EnumValueAdded, Class::Additive, "types::Kind::Bird"),
        (Kind::EnumValueRemoved, Class::Breaking, "types::Kind::Bird"),
    );
    let removed = expect(
        &back,
        Kind::EnumValueRemoved,
        Class::Breaking,
        "types::Kind::Bird",
    );
    assert!(removed.message.contains("refuses"), "{}", removed.message);
}

#[test]
fn enum_variant_renamed_when_names_collide() {
    // `A` takes the variant name `A`; `a` becomes `A2`.
    let old = edited(|d| *at(d, "/components/schemas/Kind/enum") = json!(["a"]));
    let new = edited(|d| *at(d, "/components/schemas/Kind/enum") = json!(["a", "A"]));
    let r = report(&old, &new);
    expect(
        &r,
        Kind::EnumVariantRenamed,
        Class::Breaking,
        "types::Kind::A2",
    );
    expect(&r, Kind::EnumValueAdded, Class::Additive, "types::Kind::A");
    let r = report(&new, &old);
    expect(
        &r,
        Kind::EnumVariantRenamed,
        Class::Breaking,
        "types::Kind::A",
    );
}

#[test]
fn union_variants_and_tags() {
    let add_bird = |d: &mut Value| {
        at(d, SCHEMAS).as_object_mut().unwrap().insert(
            "Bird".into(),
            json!({"type": "object", "properties": {"kind": {"type": "string"}}}),
        );
        at(d, "/components/schemas/Animal/oneOf")
            .as_array_mut()
            .unwrap()
            .push(json!({"$ref": "#/components/schemas/Bird"}));
    };
    let (ahead, _) = both(
        add_bird,
        (
            Kind::UnionVariantAdded,
            Class::Additive,
            "types::Animal::Bird",
        ),
        (
            Kind::UnionVariantRemoved,
            Class::Breaking,
            "types::Animal::Bird",
        ),
    );
    let added = expect(
        &ahead,
        Kind::UnionVariantAdded,
        Class::Additive,
        "types::Animal::Bird",
    );
    assert_eq!(
        added.new.as_deref(),
        Some("#/components/schemas/Animal/oneOf/2")
    );
    both(
        |d| {
            at(d, "/components/schemas/Animal/discriminator")
                .as_object_mut()
                .unwrap()
                .insert(
                    "mapping".into(),
                    json!({"cat": "#/components/schemas/Cat", "dog": "#/components/schemas/Dog"}),
                );
        },
        (Kind::UnionTagChanged, Class::Breaking, "types::Animal::Cat"),
        (Kind::UnionTagChanged, Class::Breaking, "types::Animal::Cat"),
    );
    both(
        |d| remove(d, "/components/schemas/Animal/discriminator"),
        (Kind::UnionTagChanged, Class::Breaking, "types::Animal"),
        (Kind::UnionTagChanged, Class::Breaking, "types::Animal"),
    );
}

#[test]
fn union_variant_type_changed() {
    // An inline alternative is named after its title: keep the title, change the type.
    let inline = |ty: &'static str| {
        move |d: &mut Value| {
            *at(d, "/components/schemas/Animal") = json!({"oneOf": [{"title": "Code", "type": ty}, {"$ref": "#/components/schemas/Dog"}]});
        }
    };
    let old = edited(inline("string"));
    let new = edited(inline("integer"));
    let r = report(&old, &new);
    let changed: Vec<&Change> = r
        .changes
        .iter()
        .filter(|c| c.kind == Kind::UnionVariantTypeChanged)
        .collect();
    assert_eq!(changed.len(), 1, "{}", r.to_text());
    assert_eq!(changed[0].class, Class::Breaking);
    assert_eq!(
        changed[0].old.as_deref(),
        Some("#/components/schemas/Animal/oneOf/0")
    );
    let r = report(&new, &old);
    assert_eq!(
        r.changes
            .iter()
            .filter(|c| c.kind == Kind::UnionVariantTypeChanged)
            .count(),
        1,
        "{}",
        r.to_text()
    );
}

#[test]
fn examples_are_docs() {
    both(
        |d| *at(d, "/components/schemas/Pet/example") = json!({"id": 2, "name": "Rex"}),
        (
            Kind::ExampleChanged,
            Class::Docs,
            "example_tests::schema_pet",
        ),
        (
            Kind::ExampleChanged,
            Class::Docs,
            "example_tests::schema_pet",
        ),
    );
    both(
        |d| remove(d, "/components/schemas/Pet/example"),
        (
            Kind::ExampleRemoved,
            Class::Docs,
            "example_tests::schema_pet",
        ),
        (Kind::ExampleAdded, Class::Docs, "example_tests::schema_pet"),
    );
}

// ---- the report as a whole

#[test]
fn breaking_changes_come_first_and_bump_is_major() {
    let new = edited(|d| {
        *at(d, "/components/schemas/Pet/description") = json!("Changed.");
        at(d, "/components/schemas/Status/enum")
            .as_array_mut()
            .unwrap()
            .push(json!("pending"));
        remove(d, "/components/schemas/Pet/properties/tag");
        *at(d, "/info/version") = json!("1.1.0");
    });
    let r = report(&base(), &new);
    let classes: Vec<Class> = r.changes.iter().map(|c| c.class).collect();
    assert_eq!(
        classes,
        [Class::Breaking, Class::Additive, Class::Docs],
        "{}",
        r.to_text()
    );
    assert_eq!(r.required_bump().as_str(), "major");
    assert_eq!(r.version_ok(), Some(false));
    assert_eq!(
        r.version_warning().as_deref(),
        Some("breaking changes but info.version went 1.0.0 → 1.1.0: the client needs a major version (at least 2.0.0)")
    );
    assert!(r.has_at_least(Class::Breaking));
}

#[test]
fn dialects_and_formats_may_differ() {
    // The same API as YAML in a Swagger 2.0 document.
    let swagger = r##"
swagger: "2.0"
info: {title: Pets, version: 1.0.0}
host: api.example.com
basePath: /v1
schemes: [https]
paths:
  /pets/{id}:
    get:
      operationId: getPet
      produces: [application/json]
      parameters:
        - {name: id, in: path, required: true, type: integer, format: int64}
      responses:
        "200":
          description: The pet.
          schema: {$ref: "#/definitions/Pet"}
definitions:
  Pet:
    type: object
    required: [id]
    properties:
      id: {type: integer, format: int64}
"##;
    let openapi = json!({
        "openapi": "3.0.3",
        "info": {"title": "Pets", "version": "1.0.0"},
        "servers": [{"url": "https://api.example.com/v1"}],
        "paths": {"/pets/{id}": {"get": {
            "operationId": "getPet",
            "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer", "format": "int64"}}],
            "responses": {"200": {"description": "The pet.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}}}
        }}},
        "components": {"schemas": {"Pet": {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer", "format": "int64"}, "name": {"type": "string"}}}}}
    })
    .to_string();
    let r = diff_bytes(
        swagger.as_bytes(),
        "old.yaml",
        openapi.as_bytes(),
        "new.json",
        &Settings::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.changes.len(), 1, "{}", r.to_text());
    let added = expect(&r, Kind::FieldAdded, Class::Additive, "types::Pet::name");
    assert_eq!(
        added.new.as_deref(),
        Some("#/components/schemas/Pet/properties/name")
    );
    // Backwards: the pointer is into the Swagger text.
    let r = diff_bytes(
        openapi.as_bytes(),
        "old.json",
        swagger.as_bytes(),
        "new.yaml",
        &Settings::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let removed = expect(&r, Kind::FieldRemoved, Class::Breaking, "types::Pet::name");
    assert_eq!(
        removed.old.as_deref(),
        Some("#/components/schemas/Pet/properties/name")
    );
    assert_eq!(removed.new, None);
}

#[test]
fn unloadable_document_is_an_error_naming_it() {
    let err = diff_bytes(
        b"{",
        "broken.json",
        base().to_string().as_bytes(),
        "ok.json",
        &Settings::default(),
    )
    .err()
    .map(|e| e.to_string())
    .unwrap_or_default();
    assert!(err.starts_with("error: broken.json: #"), "{err}");
}

#[test]
fn every_kind_is_in_the_readme_rule_table() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).unwrap();
    let table: Vec<&str> = readme.lines().filter(|l| l.starts_with("| `")).collect();
    for kind in Kind::ALL {
        let cell = format!("| `{}` |", kind.as_str());
        assert!(
            table.iter().any(|l| l.starts_with(&cell)),
            "README.md's rule table lacks {cell}"
        );
    }
}
