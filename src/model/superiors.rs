//! Every role's superiors in one flat list, as listed and as role indices, gathered
//! in one pass over the chart together with whatever else a caller needs of each role.
//! On a big chart every visit to a role (and to its list of superiors) is a cache
//! miss; the layout's plan, the findings and the subordinates lists each used to pay
//! them pass after pass.

use super::{Chart, IdIndex, Role, RoleId};

/// Index of a superior that is not in the chart.
pub const UNKNOWN: u32 = u32::MAX;

#[derive(Clone, Debug, Default)]
pub struct Superiors {
    index: IdIndex,
    /// Role `i`'s superiors are `listed[start[i]..start[i + 1]]`, and the same as role
    /// indices in `sups` (`UNKNOWN` for ids not in the chart).
    start: Vec<u32>,
    listed: Vec<RoleId>,
    sups: Vec<u32>,
}

impl Superiors {
    /// The superiors of every role of `chart`, and `each` of every role (chart order).
    pub fn gather<'a, T>(chart: &'a Chart, mut each: impl FnMut(&'a Role) -> T) -> (Self, Vec<T>) {
        let n = chart.len();
        let mut ids = Vec::with_capacity(n);
        let mut start = Vec::with_capacity(n + 1);
        let mut listed = Vec::with_capacity(n);
        let mut extra = Vec::with_capacity(n);
        for role in chart.roles() {
            ids.push(role.id);
            start.push(listed.len() as u32);
            listed.extend_from_slice(&role.superiors);
            extra.push(each(role));
        }
        start.push(listed.len() as u32);
        let index = IdIndex::new(ids);
        let sups = listed
            .iter()
            .map(|&s| index.get(s).map_or(UNKNOWN, |i| i as u32))
            .collect();
        let table = Self {
            index,
            start,
            listed,
            sups,
        };
        (table, extra)
    }

    /// Role ids by index, and indices by id.
    pub fn index(&self) -> &IdIndex {
        &self.index
    }

    pub fn into_index(self) -> IdIndex {
        self.index
    }

    pub fn len(&self) -> usize {
        self.index.len()
    }

    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    fn range(&self, i: usize) -> std::ops::Range<usize> {
        self.start[i] as usize..self.start[i + 1] as usize
    }

    /// Role `i`'s superiors as role indices, in the order listed (`UNKNOWN` for ids
    /// not in the chart).
    pub fn of(&self, i: usize) -> &[u32] {
        &self.sups[self.range(i)]
    }

    /// Role `i`'s superiors as listed.
    pub fn listed(&self, i: usize) -> &[RoleId] {
        &self.listed[self.range(i)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_superiors_as_listed_and_by_index() {
        let mut c = Chart::new("t");
        for (id, sups) in [(1, vec![]), (2, vec![1]), (5, vec![9, 2, 1])] {
            let mut r = Role::new(RoleId(id), "r");
            r.superiors = sups.into_iter().map(RoleId).collect();
            c.insert(r);
        }
        let (s, ids) = Superiors::gather(&c, |r| r.id);
        assert_eq!(ids, [RoleId(1), RoleId(2), RoleId(5)]);
        assert_eq!(s.of(0), [] as [u32; 0]);
        assert_eq!(s.of(2), [UNKNOWN, 1, 0]);
        assert_eq!(s.listed(2), [RoleId(9), RoleId(2), RoleId(1)]);
        assert_eq!(s.index().get(RoleId(5)), Some(2));
    }
}
