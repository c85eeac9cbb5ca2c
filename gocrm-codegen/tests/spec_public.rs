//! Checks `spec/public.json` against what the Go-CRM Swagger UI page shows
//! (see `spec/README.md`). If one of these fails after replacing the file,
//! either the page changed or the transcription is wrong: look before
//! updating the tables.

use serde_json::Value;

const SPEC_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/public.json");

fn raw() -> Vec<u8> {
    std::fs::read(SPEC_PATH).unwrap_or_else(|e| panic!("read {SPEC_PATH}: {e}"))
}

fn spec() -> Value {
    serde_json::from_slice(&raw()).expect("spec/public.json is valid JSON")
}

/// Keys of a JSON object, in document order (serde_json has preserve_order).
fn keys(v: &Value) -> Vec<&str> {
    v.as_object()
        .unwrap_or_else(|| panic!("expected an object, got {v}"))
        .keys()
        .map(String::as_str)
        .collect()
}

fn strs(v: &Value) -> Vec<&str> {
    v.as_array()
        .unwrap_or_else(|| panic!("expected an array, got {v}"))
        .iter()
        .map(|s| s.as_str().expect("array of strings"))
        .collect()
}

fn op<'a>(spec: &'a Value, path: &str, method: &str) -> &'a Value {
    let op = &spec["paths"][path][method];
    assert!(op.is_object(), "missing operation {method} {path}");
    op
}

/// (path, method, operationId, tag, data model, data is an array)
const OPERATIONS: &[(&str, &str, &str, &str, &str, bool)] = &[
    ("/leads", "post", "createLead", "leads", "Lead", false),
    ("/firms", "get", "listFirms", "firms", "Firm", true),
    ("/firms/{id}", "get", "getFirm", "firms", "Firm", false),
    ("/cities", "get", "listCities", "cities", "City", true),
    ("/cities/{id}", "get", "getCity", "cities", "City", false),
    (
        "/cities/{id}/centers",
        "get",
        "listCityCenters",
        "cities",
        "Center",
        true,
    ),
    (
        "/centers/{id}",
        "get",
        "getCenter",
        "centers",
        "Center",
        false,
    ),
    ("/users", "get", "listUsers", "users", "User", true),
];

/// (definition, properties in page order, required as the page marks with `*`)
const DEFINITIONS: &[(&str, &[&str], &[&str])] = &[
    (
        "ApiResponse",
        &["status", "message", "validation_errors", "data"],
        &["status", "data"],
    ),
    (
        "Lead",
        &[
            "id",
            "name",
            "status",
            "mail",
            "center_id",
            "phone",
            "fio",
            "birthday",
            "comment",
            "way_id",
        ],
        &["name", "center_id", "phone", "birthday"],
    ),
    (
        "Firm",
        &[
            "id",
            "nameFirm",
            "legalAddress",
            "actualAddress",
            "phone",
            "fax",
            "email",
            "ogrn",
            "inn",
            "kpp",
            "director",
            "base",
            "bank",
            "bik",
            "rs",
            "ks",
            "doc",
            "welcomeMessage",
            "createdAt",
        ],
        &[],
    ),
    (
        "City",
        &["id", "alias", "name", "site", "countryId", "mobileAppWayId"],
        &["alias", "name"],
    ),
    (
        "Center",
        &[
            "id",
            "city",
            "cityAlias",
            "centerAlias",
            "address",
            "phone",
            "email",
            "cityId",
            "firmId",
            "timezone",
            "description",
            "latitude",
            "longitude",
            "siteStatus",
        ],
        &[
            "city",
            "cityAlias",
            "centerAlias",
            "address",
            "cityId",
            "firmId",
            "timezone",
            "siteStatus",
        ],
    ),
    (
        "User",
        &[
            "id",
            "login",
            "name",
            "displayName",
            "isDisplay",
            "description",
            "photo",
            "position",
            "centerId",
            "center",
        ],
        &["id", "login", "name", "position", "centerId"],
    ),
];

#[test]
fn header_matches_page() {
    let s = spec();
    assert_eq!(s["swagger"], "2.0");
    assert_eq!(s["info"]["title"], "Go-CRM Public API");
    assert_eq!(s["info"]["version"], "3.0.2");
    assert_eq!(
        s["info"]["description"],
        "Представленные в этом разделе методы публичны и не требуют аутентификации."
    );
    assert_eq!(s["host"], "beta.go-crm.ru");
    assert_eq!(s["basePath"], "/api/v3");
    assert_eq!(strs(&s["schemes"]), ["https"]);
    assert_eq!(strs(&s["consumes"]), ["application/json"]);
    assert_eq!(strs(&s["produces"]), ["application/json"]);
}

#[test]
fn tags_in_page_order() {
    let expected = [
        ("leads", "Работа с Заявками"),
        ("firms", "Работа с Компаниями"),
        ("cities", "Работа с Городами"),
        ("centers", "Работа с Центрами"),
        ("users", "Работа с Сотрудниками"),
    ];
    let s = spec();
    let tags: Vec<(&str, &str)> = s["tags"]
        .as_array()
        .expect("tags")
        .iter()
        .map(|t| {
            (
                t["name"].as_str().unwrap(),
                t["description"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(tags, expected);
}

#[test]
fn exactly_the_eight_operations() {
    let s = spec();
    let mut found = Vec::new();
    for (path, item) in s["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("path item") {
            found.push((
                path.as_str(),
                method.as_str(),
                op["operationId"].as_str().unwrap(),
            ));
        }
    }
    let expected: Vec<_> = OPERATIONS
        .iter()
        .map(|&(p, m, id, ..)| (p, m, id))
        .collect();
    assert_eq!(found, expected);

    for &(path, method, _, tag, ..) in OPERATIONS {
        let op = op(&s, path, method);
        assert_eq!(strs(&op["tags"]), [tag], "{method} {path}");
        let summary = op["summary"].as_str().unwrap_or_default();
        assert!(!summary.is_empty(), "{method} {path}: empty summary");
        let description = op["description"].as_str().unwrap_or_default();
        assert!(
            description.starts_with("Метод позволяет "),
            "{method} {path}"
        );
        assert!(
            description.contains("\nВ случае возникновения ошибок, вам вернётся исходный объект"),
            "{method} {path}"
        );
        assert!(!description.ends_with('\n'), "{method} {path}");
    }
}

#[test]
fn verbatim_texts_with_their_typos() {
    let s = spec();
    let create = op(&s, "/leads", "post");
    assert_eq!(create["summary"], "Добавление новой заявки в ЦРМ");
    let d = create["description"].as_str().unwrap();
    assert!(d.contains("объект данных, содержищий информацию о созданной заявке"));
    assert!(d.contains("а так же сообщение об ощибке.\n"));
    assert!(d.ends_with(
        "дополнительно система вернёт:\n\n\"message\":\"Validation error\",,\n\
         \"validation_errors\":\"{ \"name\": \"The name field is required.\" }\"."
    ));
    assert_eq!(
        op(&s, "/firms/{id}", "get")["summary"],
        "Получение информации об конкретной Компании"
    );
    assert_eq!(
        op(&s, "/firms", "get")["description"],
        "Метод позволяет получить список Компаний, существующих в ЦРМ.\n\
         В случае успеха, в ответе вы получите массив объектов данных, содержащих информацию о Компании.\n\
         В случае возникновения ошибок, вам вернётся исходный объект с переданными данными, а так же сообщение об ошибке."
    );
}

#[test]
fn path_id_parameters() {
    let expected = [
        ("/firms/{id}", "Идентификатор компании"),
        ("/cities/{id}", "Идентификатор города"),
        // The page says "centre" here, not "city": kept verbatim.
        ("/cities/{id}/centers", "Идентификатор центра"),
        ("/centers/{id}", "Идентификатор центра"),
    ];
    let s = spec();
    for (path, description) in expected {
        let params = op(&s, path, "get")["parameters"].as_array().unwrap();
        assert_eq!(params.len(), 1, "{path}");
        let p = &params[0];
        assert_eq!(p["name"], "id", "{path}");
        assert_eq!(p["in"], "path", "{path}");
        assert_eq!(p["required"], true, "{path}");
        assert_eq!(p["type"], "integer", "{path}");
        assert_eq!(p["format"], "int64", "{path}");
        assert_eq!(p["description"], description, "{path}");
    }
    for path in ["/firms", "/cities"] {
        assert!(op(&s, path, "get").get("parameters").is_none(), "{path}");
    }
}

#[test]
fn users_query_parameters() {
    // (name, type, format)
    let expected = [
        ("centerId", "integer", Some("int64")),
        ("isDisplay", "boolean", None),
        ("position", "integer", Some("int64")),
    ];
    let s = spec();
    let params = op(&s, "/users", "get")["parameters"].as_array().unwrap();
    assert_eq!(params.len(), expected.len());
    for (p, (name, ty, format)) in params.iter().zip(expected) {
        assert_eq!(p["name"], name);
        assert_eq!(p["in"], "query", "{name}");
        assert_eq!(p["required"], false, "{name}");
        assert_eq!(p["type"], ty, "{name}");
        assert_eq!(p["format"].as_str(), format, "{name}");
        assert!(
            p.get("description").is_none(),
            "{name}: the page shows none"
        );
    }
}

#[test]
fn create_lead_body_is_inline() {
    // (property, type, format) in the order of the page's example
    let expected = [
        ("fio", "string", None),
        ("name", "string", None),
        ("phone", "string", None),
        ("center_id", "integer", Some("int64")),
        ("birthday", "string", None),
        ("mail", "string", None),
        ("comment", "string", None),
        ("utm", "string", None),
        ("way_id", "integer", Some("int64")),
        ("bot", "string", None),
    ];
    let s = spec();
    let params = op(&s, "/leads", "post")["parameters"].as_array().unwrap();
    assert_eq!(params.len(), 1);
    let body = &params[0];
    assert_eq!(body["name"], "body");
    assert_eq!(body["in"], "body");
    assert_eq!(body["required"], true);
    assert_eq!(body["description"], "Объект данных для создания заявки");
    let schema = &body["schema"];
    assert!(schema.get("$ref").is_none(), "inline, not $ref Lead");
    assert_eq!(schema["type"], "object");
    assert_eq!(
        strs(&schema["required"]),
        ["name", "phone", "center_id", "birthday"]
    );
    let props = &schema["properties"];
    let names: Vec<_> = expected.iter().map(|e| e.0).collect();
    assert_eq!(keys(props), names);
    for (name, ty, format) in expected {
        assert_eq!(props[name]["type"], ty, "{name}");
        assert_eq!(props[name]["format"].as_str(), format, "{name}");
    }
    assert_eq!(
        props["center_id"]["description"],
        "Идентификатор центра посещения"
    );
    // The example is the page's, property order included, lies included.
    let example = &schema["example"];
    assert_eq!(keys(example), names);
    assert_eq!(example["center_id"], "1");
    assert_eq!(example["birthday"], "18.11.2019");
    assert_eq!(example["way_id"], 1);
    assert_eq!(example["bot"], "");
}

#[test]
fn definitions_properties_and_required() {
    let s = spec();
    let defs = &s["definitions"];
    let names: Vec<_> = DEFINITIONS.iter().map(|d| d.0).collect();
    assert_eq!(keys(defs), names);
    for &(name, props, required) in DEFINITIONS {
        let def = &defs[name];
        assert_eq!(def["type"], "object", "{name}");
        assert_eq!(keys(&def["properties"]), props, "{name}");
        match def.get("required") {
            None => assert!(required.is_empty(), "{name}: required missing"),
            Some(r) => assert_eq!(strs(r), required, "{name}"),
        }
        for (prop, schema) in def["properties"].as_object().unwrap() {
            if schema.get("$ref").is_some() {
                continue;
            }
            assert!(
                schema.get("example").is_some() || prop == "status",
                "{name}.{prop}: no example"
            );
        }
    }
}

#[test]
fn representative_property_types() {
    // (definition, property, type, format)
    let expected = [
        ("Lead", "id", "integer", Some("int64")),
        ("Lead", "center_id", "integer", Some("int64")),
        ("Lead", "birthday", "string", None),
        ("Firm", "createdAt", "string", None),
        ("City", "countryId", "integer", Some("int64")),
        ("City", "mobileAppWayId", "integer", None),
        ("Center", "siteStatus", "boolean", None),
        ("Center", "latitude", "string", None),
        ("User", "isDisplay", "boolean", None),
        ("User", "position", "integer", Some("int64")),
        ("ApiResponse", "validation_errors", "object", None),
        ("ApiResponse", "data", "object", None),
    ];
    let s = spec();
    for (def, prop, ty, format) in expected {
        let p = &s["definitions"][def]["properties"][prop];
        assert_eq!(p["type"], ty, "{def}.{prop}");
        assert_eq!(p["format"].as_str(), format, "{def}.{prop}");
    }
    let defs = &s["definitions"];
    assert_eq!(
        defs["User"]["properties"]["center"],
        serde_json::json!({"$ref": "#/definitions/Center"})
    );
    // Examples typed as the page shows them.
    assert_eq!(defs["Lead"]["properties"]["id"]["example"], 12345);
    assert_eq!(defs["Center"]["properties"]["siteStatus"]["example"], 1);
    assert_eq!(defs["User"]["properties"]["isDisplay"]["example"], true);
    assert_eq!(defs["City"]["properties"]["countryId"]["default"], 20);
    assert_eq!(defs["ApiResponse"]["properties"]["message"]["example"], "");
    assert!(defs["Lead"]["properties"]["way_id"]
        .get("description")
        .is_none());

    let status = &defs["ApiResponse"]["properties"]["status"];
    assert_eq!(status["type"], "string");
    assert_eq!(
        status["description"],
        "Статус выполнения операции на сервере"
    );
    assert_eq!(strs(&status["enum"]), ["success", "fail", "error"]);
}

#[test]
fn responses_are_enveloped() {
    let s = spec();
    for &(path, method, _, _, model, is_array) in OPERATIONS {
        let responses = &op(&s, path, method)["responses"];
        assert_eq!(keys(responses), ["200"], "{method} {path}");
        let ok = &responses["200"];
        assert_eq!(
            ok["description"], "Пример ответа от сервера",
            "{method} {path}"
        );
        let all_of = ok["schema"]["allOf"].as_array().expect("allOf");
        assert_eq!(all_of.len(), 2, "{method} {path}");
        assert_eq!(
            all_of[0]["$ref"], "#/definitions/ApiResponse",
            "{method} {path}"
        );
        assert_eq!(all_of[1]["type"], "object", "{method} {path}");
        assert_eq!(keys(&all_of[1]["properties"]), ["data"], "{method} {path}");
        let data = &all_of[1]["properties"]["data"];
        let model_ref = format!("#/definitions/{model}");
        if is_array {
            assert_eq!(data["type"], "array", "{method} {path}");
            assert_eq!(data["items"]["$ref"], model_ref.as_str(), "{method} {path}");
        } else {
            assert_eq!(data["$ref"], model_ref.as_str(), "{method} {path}");
        }

        let example = &ok["examples"]["application/json"];
        assert_eq!(example["status"], "success", "{method} {path}");
        assert_eq!(example["message"], "", "{method} {path}");
        assert_eq!(example["data"].is_array(), is_array, "{method} {path}");
        let first = if is_array {
            &example["data"][0]
        } else {
            &example["data"]
        };
        // Every example on the page carries the id as a string.
        assert_eq!(first["id"], "12345", "{method} {path}");
    }
    // Only createLead's example shows validation_errors.
    let lead_example =
        &op(&s, "/leads", "post")["responses"]["200"]["examples"]["application/json"];
    assert_eq!(
        keys(lead_example),
        ["status", "message", "validation_errors", "data"]
    );
    assert_eq!(lead_example["data"]["center_id"], "1");
    let center =
        &op(&s, "/centers/{id}", "get")["responses"]["200"]["examples"]["application/json"];
    assert_eq!(center["data"]["siteStatus"], 1);
}

#[test]
fn utf8_cyrillic_as_is_and_trailing_newline() {
    let bytes = raw();
    let text = std::str::from_utf8(&bytes).expect("valid UTF-8");
    assert!(
        !text.contains("\\u04"),
        "Cyrillic must be written as-is, not \\u-escaped"
    );
    assert!(text.contains("Работа с Заявками"));
    assert!(text.ends_with("}\n"), "ends with a single newline");
    assert!(!text.ends_with("\n\n"));
    assert!(!text.starts_with('\u{feff}'), "no BOM");
}
