//! Reading typed values out of e-invoice elements while collecting every problem, so one pass
//! over a bad file names all its faults instead of the first.

use duly_core::Currency;
use roxmltree::Node;

use super::{at, text};
use crate::decimal::{Decimal, amount_reason};
use crate::error::ImportError;

pub struct Ctx {
    /// Path prefix for locations, e.g. "/Invoice" or "/rsm:CrossIndustryInvoice".
    root: String,
    pub errors: Vec<ImportError>,
    pub warnings: Vec<String>,
}

impl Ctx {
    pub fn new(root: impl Into<String>) -> Self {
        Self { root: root.into(), errors: Vec::new(), warnings: Vec::new() }
    }

    /// `"/Invoice/cac:LegalMonetaryTotal/cbc:PayableAmount"`: the XPath a person or validator
    /// would use, so errors can be looked up in the file.
    pub fn loc(&self, path: &str) -> String {
        if path.is_empty() { self.root.clone() } else { format!("{}/{}", self.root, path) }
    }

    pub fn required<'a>(&mut self, node: Node<'a, '_>, path: &str, what: &'static str) -> Option<&'a str> {
        let value = text(at(node, path));
        if value.is_none() {
            self.errors.push(ImportError::missing(self.loc(path), what));
        }
        value
    }

    /// An amount that states what is owed: exact in the currency or an error.
    pub fn amount_exact(&mut self, raw: &str, path: &str, what: &'static str, currency: Currency) -> Option<i64> {
        let v = Decimal::parse(raw).and_then(|d| d.to_minor_exact(currency));
        if v.is_none() {
            self.errors.push(ImportError::invalid(self.loc(path), what, raw, amount_reason(raw, currency)));
        }
        v
    }

    /// A line value: rounded to the currency with a warning when the file is finer.
    pub fn amount_rounded(&mut self, raw: &str, path: &str, what: &'static str, currency: Currency) -> Option<i64> {
        match Decimal::parse(raw).and_then(|d| d.to_minor_rounded(currency)) {
            Some((v, rounded)) => {
                if rounded {
                    self.warnings.push(format!(
                        "{what} {raw} rounded to {} {}",
                        duly_core::Money::new(v, currency).to_decimal_string(),
                        currency.code()
                    ));
                }
                Some(v)
            }
            None => {
                self.errors.push(ImportError::invalid(self.loc(path), what, raw, amount_reason(raw, currency)));
                None
            }
        }
    }

    /// Quantities in thousandths (duly-core's scale), rounded beyond that.
    pub fn quantity(&mut self, raw: &str, path: &str) -> Option<i64> {
        match Decimal::parse(raw).and_then(|d| d.to_scaled_rounded(3)) {
            Some((v, rounded)) => {
                if rounded {
                    self.warnings.push(format!("quantity {raw} rounded to three decimals"));
                }
                Some(v)
            }
            None => {
                self.errors.push(ImportError::invalid(
                    self.loc(path),
                    "quantity",
                    raw,
                    "expected a number such as 2 or 1.5",
                ));
                None
            }
        }
    }
}
