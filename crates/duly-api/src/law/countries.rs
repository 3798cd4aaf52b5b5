//! A client's time zone guessed from its country: one primary IANA zone per country. Countries
//! that span several zones get their capital's (Indonesia → Jakarta, the United States → New
//! York, Australia → Sydney), which is why the guess only fills an empty field: the user can
//! always pick another zone for a client in Surabaya or Denver.

/// ISO 3166-1 alpha-2 code → the zone business hours are read in when the user names none.
const PRIMARY_ZONES: &[(&str, &str)] = &[
    ("AE", "Asia/Dubai"),
    ("AR", "America/Argentina/Buenos_Aires"),
    ("AT", "Europe/Vienna"),
    ("AU", "Australia/Sydney"),
    ("BE", "Europe/Brussels"),
    ("BG", "Europe/Sofia"),
    ("BR", "America/Sao_Paulo"),
    ("CA", "America/Toronto"),
    ("CH", "Europe/Zurich"),
    ("CN", "Asia/Shanghai"),
    ("CZ", "Europe/Prague"),
    ("DE", "Europe/Berlin"),
    ("DK", "Europe/Copenhagen"),
    ("EE", "Europe/Tallinn"),
    ("ES", "Europe/Madrid"),
    ("FI", "Europe/Helsinki"),
    ("FR", "Europe/Paris"),
    ("GB", "Europe/London"),
    ("GR", "Europe/Athens"),
    ("HK", "Asia/Hong_Kong"),
    ("HR", "Europe/Zagreb"),
    ("HU", "Europe/Budapest"),
    ("ID", "Asia/Jakarta"),
    ("IE", "Europe/Dublin"),
    ("IL", "Asia/Jerusalem"),
    ("IN", "Asia/Kolkata"),
    ("IT", "Europe/Rome"),
    ("JP", "Asia/Tokyo"),
    ("KR", "Asia/Seoul"),
    ("LT", "Europe/Vilnius"),
    ("LU", "Europe/Luxembourg"),
    ("LV", "Europe/Riga"),
    ("MD", "Europe/Chisinau"),
    ("MX", "America/Mexico_City"),
    ("MY", "Asia/Kuala_Lumpur"),
    ("NL", "Europe/Amsterdam"),
    ("NO", "Europe/Oslo"),
    ("NZ", "Pacific/Auckland"),
    ("PH", "Asia/Manila"),
    ("PL", "Europe/Warsaw"),
    ("PT", "Europe/Lisbon"),
    ("RO", "Europe/Bucharest"),
    ("RS", "Europe/Belgrade"),
    ("SE", "Europe/Stockholm"),
    ("SG", "Asia/Singapore"),
    ("SI", "Europe/Ljubljana"),
    ("SK", "Europe/Bratislava"),
    ("TH", "Asia/Bangkok"),
    ("TR", "Europe/Istanbul"),
    ("UA", "Europe/Kyiv"),
    ("US", "America/New_York"),
    ("VN", "Asia/Ho_Chi_Minh"),
    ("ZA", "Africa/Johannesburg"),
];

/// The country codes Duly can guess a zone for, for the client form's select.
pub fn known_countries() -> impl Iterator<Item = &'static str> {
    PRIMARY_ZONES.iter().map(|(c, _)| *c)
}

/// The primary zone of `country` (case-insensitive ISO code), if Duly knows the country.
pub fn zone_for_country(country: &str) -> Option<&'static str> {
    let code = country.trim();
    PRIMARY_ZONES.iter().find(|(c, _)| c.eq_ignore_ascii_case(code)).map(|(_, z)| *z)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_zone_is_in_the_iana_database_and_codes_are_sorted_and_unique() {
        for (code, zone) in PRIMARY_ZONES {
            assert!(duly_mail::parse_time_zone(zone).is_ok(), "{code}: {zone}");
            assert_eq!(code.len(), 2, "{code}");
        }
        assert!(PRIMARY_ZONES.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn multi_zone_countries_take_the_capital() {
        assert_eq!(zone_for_country("id"), Some("Asia/Jakarta"));
        assert_eq!(zone_for_country(" RO "), Some("Europe/Bucharest"));
        assert_eq!(zone_for_country("XX"), None);
    }
}
