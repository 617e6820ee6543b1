//! HTTP dates (RFC 9110 §5.6.7), as servers may send them in `Retry-After`: the preferred
//! IMF-fixdate and the two obsolete forms recipients must still accept.

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// Seconds since the Unix epoch, or `None` for anything that is not an HTTP date.
pub fn parse_unix_seconds(text: &str) -> Option<i64> {
    let text = text.trim_ascii();
    let (_weekday, rest) = text.split_once(' ').map_or((text, ""), |parts| parts);
    let fields: Vec<&str> = rest.split_ascii_whitespace().collect();
    match fields.as_slice() {
        // IMF-fixdate, after "Sun,": "06 Nov 1994 08:49:37 GMT"
        [day, month, year, time, "GMT"] if text.contains(',') && year.len() == 4 => {
            to_unix(parse_num(year)?, month_number(month)?, parse_num(day)?, time)
        }
        // RFC 850, after "Sunday,": "06-Nov-94 08:49:37 GMT"
        [date, time, "GMT"] if text.contains(',') => {
            let mut parts = date.split('-');
            let day = parse_num(parts.next()?)?;
            let month = month_number(parts.next()?)?;
            let two_digit_year = parts.next().filter(|y| y.len() == 2).and_then(parse_num)?;
            // RFC 9110: a two-digit year more than 50 years in the future means the past century;
            // 1970–2069 is that window for any plausible `now`.
            let year = if two_digit_year < 70 { 2000 + two_digit_year } else { 1900 + two_digit_year };
            to_unix(year, month, day, time)
        }
        // asctime, after "Sun": "Nov  6 08:49:37 1994"
        [month, day, time, year] if !text.contains(',') && year.len() == 4 => {
            to_unix(parse_num(year)?, month_number(month)?, parse_num(day)?, time)
        }
        _ => None,
    }
}

fn parse_num(text: &str) -> Option<i64> {
    if text.is_empty() || text.len() > 4 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // At most four digits: no overflow.
    Some(text.bytes().fold(0, |value, digit| value * 10 + i64::from(digit - b'0')))
}

fn month_number(name: &str) -> Option<i64> {
    let index = MONTHS.iter().position(|month| *month == name)?;
    i64::try_from(index).ok().map(|index| index + 1)
}

fn to_unix(year: i64, month: i64, day: i64, time: &str) -> Option<i64> {
    let mut hms = time.split(':');
    let (hour, minute, second) = (parse_num(hms.next()?)?, parse_num(hms.next()?)?, parse_num(hms.next()?)?);
    if hms.next().is_some() || hour > 23 || minute > 59 || second > 60 || !(1..=31).contains(&day) {
        return None;
    }
    Some(days_from_civil(year, month, day) * 86_400 + hour * 3_600 + minute * 60 + second)
}

/// Howard Hinnant's `days_from_civil`: days since 1970-01-01 in the proleptic Gregorian calendar.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOV_6_1994_08_49_37: i64 = 784_111_777;

    #[test]
    fn the_three_formats_of_rfc_9110() {
        assert_eq!(parse_unix_seconds("Sun, 06 Nov 1994 08:49:37 GMT"), Some(NOV_6_1994_08_49_37));
        assert_eq!(parse_unix_seconds("Sunday, 06-Nov-94 08:49:37 GMT"), Some(NOV_6_1994_08_49_37));
        assert_eq!(parse_unix_seconds("Sun Nov  6 08:49:37 1994"), Some(NOV_6_1994_08_49_37));
    }

    #[test]
    fn known_instants() {
        assert_eq!(parse_unix_seconds("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        assert_eq!(parse_unix_seconds("Tue, 29 Feb 2028 12:00:00 GMT"), Some(1_835_438_400));
        assert_eq!(parse_unix_seconds("Sun, 29 Nov 2026 01:50:45 GMT"), Some(1_795_917_045));
    }

    #[test]
    fn anything_else_is_not_a_date() {
        for bad in [
            "",
            "120",
            "soon",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun, 06 Foo 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 25:00:00 GMT",
            "Sun, 32 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49 GMT",
            "Sun, 06 Nov 99999 08:49:37 GMT",
            "Sun, -6 Nov 1994 08:49:37 GMT",
        ] {
            assert_eq!(parse_unix_seconds(bad), None, "{bad:?}");
        }
    }
}
