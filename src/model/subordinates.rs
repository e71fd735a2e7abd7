//! Direct subordinates of every role, by any reporting line: the reverse of each role's
//! list of superiors, built in one pass (the app rebuilds it after every edit).

use super::{Chart, IdIndex, RoleId};

#[derive(Clone, Debug, Default)]
pub struct Subordinates {
    index: IdIndex,
    /// Role `i`'s subordinates are `subs[start[i]..start[i + 1]]`, in id order.
    start: Vec<u32>,
    subs: Vec<RoleId>,
}

impl Subordinates {
    pub fn new(chart: &Chart) -> Self {
        let index = IdIndex::new(chart.roles().map(|r| r.id).collect());
        let n = index.len();
        // (superior index, subordinate) for every line to a role in the chart.
        let lines: Vec<(u32, RoleId)> = chart
            .roles()
            .flat_map(|r| {
                let index = &index;
                r.superiors
                    .iter()
                    .filter_map(move |&s| index.get(s).map(|i| (i as u32, r.id)))
            })
            .collect();
        let mut start = vec![0u32; n + 1];
        for &(s, _) in &lines {
            start[s as usize + 1] += 1;
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        // Counting sort by superior: subordinates stay in id order, as `lines` has them.
        let mut fill = start.clone();
        let mut subs = vec![RoleId(0); lines.len()];
        for (s, sub) in lines {
            subs[fill[s as usize] as usize] = sub;
            fill[s as usize] += 1;
        }
        Self { index, start, subs }
    }

    /// Roles that report to `id` (a role listing it twice appears twice).
    pub fn of(&self, id: RoleId) -> &[RoleId] {
        match self.index.get(id) {
            Some(i) => &self.subs[self.start[i] as usize..self.start[i + 1] as usize],
            None => &[],
        }
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
