//! How long the server asked us to wait. Like openai-node: `retry-after-ms` first, then
//! `retry-after` as seconds or an HTTP date; a wish of more than a minute (or nonsense) is ignored
//! and the client's own backoff applies instead, so one header cannot park a call for hours.

pub const MAX_SERVER_DELAY_MS: f64 = 60_000.0;

/// Milliseconds since the Unix epoch of an HTTP date, or `None`. The runtime's own parser
/// (`Date.parse`, as openai-node uses) rather than one compiled into the wasm.
pub type HttpDateParser = fn(&str) -> Option<f64>;

pub fn server_delay_ms(
    retry_after_ms: Option<&str>,
    retry_after: Option<&str>,
    now_unix_ms: f64,
    http_date_ms: HttpDateParser,
) -> Option<u32> {
    let from_ms = retry_after_ms.and_then(parse_non_negative_number);
    let wanted = from_ms.or_else(|| {
        let header = retry_after?;
        parse_non_negative_number(header).map(|seconds| seconds * 1000.0).or_else(|| {
            // Every HTTP date a server may send ends in "GMT" (RFC 9110 §5.6.7); anything else is
            // not handed to a lenient date parser, which would read "+5" as the year 5.
            let date = header.trim_ascii();
            date.ends_with(" GMT").then_some(date).and_then(http_date_ms).filter(|at| at.is_finite()).map(|at| at - now_unix_ms)
        })
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

    /// Stands in for `Date.parse`: the dates these tests use, and nothing else.
    fn dates(text: &str) -> Option<f64> {
        match text {
            "Sun, 06 Nov 1994 08:49:47 GMT" => Some(NOW + 10_000.0),
            "Sun, 06 Nov 1994 08:00:00 GMT" => Some(NOW - 2_977_000.0),
            "Sun, 06 Nov 1994 09:49:37 GMT" => Some(NOW + 3_600_000.0),
            _ => None,
        }
    }

    fn delay(retry_after_ms: Option<&str>, retry_after: Option<&str>) -> Option<u32> {
        server_delay_ms(retry_after_ms, retry_after, NOW, dates)
    }

    #[test]
    fn retry_after_ms_wins_and_may_be_fractional() {
        assert_eq!(delay(Some("250"), Some("30")), Some(250));
        assert_eq!(delay(Some("0.4"), None), Some(1));
        assert_eq!(delay(Some("0"), None), Some(0));
    }

    #[test]
    fn garbage_retry_after_ms_falls_back_to_retry_after() {
        assert_eq!(delay(Some("soon"), Some("2")), Some(2000));
    }

    #[test]
    fn retry_after_in_seconds_or_as_a_date() {
        assert_eq!(delay(None, Some("3")), Some(3000));
        assert_eq!(delay(None, Some(" 1.5 ")), Some(1500));
        assert_eq!(delay(None, Some("Sun, 06 Nov 1994 08:49:47 GMT")), Some(10_000));
        assert_eq!(delay(None, Some(" Sun, 06 Nov 1994 08:49:47 GMT ")), Some(10_000), "trimmed before parsing");
        assert_eq!(delay(None, Some("Sun, 06 Nov 1994 08:00:00 GMT")), Some(0), "a past date means now");
    }

    #[test]
    fn only_text_ending_in_gmt_reaches_the_date_parser() {
        fn everything_is_a_date(_: &str) -> Option<f64> {
            Some(0.0)
        }
        for not_a_date in ["+5", "1e3", "-1", "soon", "Sun Nov  6 08:49:37 1994"] {
            assert_eq!(server_delay_ms(None, Some(not_a_date), NOW, everything_is_a_date), None, "{not_a_date:?}");
        }
        assert_eq!(server_delay_ms(None, Some("x GMT"), NOW, everything_is_a_date), Some(0));
    }

    #[test]
    fn more_than_a_minute_or_nonsense_is_ignored() {
        assert_eq!(delay(None, Some("60")), Some(60_000));
        assert_eq!(delay(None, Some("61")), None);
        assert_eq!(delay(Some("60001"), None), None);
        assert_eq!(delay(None, Some("Sun, 06 Nov 1994 09:49:37 GMT")), None);
        assert_eq!(delay(None, Some("Mon, 32 Nov 1994 09:49:37 GMT")), None, "a date the parser refuses");
        for garbage in ["", "-1", "NaN", "inf", "+5", "1e3", "soon", ".5", "5.", "1.2.3", "\u{0}", "9".repeat(400).as_str()] {
            assert_eq!(delay(Some(garbage), Some(garbage)), None, "{garbage:?}");
        }
        assert_eq!(delay(None, None), None);
    }
}
