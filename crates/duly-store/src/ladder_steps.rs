//! The `ladder_steps` table: how the business's ladder, or one client's, differs from the one
//! below it (duly-core's `LadderOverride`), one row per step removed, changed or added.

use duly_core::ladder::{LadderOverride, Step, StepChange, StepId};
use rusqlite::{Connection, Row, named_params};

use crate::row::{parsed, parsed_opt};

const COLUMNS: &str = "step_id, action, anchor, offset_days, channel, tone, purpose, template";

/// The clients with a ladder of their own (any row): every other client follows the business's
/// ladder, so a list over thousands of clients loads only these.
pub fn clients_with_own(conn: &Connection) -> rusqlite::Result<std::collections::HashSet<i64>> {
    conn.prepare_cached("SELECT DISTINCT client_id FROM ladder_steps WHERE client_id IS NOT NULL")?
        .query_map([], |r| r.get(0))?
        .collect()
}

/// The override for the business (`client_id` None) or one client; empty when nothing changed.
pub fn load(conn: &Connection, client_id: Option<i64>) -> rusqlite::Result<LadderOverride> {
    let sql = format!("SELECT {COLUMNS} FROM ladder_steps WHERE client_id IS ?1 ORDER BY position, id");
    let mut o = LadderOverride::default();
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query([client_id])?;
    while let Some(r) = rows.next()? {
        let id: StepId = parsed(r, "step_id")?;
        let action: String = r.get("action")?;
        match action.as_str() {
            "remove" => o.remove.push(id),
            "change" => o.change.push((id, change_from(r)?)),
            _ => o.add.push(Step {
                id,
                anchor: parsed(r, "anchor")?,
                offset_days: r.get("offset_days")?,
                channel: parsed(r, "channel")?,
                tone: parsed(r, "tone")?,
                purpose: parsed(r, "purpose")?,
                template: parsed(r, "template")?,
            }),
        }
    }
    Ok(o)
}

fn change_from(r: &Row<'_>) -> rusqlite::Result<StepChange> {
    Ok(StepChange {
        anchor: parsed_opt(r, "anchor")?,
        offset_days: r.get("offset_days")?,
        channel: parsed_opt(r, "channel")?,
        tone: parsed_opt(r, "tone")?,
        template: parsed_opt(r, "template")?,
    })
}

/// Replaces the whole override of the business or a client (the caller validates it against
/// the ladder below first, with `Ladder::with`, and runs this in its transaction).
pub fn replace(conn: &Connection, client_id: Option<i64>, o: &LadderOverride, now: &str) -> rusqlite::Result<()> {
    conn.prepare_cached("DELETE FROM ladder_steps WHERE client_id IS ?1")?.execute([client_id])?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO ladder_steps (client_id, step_id, action, anchor, offset_days, channel, tone, purpose, template,
                                   position, updated_at)
         VALUES (:client_id, :step_id, :action, :anchor, :offset_days, :channel, :tone, :purpose, :template,
                 :position, :now)",
    )?;
    for id in &o.remove {
        insert.execute(named_params! {
            ":client_id": client_id, ":step_id": id.as_str(), ":action": "remove",
            ":anchor": None::<&str>, ":offset_days": None::<i32>, ":channel": None::<&str>, ":tone": None::<&str>,
            ":purpose": None::<&str>, ":template": None::<&str>, ":position": 0, ":now": now,
        })?;
    }
    for (id, c) in &o.change {
        insert.execute(named_params! {
            ":client_id": client_id, ":step_id": id.as_str(), ":action": "change",
            ":anchor": c.anchor.map(|a| a.as_str()), ":offset_days": c.offset_days,
            ":channel": c.channel.map(|v| v.as_str()), ":tone": c.tone.map(|t| t.as_str()),
            ":purpose": None::<&str>, ":template": c.template.as_ref().map(StepId::as_str),
            ":position": 0, ":now": now,
        })?;
    }
    for (position, s) in o.add.iter().enumerate() {
        insert.execute(named_params! {
            ":client_id": client_id, ":step_id": s.id.as_str(), ":action": "add",
            ":anchor": s.anchor.as_str(), ":offset_days": s.offset_days, ":channel": s.channel.as_str(),
            ":tone": s.tone.as_str(), ":purpose": s.purpose.as_str(), ":template": s.template.as_str(),
            ":position": i64::try_from(position).unwrap_or(i64::MAX), ":now": now,
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use duly_core::ladder::{Anchor, Channel, Ladder, Purpose, Tone};

    use super::*;
    use crate::ladder_fixtures::{client, store};

    fn id(s: &str) -> StepId {
        s.parse().unwrap()
    }

    #[test]
    fn overrides_round_trip_per_scope() {
        let store = store();
        let acme = client(store.conn(), "Acme");
        let global = LadderOverride { remove: vec![id("receipt_check")], ..LadderOverride::default() };
        let mine = LadderOverride {
            remove: vec![id("call")],
            change: vec![(
                id("overdue_7"),
                StepChange { offset_days: Some(5), tone: Some(Tone::Firm), ..StepChange::default() },
            )],
            add: vec![
                Step {
                    id: id("overdue_45"),
                    anchor: Anchor::Due,
                    offset_days: 45,
                    channel: Channel::LetterAndEmail,
                    tone: Tone::Formal,
                    purpose: Purpose::FinalDemand,
                    template: id("final_demand"),
                },
                Step {
                    id: id("overdue_60"),
                    anchor: Anchor::Due,
                    offset_days: 60,
                    channel: Channel::Email,
                    tone: Tone::Formal,
                    purpose: Purpose::Reminder,
                    template: id("final_demand"),
                },
            ],
        };
        replace(store.conn(), None, &global, "2026-11-23T10:00:00Z").unwrap();
        replace(store.conn(), Some(acme), &mine, "2026-11-23T10:00:00Z").unwrap();
        assert_eq!(load(store.conn(), None).unwrap(), global);
        assert_eq!(load(store.conn(), Some(acme)).unwrap(), mine);
        let ladder = Ladder::default().with(&global).unwrap().with(&mine).unwrap();
        assert_eq!(ladder.steps().len(), 9);
        // Replacing is whole: the old rows go.
        replace(store.conn(), Some(acme), &LadderOverride::default(), "2026-11-24T10:00:00Z").unwrap();
        assert!(load(store.conn(), Some(acme)).unwrap().is_empty());
        assert_eq!(load(store.conn(), None).unwrap(), global);
    }

    #[test]
    fn the_file_refuses_a_step_listed_twice_or_a_half_added_one() {
        let store = store();
        let twice = LadderOverride { remove: vec![id("call"), id("call")], ..LadderOverride::default() };
        assert!(replace(store.conn(), None, &twice, "now").is_err());
        let err = store
            .conn()
            .execute(
                "INSERT INTO ladder_steps (step_id, action, anchor, updated_at) VALUES ('x', 'add', 'due', 'now')",
                [],
            )
            .unwrap_err();
        assert!(err.to_string().contains("CHECK"), "{err}");
    }
}
