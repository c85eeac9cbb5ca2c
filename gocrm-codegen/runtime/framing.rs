//! Splitting a streamed body into its items as the bytes arrive: JSON Lines / NDJSON, JSON text
//! sequences (RFC 7464) and server-sent events (the WHATWG `text/event-stream` rules).
//!
//! Only the part of the body that is not a whole item yet is kept, and no item may grow past
//! a limit, so memory stays bounded whatever the server sends. This module uses nothing but
//! `std` and `serde_json`, which lets the generator's tests include it on its own.

/// How the items of a sequential media type are delimited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    /// `application/jsonl`, `application/x-ndjson` (and `application/x-jsonlines`): one JSON
    /// text per line; `\r\n` is taken as a line end and blank lines are skipped.
    JsonLines,
    /// `application/json-seq` (RFC 7464): each JSON text starts with the record separator
    /// `0x1E` and ends with a line feed.
    JsonSeq,
    /// `text/event-stream`: events separated by blank lines.
    EventStream,
}

impl Framing {
    /// The framing of a media type (parameters and case ignored); `None` when it is not a
    /// sequential media type.
    pub fn of_media_type(media_type: &str) -> Option<Framing> {
        let essence = media_type.split(';').next().unwrap_or("").trim();
        match essence.to_ascii_lowercase().as_str() {
            "application/jsonl" | "application/x-ndjson" | "application/x-jsonlines" => {
                Some(Framing::JsonLines)
            }
            "application/json-seq" => Some(Framing::JsonSeq),
            "text/event-stream" => Some(Framing::EventStream),
            _ => None,
        }
    }
}

/// One server-sent event, as the WHATWG rules assemble it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Event {
    /// The `event` field; `None` for the default type (`message`).
    pub event: Option<String>,
    /// The `data` lines joined with `\n` (one leading space of each value removed).
    pub data: String,
    /// The last event ID: the latest `id` field of this or an earlier event.
    pub id: Option<String>,
    /// The `retry` field of this event (milliseconds), when it was all digits.
    pub retry: Option<u64>,
    /// The event's lines exactly as received (invalid UTF-8 replaced), for errors.
    pub raw: String,
}

/// One complete item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Frame {
    /// A JSON text: a line, or an RFC 7464 record without its separator and line feed.
    Json(Vec<u8>),
    /// A server-sent event.
    Event(Event),
}

/// An item grew past the limit before it was complete.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooLarge {
    /// The limit, in bytes.
    pub limit: usize,
    /// The start of the item (up to the limit).
    pub partial: Vec<u8>,
}

/// The default limit on one item: 16 MiB.
pub const DEFAULT_MAX_ITEM_SIZE: usize = 16 * 1024 * 1024;

/// Turns the chunks of a body into [`Frame`]s: [`Deframer::push`] each chunk, then take
/// frames with [`Deframer::next_frame`] until it returns `None`; at the end of the body
/// [`Deframer::finish`] returns what was left.
#[derive(Debug)]
pub struct Deframer {
    framing: Framing,
    max_item: usize,
    /// The bytes not yet taken (an incomplete item, or lines not yet read).
    buf: Vec<u8>,
    /// How far `buf` was searched for a delimiter without finding one.
    scanned: usize,
    /// Whether the previous line ended with a CR, so a LF at the start of `buf` is part of
    /// that line end (a CRLF split between two chunks).
    after_cr: bool,
    /// Whether the byte-order mark at the start of an event stream was dealt with.
    started: bool,
    /// The event being assembled (event streams).
    event: Event,
    /// Whether any `data` line came since the last dispatch.
    has_data: bool,
    /// The last event ID, kept across events.
    last_id: Option<String>,
}

impl Deframer {
    pub fn new(framing: Framing, max_item: usize) -> Self {
        Self {
            framing,
            max_item: max_item.max(1),
            buf: Vec::new(),
            scanned: 0,
            after_cr: false,
            started: false,
            event: Event::default(),
            has_data: false,
            last_id: None,
        }
    }

    pub fn framing(&self) -> Framing {
        self.framing
    }

    /// Adds the next chunk of the body.
    pub fn push(&mut self, chunk: &[u8]) {
        self.buf.extend_from_slice(chunk);
    }

    /// The next complete item, if the bytes pushed so far hold one.
    pub fn next_frame(&mut self) -> Result<Option<Frame>, TooLarge> {
        match self.framing {
            Framing::JsonLines => self.next_line_item(),
            Framing::JsonSeq => self.next_record(false),
            Framing::EventStream => self.next_event(),
        }
    }

    /// At the end of the body: the last item when the body did not end with its delimiter (a
    /// JSON line or record without its line feed). An event not closed by a blank line is
    /// dropped, as the WHATWG rules say.
    pub fn finish(&mut self) -> Result<Option<Frame>, TooLarge> {
        match self.framing {
            Framing::JsonLines => {
                let line = std::mem::take(&mut self.buf);
                self.scanned = 0;
                Ok(json_text(trim_cr(&line)).map(Frame::Json))
            }
            Framing::JsonSeq => self.next_record(true),
            Framing::EventStream => {
                self.buf.clear();
                Ok(None)
            }
        }
    }

    /// The bytes of the item not yet complete (for an error when the body stops early).
    pub fn pending(&self) -> &[u8] {
        &self.buf
    }

    fn too_large(&self) -> TooLarge {
        TooLarge {
            limit: self.max_item,
            partial: self.buf.iter().take(self.max_item).copied().collect(),
        }
    }

    fn next_line_item(&mut self) -> Result<Option<Frame>, TooLarge> {
        loop {
            let Some(end) = find(&self.buf, self.scanned, b'\n') else {
                if self.buf.len() > self.max_item {
                    return Err(self.too_large());
                }
                self.scanned = self.buf.len();
                return Ok(None);
            };
            if end > self.max_item {
                return Err(self.too_large());
            }
            let line: Vec<u8> = self.buf.drain(..=end).collect();
            self.scanned = 0;
            // The line without its `\n`.
            let line = line.split_last().map_or(&[][..], |(_, rest)| rest);
            if let Some(text) = json_text(trim_cr(line)) {
                return Ok(Some(Frame::Json(text)));
            }
        }
    }

    /// RFC 7464: a record runs from a `0x1E` to the next one. It is taken at a line feed as
    /// soon as what came before is one whole JSON text (so an item is not held back until the
    /// next one starts), else at the next separator or the end of the body (`at_end`).
    fn next_record(&mut self, at_end: bool) -> Result<Option<Frame>, TooLarge> {
        loop {
            // Anything before the first separator is not a record (RFC 7464 §2.1: skipped).
            match self.buf.iter().position(|&b| b == 0x1E) {
                Some(0) => {}
                Some(start) => {
                    self.buf.drain(..start);
                    self.scanned = 0;
                }
                None => {
                    self.buf.clear();
                    self.scanned = 0;
                    return Ok(None);
                }
            }
            let mut cut = None;
            let mut from = self.scanned.max(1);
            while let Some(at) = find_either(&self.buf, from, b'\n', 0x1E) {
                let separator = self.buf.get(at) == Some(&0x1E);
                if separator || is_whole_json(self.buf.get(1..at).unwrap_or_default()) {
                    cut = Some(at);
                    break;
                }
                from = at + 1;
            }
            let end = match (cut, at_end) {
                (Some(at), _) => at,
                (None, true) if self.buf.len() > 1 => self.buf.len(),
                (None, true) => {
                    self.buf.clear();
                    return Ok(None);
                }
                (None, false) => {
                    if self.buf.len() > self.max_item {
                        return Err(self.too_large());
                    }
                    // A line feed already tried is not tried again.
                    self.scanned = from.min(self.buf.len());
                    return Ok(None);
                }
            };
            if end > self.max_item + 1 {
                return Err(self.too_large());
            }
            let record: Vec<u8> = self.buf.drain(..end).collect();
            if self.buf.first() == Some(&b'\n') {
                self.buf.remove(0);
            }
            self.scanned = 0;
            if let Some(text) = json_text(record.get(1..).unwrap_or_default()) {
                return Ok(Some(Frame::Json(text)));
            }
        }
    }

    fn next_event(&mut self) -> Result<Option<Frame>, TooLarge> {
        if !self.started {
            // A UTF-8 byte-order mark may start the stream; wait until it can be told apart.
            if self.buf.len() < 3 && b"\xEF\xBB\xBF".starts_with(&self.buf) {
                return Ok(None);
            }
            if self.buf.starts_with(b"\xEF\xBB\xBF") {
                self.buf.drain(..3);
            }
            self.started = true;
        }
        loop {
            // Whether a CR ended the last line can only be settled once the next byte is here.
            match self.buf.first() {
                None => return Ok(None),
                Some(b'\n') if self.after_cr => {
                    self.buf.remove(0);
                    self.scanned = 0;
                    self.after_cr = false;
                    continue;
                }
                Some(_) => self.after_cr = false,
            }
            let Some(end) = find_either(&self.buf, self.scanned, b'\n', b'\r') else {
                if self.buf.len() + self.event.raw.len() > self.max_item {
                    return Err(self.too_large());
                }
                self.scanned = self.buf.len();
                return Ok(None);
            };
            if end + self.event.raw.len() > self.max_item {
                return Err(self.too_large());
            }
            self.after_cr = self.buf.get(end) == Some(&b'\r');
            let line: Vec<u8> = self.buf.drain(..=end).collect();
            self.scanned = 0;
            let line = line.split_last().map_or(&[][..], |(_, rest)| rest);
            let line = String::from_utf8_lossy(line).into_owned();
            if let Some(event) = self.event_line(line) {
                return Ok(Some(Frame::Event(event)));
            }
        }
    }

    /// Applies one line of an event stream; a blank line dispatches the event, if it had data.
    fn event_line(&mut self, line: String) -> Option<Event> {
        if line.is_empty() {
            let mut event = std::mem::take(&mut self.event);
            let had_data = std::mem::take(&mut self.has_data);
            if !had_data {
                return None;
            }
            if event.data.ends_with('\n') {
                event.data.pop();
            }
            event.id = self.last_id.clone();
            return Some(event);
        }
        self.event.raw.push_str(&line);
        self.event.raw.push('\n');
        if line.starts_with(':') {
            return None; // A comment (often a keep-alive).
        }
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line.as_str(), ""),
        };
        match field {
            "data" => {
                self.event.data.push_str(value);
                self.event.data.push('\n');
                self.has_data = true;
            }
            "event" => self.event.event = Some(value.to_owned()).filter(|v| !v.is_empty()),
            "id" if !value.contains('\0') => {
                self.last_id = Some(value.to_owned()).filter(|v| !v.is_empty());
            }
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                self.event.retry = value.parse().ok();
            }
            _ => {} // Unknown fields are ignored.
        }
        None
    }
}

/// The first `byte` in `buf` at or after `from`.
fn find(buf: &[u8], from: usize, byte: u8) -> Option<usize> {
    buf.get(from..)?
        .iter()
        .position(|&b| b == byte)
        .map(|i| i + from)
}

/// The first `a` or `b` in `buf` at or after `from`.
fn find_either(buf: &[u8], from: usize, a: u8, b: u8) -> Option<usize> {
    buf.get(from..)?
        .iter()
        .position(|&c| c == a || c == b)
        .map(|i| i + from)
}

fn trim_cr(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// The text of an item, or `None` when it is only whitespace (a blank line is no item).
fn json_text(bytes: &[u8]) -> Option<Vec<u8>> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        None
    } else {
        Some(bytes.to_vec())
    }
}

/// Whether `bytes` is one whole JSON text (a record that may be taken at its line feed).
fn is_whole_json(bytes: &[u8]) -> bool {
    !bytes.iter().all(u8::is_ascii_whitespace)
        && serde_json::from_slice::<serde::de::IgnoredAny>(bytes).is_ok()
}
