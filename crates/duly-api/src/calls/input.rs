//! How the calls feature reads what the user typed: a time of day, a call's length, optional text.

use chrono::NaiveTime;

use crate::{ApiError, ApiResult};

pub(super) fn trimmed(text: &Option<String>) -> String {
    text.as_deref().unwrap_or("").trim().to_owned()
}

pub(super) fn parse_time(text: Option<&str>) -> ApiResult<String> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(String::new()),
        Some(t) => NaiveTime::parse_from_str(t, "%H:%M")
            .map(|time| time.format("%H:%M").to_string())
            .map_err(|_| ApiError::invalid(format!("called_time: \"{t}\" is not a time (expected HH:MM, e.g. 14:05)"))),
    }
}

/// "5" (minutes, as people say how long a call took), "3:20", "90s", "4m", "1h10m" → seconds.
pub(super) fn parse_duration(text: Option<&str>) -> ApiResult<Option<i64>> {
    let Some(t) = text.map(str::trim).filter(|t| !t.is_empty()) else { return Ok(None) };
    let bad = || {
        ApiError::invalid(format!(
            "duration: \"{t}\" is not a duration (expected minutes like 5, or 3:20, 90s, 4m, 1h10m)"
        ))
    };
    let number = |s: &str| -> ApiResult<i64> {
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) || s.len() > 6 {
            return Err(bad());
        }
        s.parse().map_err(|_| bad())
    };
    if let Some((m, s)) = t.split_once(':') {
        let secs = number(s)?;
        if secs >= 60 {
            return Err(bad());
        }
        return Ok(Some(number(m)? * 60 + secs));
    }
    if t.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(Some(number(t)? * 60));
    }
    let mut total = 0i64;
    let mut digits = String::new();
    for ch in t.chars().filter(|c| !c.is_whitespace()) {
        match ch {
            '0'..='9' => digits.push(ch),
            'h' | 'm' | 's' => {
                let n = number(&digits)?;
                digits.clear();
                total += n * match ch {
                    'h' => 3600,
                    'm' => 60,
                    _ => 1,
                };
            }
            _ => return Err(bad()),
        }
    }
    if !digits.is_empty() {
        return Err(bad());
    }
    Ok(Some(total))
}

#[cfg(test)]
mod tests {
    use super::parse_duration;

    #[test]
    fn durations_read_the_way_people_write_them() {
        assert_eq!(parse_duration(Some("5")).unwrap(), Some(300));
        assert_eq!(parse_duration(Some("3:20")).unwrap(), Some(200));
        assert_eq!(parse_duration(Some("90s")).unwrap(), Some(90));
        assert_eq!(parse_duration(Some("1h10m")).unwrap(), Some(4200));
        assert_eq!(parse_duration(Some(" ")).unwrap(), None);
        for bad in ["3:75", "five", "10x", "5m3"] {
            let e = parse_duration(Some(bad)).unwrap_err();
            assert!(e.message.starts_with("duration:"), "{bad}: {e:?}");
        }
    }
}
