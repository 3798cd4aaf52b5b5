//! The `invoice_lines` table: the itemised lines of an invoice, in order.

use duly_core::{LineItem, Quantity};
use rusqlite::{Connection, named_params};

/// Replaces the invoice's lines with `lines`, storing each line's amount as the core computed it.
pub fn replace_for_invoice(conn: &Connection, invoice_id: i64, lines: &[LineItem]) -> rusqlite::Result<()> {
    conn.prepare_cached("DELETE FROM invoice_lines WHERE invoice_id = ?1")?.execute([invoice_id])?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO invoice_lines (invoice_id, position, description, quantity_milli, unit_price_minor, amount_minor)
         VALUES (:invoice_id, :position, :description, :quantity, :unit_price, :amount)",
    )?;
    for (position, line) in lines.iter().enumerate() {
        insert.execute(named_params! {
            ":invoice_id": invoice_id,
            ":position": i64::try_from(position).unwrap_or(i64::MAX),
            ":description": line.description.trim(),
            ":quantity": line.quantity.thousandths(),
            ":unit_price": line.unit_price,
            ":amount": line.amount(),
        })?;
    }
    Ok(())
}

pub fn list_for_invoice(conn: &Connection, invoice_id: i64) -> rusqlite::Result<Vec<LineItem>> {
    conn.prepare_cached(
        "SELECT description, quantity_milli, unit_price_minor FROM invoice_lines
         WHERE invoice_id = ?1 ORDER BY position",
    )?
    .query_map([invoice_id], |r| {
        Ok(LineItem { description: r.get(0)?, quantity: Quantity(r.get(1)?), unit_price: r.get(2)? })
    })?
    .collect()
}
