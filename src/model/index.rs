//! Role id → position in chart order, without a hash map: ids are mostly dense.

use super::RoleId;

/// Maps each role id to its index in chart (id) order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct IdIndex {
    /// Direct table by id when ids are dense enough; empty otherwise.
    dense: Vec<u32>,
    /// The ids in ascending order (always kept, for the sparse case).
    ids: Vec<RoleId>,
}

const NONE: u32 = u32::MAX;

impl IdIndex {
    /// `ids` must be ascending, as `Chart::roles` yields them.
    pub fn new(ids: Vec<RoleId>) -> Self {
        debug_assert!(ids.windows(2).all(|w| w[0] < w[1]));
        let max = ids.last().map_or(0, |id| id.0 as usize);
        let dense = if max <= ids.len().saturating_mul(4) + 1024 {
            let mut table = vec![NONE; max + 1];
            for (i, id) in ids.iter().enumerate() {
                table[id.0 as usize] = i as u32;
            }
            table
        } else {
            Vec::new()
        };
        Self { dense, ids }
    }

    pub fn get(&self, id: RoleId) -> Option<usize> {
        if self.dense.is_empty() {
            self.ids.binary_search(&id).ok()
        } else {
            match self.dense.get(id.0 as usize) {
                Some(&i) if i != NONE => Some(i as usize),
                _ => None,
            }
        }
    }

    /// Adds `id` after the others: what [`IdIndex::new`] makes of the ids with `id`
    /// at the end. Refused (false) unless `id` is larger than every id.
    pub fn push(&mut self, id: RoleId) -> bool {
        if self.ids.last().is_some_and(|&last| last >= id) {
            return false;
        }
        let dense = id.0 as usize <= (self.ids.len() + 1).saturating_mul(4) + 1024;
        if dense && !self.dense.is_empty() {
            self.dense.resize(id.0 as usize + 1, NONE);
            self.dense[id.0 as usize] = self.ids.len() as u32;
            self.ids.push(id);
        } else {
            let mut ids = std::mem::take(&mut self.ids);
            ids.push(id);
            *self = Self::new(ids);
        }
        true
    }

    /// Takes the last id away: what [`IdIndex::new`] makes of the ids without it.
    pub fn pop(&mut self) -> Option<RoleId> {
        let id = self.ids.pop()?;
        let max = self.ids.last().map_or(0, |id| id.0 as usize);
        let dense = max <= self.ids.len().saturating_mul(4) + 1024;
        if dense && !self.dense.is_empty() {
            self.dense.truncate(max + 1);
            if let Some(slot) = self.dense.get_mut(id.0 as usize) {
                *slot = NONE;
            }
        } else if dense || !self.dense.is_empty() {
            *self = Self::new(std::mem::take(&mut self.ids));
        }
        Some(id)
    }

    pub fn ids(&self) -> &[RoleId] {
        &self.ids
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dense_and_sparse_ids_both_resolve() {
        for ids in [vec![1, 2, 5, 9], vec![3, 4_000_000, 4_000_001]] {
            let idx = IdIndex::new(ids.iter().map(|&i| RoleId(i)).collect());
            for (i, &id) in ids.iter().enumerate() {
                assert_eq!(idx.get(RoleId(id)), Some(i));
            }
            assert_eq!(idx.get(RoleId(7)), None);
            assert_eq!(idx.get(RoleId(u32::MAX)), None);
        }
    }

    #[test]
    fn pushed_and_popped_ids_index_as_if_given_at_once() {
        // Dense all along, dense turning sparse, sparse turning dense.
        for ids in [
            vec![1, 2, 5, 9],
            vec![1, 2, 3_000],
            vec![5_000, 5_001, 5_002],
        ] {
            let mut idx = IdIndex::default();
            for (k, &id) in ids.iter().enumerate() {
                assert!(idx.push(RoleId(id)));
                let given: Vec<RoleId> = ids[..=k].iter().map(|&i| RoleId(i)).collect();
                assert_eq!(idx, IdIndex::new(given));
            }
            assert!(
                !idx.push(RoleId(ids[0])),
                "an id not past the last is refused"
            );
            for k in (0..ids.len()).rev() {
                assert_eq!(idx.pop(), Some(RoleId(ids[k])));
                let given: Vec<RoleId> = ids[..k].iter().map(|&i| RoleId(i)).collect();
                assert_eq!(idx, IdIndex::new(given), "{ids:?} popped to {k}");
            }
            assert_eq!(idx.pop(), None);
        }
        let mut zero = IdIndex::new(vec![RoleId(0)]);
        zero.pop();
        assert_eq!(zero, IdIndex::new(vec![]));
    }
}
