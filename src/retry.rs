//! When to try again and how long to wait, as pure functions (openai-node's policy): the caller
//! passes the clock, the randomness and the date parser in, so every decision is reproducible in
//! a test.

use crate::retry_after::{self, HttpDateParser};

pub const DEFAULT_MAX_RETRIES: u32 = 2;
const INITIAL_DELAY_MS: f64 = 500.0;
const MAX_BACKOFF_MS: f64 = 8_000.0;
/// Up to a quarter of the delay is taken off at random, so clients that failed together do not
/// all come back in the same instant.
const MAX_JITTER: f64 = 0.25;

/// How one attempt ended, as far as retrying is concerned. A caller's abort is not here:
/// it ends the call at once, whatever the policy says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttemptOutcome<'a> {
    /// No answer: refused, reset, DNS, or the body broke off.
    ConnectionFailed,
    /// The per-attempt timeout fired.
    TimedOut,
    /// The server answered with a status that is not a success.
    Status {
        status: u16,
        /// The `x-should-retry` header, which overrides the status table.
        should_retry: Option<&'a str>,
        retry_after_ms: Option<&'a str>,
        retry_after: Option<&'a str>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryDecision {
    RetryAfterMs(u32),
    GiveUp,
}

pub fn is_retryable(outcome: &AttemptOutcome<'_>) -> bool {
    match *outcome {
        AttemptOutcome::ConnectionFailed | AttemptOutcome::TimedOut => true,
        AttemptOutcome::Status { status, should_retry, .. } => match should_retry.map(str::trim_ascii) {
            Some("true") => true,
            Some("false") => false,
            _ => matches!(status, 408 | 409 | 429) || status >= 500,
        },
    }
}

/// What the runtime supplies to a decision: the wall clock (`Date.now()`), randomness uniform in
/// `[0, 1)` (`Math.random()`) and an HTTP-date parser (`Date.parse`).
#[derive(Clone, Copy)]
pub struct Runtime {
    pub now_unix_ms: f64,
    pub jitter: f64,
    pub http_date_ms: HttpDateParser,
}

/// `retries_done` counts the retries already made (0 after the first attempt).
pub fn decide(max_retries: u32, retries_done: u32, outcome: &AttemptOutcome<'_>, runtime: Runtime) -> RetryDecision {
    if retries_done >= max_retries || !is_retryable(outcome) {
        return RetryDecision::GiveUp;
    }
    let server_delay = match *outcome {
        AttemptOutcome::Status { retry_after_ms, retry_after, .. } => {
            retry_after::server_delay_ms(retry_after_ms, retry_after, runtime.now_unix_ms, runtime.http_date_ms)
        }
        _ => None,
    };
    RetryDecision::RetryAfterMs(server_delay.unwrap_or_else(|| backoff_ms(retries_done, runtime.jitter)))
}

/// 0.5 s, 1 s, 2 s, 4 s, then 8 s for every later retry, each shortened by up to 25 %.
pub fn backoff_ms(retries_done: u32, jitter: f64) -> u32 {
    let base = (INITIAL_DELAY_MS * f64::from(1u32 << retries_done.min(16))).min(MAX_BACKOFF_MS);
    let jitter = if jitter.is_finite() { jitter.clamp(0.0, 1.0) } else { 0.0 };
    // Rounded half up; `f64::round` is a libm call in wasm, `floor` one instruction.
    (base * (1.0 - jitter * MAX_JITTER) + 0.5).floor() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(jitter: f64) -> Runtime {
        Runtime { now_unix_ms: 0.0, jitter, http_date_ms: |_| None }
    }

    fn status(status: u16) -> AttemptOutcome<'static> {
        AttemptOutcome::Status { status, should_retry: None, retry_after_ms: None, retry_after: None }
    }

    #[test]
    fn retryable_statuses_follow_openai_node() {
        for code in [408, 409, 429, 500, 502, 503, 504, 599] {
            assert!(is_retryable(&status(code)), "{code}");
        }
        for code in [400, 401, 403, 404, 422, 302] {
            assert!(!is_retryable(&status(code)), "{code}");
        }
        assert!(is_retryable(&AttemptOutcome::ConnectionFailed));
        assert!(is_retryable(&AttemptOutcome::TimedOut));
    }

    #[test]
    fn x_should_retry_overrides_the_status() {
        let with =
            |code, header| AttemptOutcome::Status { status: code, should_retry: Some(header), retry_after_ms: None, retry_after: None };
        assert!(is_retryable(&with(400, "true")));
        assert!(!is_retryable(&with(500, "false")));
        assert!(is_retryable(&with(500, "maybe")), "an unknown value leaves the table in charge");
    }

    #[test]
    fn gives_up_when_retries_are_spent() {
        assert_eq!(decide(2, 2, &status(500), at(0.0)), RetryDecision::GiveUp);
        assert_eq!(decide(0, 0, &AttemptOutcome::ConnectionFailed, at(0.0)), RetryDecision::GiveUp);
        assert_eq!(decide(2, 0, &status(404), at(0.0)), RetryDecision::GiveUp);
    }

    #[test]
    fn server_delay_beats_backoff() {
        let outcome = AttemptOutcome::Status { status: 429, should_retry: None, retry_after_ms: Some("120"), retry_after: None };
        assert_eq!(decide(2, 1, &outcome, at(0.9)), RetryDecision::RetryAfterMs(120));
        let too_long = AttemptOutcome::Status { status: 429, should_retry: None, retry_after_ms: None, retry_after: Some("3600") };
        assert_eq!(decide(2, 0, &too_long, at(0.0)), RetryDecision::RetryAfterMs(500));
    }

    #[test]
    fn backoff_doubles_from_half_a_second_to_eight() {
        let delays: Vec<u32> = (0..7).map(|n| backoff_ms(n, 0.0)).collect();
        assert_eq!(delays, [500, 1000, 2000, 4000, 8000, 8000, 8000]);
        assert_eq!(backoff_ms(u32::MAX, 0.0), 8000);
    }

    #[test]
    fn jitter_takes_off_at_most_a_quarter() {
        for retries_done in 0..20 {
            for jitter in [0.0, 0.1, 0.5, 0.999_999, 1.0, -3.0, 7.0, f64::NAN] {
                let delay = backoff_ms(retries_done, jitter);
                let full = backoff_ms(retries_done, 0.0);
                assert!(delay <= full && f64::from(delay) >= f64::from(full) * 0.75, "{retries_done} {jitter} {delay}");
            }
        }
        assert_eq!(backoff_ms(0, 1.0), 375);
    }
}
