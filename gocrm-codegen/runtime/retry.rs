//! When and how long to wait before sending a safe request again.

use super::error::Error;

/// When to send a request again after a failure. The default is never.
///
/// Only safe methods (`GET`, `HEAD`, `OPTIONS`, `TRACE`) are ever retried, whatever the policy
/// (or the server's `Retry-After`) says: a `POST` that reached the server may have created
/// something (a lead must never be created twice), so it is sent exactly once. A request is
/// retried after a transport failure (connection refused or reset, timeout, a body cut off) or a
/// `429`, `502`, `503` or `504` answer; the wait starts at `backoff` and doubles each time, up to
/// `max_backoff`.
///
/// When such an answer carries `Retry-After` (seconds, or an HTTP date; see
/// [`parse_retry_after`]), the client waits at least that long: the wait is the longer of the
/// server's and the policy's own. `max_backoff` caps what the client accepts from the server
/// too: when the server asks for longer, the request is not retried and the answer is returned
/// as received (the server said "not now", so asking earlier would only add load). A
/// `Retry-After` that cannot be read is ignored and the policy's own backoff applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (0: no retry).
    pub max_retries: u32,
    /// The wait before the first retry.
    pub backoff: std::time::Duration,
    /// The longest wait between two attempts, whether the policy's own or the server's
    /// `Retry-After`: an answer that asks for longer is returned instead of being retried.
    pub max_backoff: std::time::Duration,
}

impl Default for RetryPolicy {
    /// No retry.
    fn default() -> Self {
        Self::none()
    }
}

impl RetryPolicy {
    /// No retry: every request is sent once.
    pub const fn none() -> Self {
        Self {
            max_retries: 0,
            backoff: std::time::Duration::ZERO,
            max_backoff: std::time::Duration::ZERO,
        }
    }

    /// Up to `max_retries` retries of safe requests, waiting `backoff`, then twice that, and so
    /// on (at most 30 s between attempts).
    pub const fn new(max_retries: u32, backoff: std::time::Duration) -> Self {
        Self {
            max_retries,
            backoff,
            max_backoff: std::time::Duration::from_secs(30),
        }
    }

    /// The same policy with `max_backoff` set: the longest wait between two attempts, and so the
    /// longest `Retry-After` the client will wait for (e.g. `RetryPolicy::new(3,
    /// Duration::from_millis(200)).with_max_backoff(Duration::from_secs(120))`).
    pub const fn with_max_backoff(self, max_backoff: std::time::Duration) -> Self {
        Self {
            max_backoff,
            ..self
        }
    }

    /// The wait before retry number `retry` (0-based).
    fn delay(&self, retry: u32) -> std::time::Duration {
        let factor = 1u32.checked_shl(retry.min(31)).unwrap_or(u32::MAX);
        self.backoff
            .checked_mul(factor)
            .unwrap_or(self.max_backoff)
            .min(self.max_backoff)
    }

    /// The wait before retry number `retry` after an answer whose `Retry-After` header said
    /// `retry_after`; `None` (do not retry) when the server asked for longer than `max_backoff`.
    pub(super) fn wait_before(
        &self,
        retry: u32,
        retry_after: Option<&str>,
        now: std::time::SystemTime,
    ) -> Option<std::time::Duration> {
        let own = self.delay(retry);
        match retry_after.and_then(|value| parse_retry_after(value, now)) {
            Some(asked) if asked > self.max_backoff => None,
            Some(asked) => Some(asked.max(own)),
            None => Some(own),
        }
    }
}

/// How long a `Retry-After` header value asks the client to wait, seen at `now`: delay-seconds
/// (`120`) or an HTTP date in the IMF-fixdate form (`Sun, 06 Nov 1994 08:49:37 GMT`, see
/// [`parse_http_date`]). A date in the past is a wait of zero; a number of seconds too large to
/// represent is `u64::MAX` seconds. `None` for anything else, including the obsolete RFC 850 and
/// asctime date forms.
pub fn parse_retry_after(value: &str, now: std::time::SystemTime) -> Option<std::time::Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        let seconds = value.parse::<u64>().unwrap_or(u64::MAX);
        return Some(std::time::Duration::from_secs(seconds));
    }
    let at = parse_http_date(value)?;
    Some(at.duration_since(now).unwrap_or(std::time::Duration::ZERO))
}

/// Reads an HTTP date in the IMF-fixdate form of RFC 9110 (`Sun, 06 Nov 1994 08:49:37 GMT`):
/// exactly that layout, English day and month names, GMT. The day name is checked to be one but
/// not to match the date. `None` for anything else, or for a date that does not exist
/// (`31 Apr`, `29 Feb` of a common year, hour 24).
pub fn parse_http_date(value: &str) -> Option<std::time::SystemTime> {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    fn digits(text: &str, count: usize) -> Option<i64> {
        if text.len() != count || !text.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        text.parse().ok()
    }

    let (day_name, rest) = value.split_once(", ")?;
    if !DAYS.contains(&day_name) {
        return None;
    }
    let mut parts = rest.split(' ');
    let day = digits(parts.next()?, 2)?;
    let month_name = parts.next()?;
    let month = i64::try_from(MONTHS.iter().position(|name| *name == month_name)?).ok()? + 1;
    let year = digits(parts.next()?, 4)?;
    let mut time = parts.next()?.split(':');
    let hour = digits(time.next()?, 2)?;
    let minute = digits(time.next()?, 2)?;
    let second = digits(time.next()?, 2)?;
    if time.next().is_some() || parts.next()? != "GMT" || parts.next().is_some() {
        return None;
    }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let month_days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    // A second of 60 is a leap second; it is read as the first second of the next minute.
    if !(1..=month_days).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    // Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's days_from_civil).
    let shifted_year = if month <= 2 { year - 1 } else { year };
    let era = shifted_year.div_euclid(400);
    let year_of_era = shifted_year - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    let days = era * 146_097 + day_of_era - 719_468;
    let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second;
    match u64::try_from(seconds) {
        Ok(after) => std::time::UNIX_EPOCH.checked_add(std::time::Duration::from_secs(after)),
        Err(_) => std::time::UNIX_EPOCH
            .checked_sub(std::time::Duration::from_secs(seconds.unsigned_abs())),
    }
}

/// Whether an attempt that ended so should be made again (for a safe method).
/// `status` is the answer's (`None` for an error): a 2xx stream that was opened has one that
/// is never retried, so nothing is sent again once items may have been read.
pub(super) fn worth_retrying(result: Result<u16, &Error>) -> bool {
    match result {
        Ok(status) => matches!(status, 429 | 502 | 503 | 504),
        Err(Error::Transport(_)) => true,
        Err(Error::Stream(e)) => e.is_timeout(),
        Err(_) => false,
    }
}

/// Waits without tying the client to an async runtime: a short-lived thread sleeps and wakes
/// the task.
pub(super) async fn delay(duration: std::time::Duration) {
    use std::sync::{Arc, Mutex};
    use std::task::{Poll, Waker};

    if duration.is_zero() {
        return;
    }
    type Shared = Arc<Mutex<(bool, Option<Waker>)>>;
    let shared: Shared = Arc::new(Mutex::new((false, None)));
    let timer = Arc::clone(&shared);
    let spawned = std::thread::Builder::new()
        .name("gocrm-retry-delay".to_owned())
        .spawn(move || {
            std::thread::sleep(duration);
            let waker = match timer.lock() {
                Ok(mut state) => {
                    state.0 = true;
                    state.1.take()
                }
                Err(_) => None,
            };
            if let Some(waker) = waker {
                waker.wake();
            }
        });
    if spawned.is_err() {
        return; // No thread to wait with: retry at once rather than not at all.
    }
    std::future::poll_fn(|cx| match shared.lock() {
        Ok(mut state) if !state.0 => {
            state.1 = Some(cx.waker().clone());
            Poll::Pending
        }
        _ => Poll::Ready(()),
    })
    .await
}
