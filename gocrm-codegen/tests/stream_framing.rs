//! The runtime's framing of streamed answers (runtime/framing.rs, compiled here on its own):
//! JSON Lines, JSON text sequences and server-sent events give the same items however the
//! body is cut into chunks.

#[path = "../runtime/framing.rs"]
#[allow(dead_code)]
mod framing;

use framing::{Deframer, Event, Frame, Framing, TooLarge};

/// All frames of `chunks` fed in order, then the end of the body.
fn frames(framing: Framing, chunks: &[&[u8]], max: usize) -> Result<Vec<Frame>, TooLarge> {
    let mut deframer = Deframer::new(framing, max);
    let mut out = Vec::new();
    for chunk in chunks {
        deframer.push(chunk);
        while let Some(frame) = deframer.next_frame()? {
            out.push(frame);
        }
    }
    loop {
        match deframer.next_frame()? {
            Some(frame) => out.push(frame),
            None => match deframer.finish()? {
                Some(frame) => out.push(frame),
                None => return Ok(out),
            },
        }
    }
}

/// The frames of `body` whole, cut once at every position, and fed byte by byte: all equal.
fn frames_any_cut(framing: Framing, body: &[u8]) -> Vec<Frame> {
    let whole = frames(framing, &[body], 1 << 20).expect("whole");
    for cut in 0..=body.len() {
        let (a, b) = body.split_at(cut);
        assert_eq!(
            frames(framing, &[a, b], 1 << 20).expect("cut"),
            whole,
            "cut at {cut}"
        );
    }
    let bytes: Vec<&[u8]> = body.chunks(1).collect();
    assert_eq!(frames(framing, &bytes, 1 << 20).expect("bytes"), whole);
    whole
}

fn json(text: &str) -> Frame {
    Frame::Json(text.as_bytes().to_vec())
}

#[test]
fn json_lines_split_on_line_feeds_with_crlf_and_blank_lines() {
    let body = b"{\"a\":1}\r\n\n  \n{\"a\":2}\n[1,\n2]\n{\"a\":3}";
    assert_eq!(
        frames_any_cut(Framing::JsonLines, body),
        vec![
            json("{\"a\":1}"),
            json("{\"a\":2}"),
            json("[1,"),
            json("2]"),
            json("{\"a\":3}")
        ]
    );
}

#[test]
fn json_seq_records_start_with_the_separator() {
    // Pretty-printed texts span lines; junk before the first separator is skipped; a record
    // cut short (`{"b":`) is still handed over to fail decoding where the caller sees it.
    let body = b"junk\x1e{\"a\":1}\n\x1e{\n \"a\": 2\n}\n\x1e\"text\"\n\x1e\n\x1e{\"b\":\n\x1e42\n";
    assert_eq!(
        frames_any_cut(Framing::JsonSeq, body),
        vec![
            json("{\"a\":1}"),
            json("{\n \"a\": 2\n}"),
            json("\"text\""),
            json("{\"b\":\n"),
            json("42"),
        ]
    );
}

#[test]
fn json_seq_takes_a_record_at_its_line_feed_without_waiting_for_the_next() {
    let mut deframer = Deframer::new(Framing::JsonSeq, 1024);
    deframer.push(b"\x1e{\"a\":1}\n");
    assert_eq!(deframer.next_frame(), Ok(Some(json("{\"a\":1}"))));
    deframer.push(b"\x1e{\"a\":");
    assert_eq!(deframer.next_frame(), Ok(None));
}

fn event(
    event: Option<&str>,
    data: &str,
    id: Option<&str>,
    retry: Option<u64>,
    raw: &str,
) -> Frame {
    Frame::Event(Event {
        event: event.map(str::to_owned),
        data: data.to_owned(),
        id: id.map(str::to_owned),
        retry,
        raw: raw.to_owned(),
    })
}

#[test]
fn events_follow_the_whatwg_rules() {
    // A BOM; CR, LF and CRLF line ends; a comment; `data` lines joined; one space stripped
    // (not two); a field without a colon; an event with no data is not dispatched (but its
    // id is kept); the last event, not closed by a blank line, is dropped.
    let body = "\u{feff}: keep-alive\r\n\
                event: add\r\n\
                data: {\"a\":\r\n\
                data:  1}\r\n\
                id: 7\r\n\
                retry: 1500\r\n\
                \r\n\
                data\r\r\
                id: 8\n\
                unknown: x\n\n\
                data: second\n\n\
                data: never dispatched\n"
        .as_bytes();
    assert_eq!(
        frames_any_cut(Framing::EventStream, body),
        vec![
            event(
                Some("add"),
                "{\"a\":\n 1}",
                Some("7"),
                Some(1500),
                ": keep-alive\nevent: add\ndata: {\"a\":\ndata:  1}\nid: 7\nretry: 1500\n"
            ),
            event(None, "", Some("7"), None, "data\n"),
            event(None, "second", Some("8"), None, "data: second\n"),
        ]
    );
}

#[test]
fn items_over_the_limit_are_refused() {
    let long = format!("{{\"a\":\"{}\"}}\n", "x".repeat(100));
    for framing in [Framing::JsonLines, Framing::JsonSeq, Framing::EventStream] {
        let body = match framing {
            Framing::JsonLines => long.clone(),
            Framing::JsonSeq => format!("\x1e{long}"),
            Framing::EventStream => format!("data: {long}\n"),
        };
        // Whole, and in small chunks (the limit holds before the item is complete).
        let err = frames(framing, &[body.as_bytes()], 50).expect_err("too large");
        assert_eq!(err.limit, 50);
        let chunks: Vec<&[u8]> = body.as_bytes().chunks(7).collect();
        let err = frames(framing, &chunks, 50).expect_err("too large in chunks");
        assert!(err.partial.len() <= 50, "{framing:?}");
        assert!(frames(framing, &[body.as_bytes()], 500).is_ok());
    }
}

#[test]
fn media_types_name_their_framing() {
    assert_eq!(
        Framing::of_media_type("application/jsonl"),
        Some(Framing::JsonLines)
    );
    assert_eq!(
        Framing::of_media_type("Application/X-NDJSON; charset=utf-8"),
        Some(Framing::JsonLines)
    );
    assert_eq!(
        Framing::of_media_type("application/json-seq"),
        Some(Framing::JsonSeq)
    );
    assert_eq!(
        Framing::of_media_type("text/event-stream"),
        Some(Framing::EventStream)
    );
    assert_eq!(Framing::of_media_type("application/json"), None);
}
