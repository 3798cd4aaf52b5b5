//! Each compressed stream the readers need is inflated once per file, in place, against the
//! file's [`Budget`]: many attachments, pages or fonts pointing at one large stream (a crafted
//! PDF) then cost one inflate, and all of them together cannot inflate past the budget.
//!
//! After [`inflate`] a stream holds its decoded bytes and no `/Filter`, so lopdf's own readers
//! (page content, ToUnicode CMaps) read it as is instead of decoding it again.

use std::collections::BTreeMap;

use lopdf::{Document, Object, ObjectId};

use crate::budget::Budget;
use crate::error::ImportError;

/// Streams already handled in this file: `Err` holds why one could not be decoded.
#[derive(Default)]
pub struct Inflated(BTreeMap<ObjectId, Result<(), String>>);

impl Inflated {
    /// Why the stream `id` could not be decoded, if it could not.
    pub fn failure(&self, id: ObjectId) -> Option<&str> {
        self.0.get(&id).and_then(|r| r.as_ref().err()).map(String::as_str)
    }
}

/// Decodes the streams `ids` that are not decoded yet, each capped at `cap` bytes and all of
/// them at what is left of the budget. A stream that fails to decode is emptied (its reader
/// then finds nothing) and the reason kept; only a spent budget stops the file.
pub fn inflate(
    doc: &mut Document,
    ids: impl IntoIterator<Item = ObjectId>,
    cap: usize,
    budget: &Budget,
    done: &mut Inflated,
) -> Result<(), ImportError> {
    for id in ids {
        if done.0.contains_key(&id) {
            continue;
        }
        budget.check()?;
        let Some(Object::Stream(stream)) = doc.objects.get_mut(&id) else { continue };
        if stream.dict.get(b"Filter").is_err() {
            done.0.insert(id, Ok(()));
            continue;
        }
        let limit = cap.min(budget.inflate_left());
        let outcome = stream.decompressed_content_with_limit(limit);
        let result = match outcome {
            Ok(bytes) => {
                budget.charge_inflate(bytes.len())?;
                stream.set_plain_content(bytes);
                Ok(())
            }
            Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => {
                if limit < cap {
                    // It was the budget, not this stream's own cap, that ran out.
                    return Err(ImportError::InflateBudget { limit: budget.inflate_limit() });
                }
                budget.charge_inflate(limit)?;
                stream.set_plain_content(Vec::new());
                Err(format!("it expands to more than {} MB", cap / 1_000_000))
            }
            Err(e) => {
                stream.set_plain_content(Vec::new());
                Err(e.to_string())
            }
        };
        done.0.insert(id, result);
    }
    Ok(())
}
