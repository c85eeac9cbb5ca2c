//! The generated types as they were before `Deserialize` was written out: derived, with
//! `#[serde(flatten)]` for undeclared properties and `deserialize_with` on every lenient
//! field (a verbatim copy of `User` and `Center` from the committed client at that time), kept
//! to measure the change.

#![allow(clippy::all)]
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Spec: `#/definitions/Center`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Center {
    /// Уникадьный идентификатор центра
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "gocrm_generated::runtime::lenient::deserialize"
    )]
    pub id: Option<i64>,
    /// Наименование города в котором находится центр
    #[serde(deserialize_with = "gocrm_generated::runtime::lenient::deserialize")]
    pub city: String,
    /// Псевдоним города в котором находится центр
    #[serde(
        rename = "cityAlias",
        deserialize_with = "gocrm_generated::runtime::lenient::deserialize"
    )]
    pub city_alias: String,
    /// Псевдоним центра
    #[serde(
        rename = "centerAlias",
        deserialize_with = "gocrm_generated::runtime::lenient::deserialize"
    )]
    pub center_alias: String,
    /// Адрес центра
    #[serde(deserialize_with = "gocrm_generated::runtime::lenient::deserialize")]
    pub address: String,
    /// Номер телефона центра
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "gocrm_generated::runtime::lenient::deserialize"
    )]
    pub phone: Option<String>,
    /// Электронный адрес центра
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "gocrm_generated::runtime::lenient::deserialize"
    )]
    pub email: Option<String>,
    /// Идентификатор города в котором находится центр
    #[serde(
        rename = "cityId",
        deserialize_with = "gocrm_generated::runtime::lenient::deserialize"
    )]
    pub city_id: i64,
    /// Идентификатор Компании которой центр принадлежит
    #[serde(
        rename = "firmId",
        deserialize_with = "gocrm_generated::runtime::lenient::deserialize"
    )]
    pub firm_id: i64,
    /// Временная зона для центра
    #[serde(deserialize_with = "gocrm_generated::runtime::lenient::deserialize")]
    pub timezone: String,
    /// Описание для центра
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "gocrm_generated::runtime::lenient::deserialize"
    )]
    pub description: Option<String>,
    /// Широта
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "gocrm_generated::runtime::lenient::deserialize"
    )]
    pub latitude: Option<String>,
    /// Долгота
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "gocrm_generated::runtime::lenient::deserialize"
    )]
    pub longitude: Option<String>,
    /// Флаг для отображения на сайте
    #[serde(
        rename = "siteStatus",
        deserialize_with = "gocrm_generated::runtime::lenient::deserialize"
    )]
    pub site_status: bool,
    /// Properties the spec does not declare, kept as received and written back.
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}
/// Spec: `#/definitions/User`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct User {
    /// Уникадьный идентификатор пользователя
    #[serde(deserialize_with = "gocrm_generated::runtime::lenient::deserialize")]
    pub id: i64,
    /// Логин сотрудника
    #[serde(deserialize_with = "gocrm_generated::runtime::lenient::deserialize")]
    pub login: String,
    /// Имя
    #[serde(deserialize_with = "gocrm_generated::runtime::lenient::deserialize")]
    pub name: String,
    /// Паблик имя сотрудника
    #[serde(
        rename = "displayName",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "gocrm_generated::runtime::lenient::deserialize"
    )]
    pub display_name: Option<String>,
    /// Флаг для определения публичности. Если false, то в ЦРМ запретили отображать пользователя.
    #[serde(
        rename = "isDisplay",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "gocrm_generated::runtime::lenient::deserialize"
    )]
    pub is_display: Option<bool>,
    /// Бриф сотрудника
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "gocrm_generated::runtime::lenient::deserialize"
    )]
    pub description: Option<String>,
    /// ссылка на фото профиля
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "gocrm_generated::runtime::lenient::deserialize"
    )]
    pub photo: Option<String>,
    /// Идентификатор должности, 2 - Директор, 3 - Администратор, 4 - Инструктор
    #[serde(deserialize_with = "gocrm_generated::runtime::lenient::deserialize")]
    pub position: i64,
    /// Идентификатор центра
    #[serde(
        rename = "centerId",
        deserialize_with = "gocrm_generated::runtime::lenient::deserialize"
    )]
    pub center_id: i64,
    /// `center` (not described in the spec).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub center: Option<Center>,
    /// Properties the spec does not declare, kept as received and written back.
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}
