//! Late-payment law: statutory interest and compensation, reference rates and the country list.

pub(crate) mod countries;
pub(crate) mod interest;
pub(crate) mod statutory;
