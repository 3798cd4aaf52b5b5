//! CSV reader: any bytes, with the hints the user can give chosen by the first byte.
#![no_main]

use duly_import::{DateOrder, DecimalSeparator, ImportOptions, import_file};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, body)) = data.split_first() else { return };
    let options = ImportOptions {
        default_currency: (flags & 1 == 1).then(|| "EUR".parse().unwrap()),
        date_order: match flags >> 1 & 3 {
            1 => Some(DateOrder::DayFirst),
            2 => Some(DateOrder::MonthFirst),
            _ => None,
        },
        decimal_separator: match flags >> 3 & 3 {
            1 => Some(DecimalSeparator::Point),
            2 => Some(DecimalSeparator::Comma),
            _ => None,
        },
        mapping: None,
    };
    let _ = import_file("fuzz.csv", body, &options);
});
