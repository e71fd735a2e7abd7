//! Direct subordinates of every role, by any reporting line: the reverse of each role's
//! list of superiors, built in one pass (the app rebuilds it after every edit).

use super::{Chart, Grouped, IdIndex, RoleId, Superiors, UNKNOWN};

#[derive(Clone, Debug, Default)]
pub struct Subordinates {
    index: IdIndex,
    /// By superior's index; each superior's subordinates in id order.
    subs: Grouped<RoleId>,
}

impl Subordinates {
    pub fn new(chart: &Chart) -> Self {
        let (table, _) = Superiors::gather(chart, |_| ());
        let ids = table.index().ids();
        // (superior index, subordinate) for every line to a role in the chart.
        let lines = (0..table.len()).flat_map(|i| {
            table
                .of(i)
                .iter()
                .filter(|&&s| s != UNKNOWN)
                .map(move |&s| (s, ids[i]))
        });
        let subs = Grouped::new(table.len(), lines);
        Self {
            index: table.into_index(),
            subs,
        }
    }

    /// Roles that report to `id` (a role listing it twice appears twice).
    pub fn of(&self, id: RoleId) -> &[RoleId] {
        self.index.get(id).map_or(&[], |i| self.subs.get(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Role;

    #[test]
    fn lists_every_line_reversed() {
        let mut c = Chart::new("t");
        for (id, sups) in [(1, vec![]), (2, vec![1]), (3, vec![1, 2]), (4, vec![9, 2])] {
            let mut r = Role::new(RoleId(id), "r");
            r.superiors = sups.into_iter().map(RoleId).collect();
            c.insert(r);
        }
        let s = Subordinates::new(&c);
        assert_eq!(s.of(RoleId(1)), [RoleId(2), RoleId(3)]);
        assert_eq!(s.of(RoleId(2)), [RoleId(3), RoleId(4)]);
        assert!(s.of(RoleId(4)).is_empty());
        assert!(s.of(RoleId(9)).is_empty());
    }
}
