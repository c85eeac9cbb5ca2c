//! A `tracing-subscriber` layer that keeps every span and event (with all their fields) for a
//! test to inspect. Shared by the tracing tests of gocrm-generated and examples/gocrm-partner.

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::sync::{Arc, Mutex};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;

/// A span as it ended up: its name and every field recorded on it.
#[derive(Debug, Clone)]
pub struct CapturedSpan {
    pub name: String,
    pub fields: BTreeMap<String, String>,
}

/// An event: its level, the span it happened in, and its fields (`message` included).
#[derive(Debug, Clone)]
pub struct CapturedEvent {
    pub level: Level,
    pub span: Option<String>,
    pub fields: BTreeMap<String, String>,
}

#[derive(Default)]
struct Store {
    spans: Vec<CapturedSpan>,
    /// Span id → index in `spans` (ids are reused after a span closes; the latest wins).
    ids: BTreeMap<u64, usize>,
    events: Vec<CapturedEvent>,
}

/// What the layer saw; clones share it.
#[derive(Clone, Default)]
pub struct Captured(Arc<Mutex<Store>>);

impl Captured {
    pub fn spans(&self) -> Vec<CapturedSpan> {
        self.0.lock().map(|s| s.spans.clone()).unwrap_or_default()
    }

    pub fn spans_named(&self, name: &str) -> Vec<CapturedSpan> {
        self.spans()
            .into_iter()
            .filter(|s| s.name == name)
            .collect()
    }

    pub fn events(&self) -> Vec<CapturedEvent> {
        self.0.lock().map(|s| s.events.clone()).unwrap_or_default()
    }

    /// Every span and event, names and values, as one text to search for secrets.
    pub fn all_text(&self) -> String {
        let mut text = String::new();
        for span in self.spans() {
            text.push_str(&format!("{} {:?}\n", span.name, span.fields));
        }
        for event in self.events() {
            text.push_str(&format!(
                "{} {:?} {:?}\n",
                event.level, event.span, event.fields
            ));
        }
        text
    }
}

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }
}

struct CaptureLayer(Captured);

impl<S> Layer<S> for CaptureLayer
where
    S: Subscriber + for<'a> LookupSpan<'a>,
{
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, _ctx: Context<'_, S>) {
        let mut fields = BTreeMap::new();
        attrs.record(&mut Fields(&mut fields));
        if let Ok(mut store) = self.0 .0.lock() {
            store.spans.push(CapturedSpan {
                name: attrs.metadata().name().to_owned(),
                fields,
            });
            let index = store.spans.len() - 1;
            store.ids.insert(id.into_u64(), index);
        }
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, _ctx: Context<'_, S>) {
        if let Ok(mut store) = self.0 .0.lock() {
            let Some(&index) = store.ids.get(&id.into_u64()) else {
                return;
            };
            if let Some(span) = store.spans.get_mut(index) {
                values.record(&mut Fields(&mut span.fields));
            }
        }
    }

    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        let mut fields = BTreeMap::new();
        event.record(&mut Fields(&mut fields));
        let span = ctx.event_span(event).map(|s| s.name().to_owned());
        if let Ok(mut store) = self.0 .0.lock() {
            store.events.push(CapturedEvent {
                level: *event.metadata().level(),
                span,
                fields,
            });
        }
    }
}

/// Captures everything traced on this thread until the guard is dropped (a current-thread
/// tokio runtime keeps the client's tasks on it).
pub fn capture() -> (Captured, tracing::subscriber::DefaultGuard) {
    let captured = Captured::default();
    let subscriber = tracing_subscriber::registry().with(CaptureLayer(captured.clone()));
    let guard = tracing::subscriber::set_default(subscriber);
    (captured, guard)
}
