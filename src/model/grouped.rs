//! Items grouped by a small integer key, all in one list: the children of every role,
//! the subordinates of every role, the cards of every grid cell. Two passes (count,
//! then place) and two allocations, however many groups.

/// Group `g`'s items are `items[start[g]..start[g + 1]]`, in the order they were given.
#[derive(Clone, Debug, Default)]
pub struct Grouped<T> {
    start: Vec<u32>,
    items: Vec<T>,
}

impl<T: Copy + Default> Grouped<T> {
    /// Groups `pairs` of (group, item), each group below `groups`. The pairs are walked
    /// twice, so they come as an iterator that can be cloned.
    pub fn new(groups: usize, pairs: impl Iterator<Item = (u32, T)> + Clone) -> Self {
        let mut start = vec![0u32; groups + 1];
        for (g, _) in pairs.clone() {
            start[g as usize + 1] += 1;
        }
        for g in 0..groups {
            start[g + 1] += start[g];
        }
        let mut fill = start.clone();
        let mut items = vec![T::default(); start[groups] as usize];
        for (g, item) in pairs {
            items[fill[g as usize] as usize] = item;
            fill[g as usize] += 1;
        }
        Self { start, items }
    }

    /// Group `g`'s items (none for a group past the end).
    pub fn get(&self, g: usize) -> &[T] {
        match (self.start.get(g), self.start.get(g + 1)) {
            (Some(&a), Some(&b)) => &self.items[a as usize..b as usize],
            _ => &[],
        }
    }

    /// The group starts (one more than there are groups) and the items.
    pub fn into_parts(self) -> (Vec<u32>, Vec<T>) {
        (self.start, self.items)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_keep_their_items_in_order() {
        let g = Grouped::new(4, [(2, 'a'), (0, 'b'), (2, 'c'), (3, 'd')].into_iter());
        assert_eq!(g.get(0), ['b']);
        assert!(g.get(1).is_empty());
        assert_eq!(g.get(2), ['a', 'c']);
        assert_eq!(g.get(3), ['d']);
        assert!(g.get(9).is_empty());
        assert_eq!(g.into_parts().0, [0, 1, 1, 3, 4]);
    }
}
