//! How long the server asked us to wait. Like openai-node: `retry-after-ms` first, then
//! `retry-after` as seconds or an HTTP date; a wish of more than a minute (or nonsense) is ignored
//! and the client's own backoff applies instead, so one header cannot park a call for hours.

use crate::http_date;

pub const MAX_SERVER_DELAY_MS: f64 = 60_000.0;

pub fn server_delay_ms(retry_after_ms: Option<&str>, retry_after: Option<&str>, now_unix_ms: f64) -> Option<u32> {
    let from_ms = retry_after_ms.and_then(parse_non_negative_number);
    let wanted = from_ms.or_else(|| {
        let header = retry_after?;
        parse_non_negative_number(header)
            .map(|seconds| seconds * 1000.0)
            .or_else(|| http_date::parse_unix_seconds(header).map(|at| (at as f64) * 1000.0 - now_unix_ms))
    })?;
    // A date in the past means "now"; a negative number of seconds is nonsense and was refused above.
    let wanted = wanted.max(0.0);
    (wanted <= MAX_SERVER_DELAY_MS).then(|| wanted.ceil() as u32)
}

/// Plain decimal digits with an optional fraction ("2", "0.25"). Written out rather than
/// `f64::from_str`, which also takes "inf", "NaN" and "1e3" and costs kilobytes of wasm.
fn parse_non_negative_number(text: &str) -> Option<f64> {
    let text = text.trim_ascii();
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let all_digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !all_digits(whole) || !all_digits(fraction) || text.ends_with('.') {
        return None;
    }
    let mut value = whole.bytes().fold(0.0, |value, digit| value * 10.0 + f64::from(digit - b'0'));
    let mut scale = 1.0;
    for digit in fraction.bytes() {
        scale /= 10.0;
        value += f64::from(digit - b'0') * scale;
    }
    value.is_finite().then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: f64 = 784_111_777_000.0; // Sun, 06 Nov 1994 08:49:37 GMT

    #[test]
    fn retry_after_ms_wins_and_may_be_fractional() {
        assert_eq!(server_delay_ms(Some("250"), Some("30"), NOW), Some(250));
        assert_eq!(server_delay_ms(Some("0.4"), None, NOW), Some(1));
        assert_eq!(server_delay_ms(Some("0"), None, NOW), Some(0));
    }

    #[test]
    fn garbage_retry_after_ms_falls_back_to_retry_after() {
        assert_eq!(server_delay_ms(Some("soon"), Some("2"), NOW), Some(2000));
    }

    #[test]
    fn retry_after_in_seconds_or_as_a_date() {
        assert_eq!(server_delay_ms(None, Some("3"), NOW), Some(3000));
        assert_eq!(server_delay_ms(None, Some(" 1.5 "), NOW), Some(1500));
        assert_eq!(server_delay_ms(None, Some("Sun, 06 Nov 1994 08:49:47 GMT"), NOW), Some(10_000));
        assert_eq!(server_delay_ms(None, Some("Sun, 06 Nov 1994 08:00:00 GMT"), NOW), Some(0), "a past date means now");
    }

    #[test]
    fn more_than_a_minute_or_nonsense_is_ignored() {
        assert_eq!(server_delay_ms(None, Some("60"), NOW), Some(60_000));
        assert_eq!(server_delay_ms(None, Some("61"), NOW), None);
        assert_eq!(server_delay_ms(Some("60001"), None, NOW), None);
        assert_eq!(server_delay_ms(None, Some("Sun, 06 Nov 1994 09:49:37 GMT"), NOW), None);
        for garbage in ["", "-1", "NaN", "inf", "+5", "1e3", "soon", ".5", "5.", "1.2.3", "\u{0}", "9".repeat(400).as_str()] {
            assert_eq!(server_delay_ms(Some(garbage), Some(garbage), NOW), None, "{garbage:?}");
        }
        assert_eq!(server_delay_ms(None, None, NOW), None);
    }
}
