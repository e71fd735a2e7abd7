//! Operations on a duties outline, addressed by index paths (`[1, 0]` = first sub-item
//! of the second duty). Each returns the item's new path, or `None` when it cannot move.

use super::Duty;

/// Deepest nesting of sub-items (a top-level duty has depth 1). Deeper items are kept
/// at this depth: files stay readable and no outline can outgrow the file format.
pub const MAX_DEPTH: usize = 16;

fn list_mut<'a>(duties: &'a mut Vec<Duty>, parent: &[usize]) -> Option<&'a mut Vec<Duty>> {
    let mut list = duties;
    for &i in parent {
        list = &mut list.get_mut(i)?.items;
    }
    Some(list)
}

pub fn get<'a>(duties: &'a [Duty], path: &[usize]) -> Option<&'a Duty> {
    let (&last, parent) = path.split_last()?;
    let mut list = duties;
    for &i in parent {
        list = &list.get(i)?.items;
    }
    list.get(last)
}

pub fn get_mut<'a>(duties: &'a mut Vec<Duty>, path: &[usize]) -> Option<&'a mut Duty> {
    let (&last, parent) = path.split_last()?;
    list_mut(duties, parent)?.get_mut(last)
}

pub fn remove(duties: &mut Vec<Duty>, path: &[usize]) -> Option<Duty> {
    let (&last, parent) = path.split_last()?;
    let list = list_mut(duties, parent)?;
    (last < list.len()).then(|| list.remove(last))
}

/// Inserts `duty` so that it ends up at `path` (index clamped to the list's end).
pub fn insert(duties: &mut Vec<Duty>, path: &[usize], duty: Duty) -> Option<Vec<usize>> {
    let (&last, parent) = path.split_last()?;
    let list = list_mut(duties, parent)?;
    let at = last.min(list.len());
    list.insert(at, duty);
    let mut p = parent.to_vec();
    p.push(at);
    Some(p)
}

/// Makes the item the last sub-item of the sibling above it.
pub fn indent(duties: &mut Vec<Duty>, path: &[usize]) -> Option<Vec<usize>> {
    let (&last, parent) = path.split_last()?;
    let below = get(duties, path).map_or(0, depth);
    if last == 0 || list_mut(duties, parent)?.len() <= last || path.len() + below >= MAX_DEPTH {
        return None;
    }
    let item = remove(duties, path)?;
    let list = list_mut(duties, parent)?;
    let above = &mut list[last - 1].items;
    above.push(item);
    let mut p = parent.to_vec();
    p.extend([last - 1, above.len() - 1]);
    Some(p)
}

/// Levels of sub-items below `duty` (0 for a leaf).
pub fn depth(duty: &Duty) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(duty, 0usize)];
    while let Some((d, level)) = stack.pop() {
        deepest = deepest.max(level);
        stack.extend(d.items.iter().map(|c| (c, level + 1)));
    }
    deepest
}

/// Can the item at `path` get a sub-item?
pub fn can_add_sub_item(path: &[usize]) -> bool {
    path.len() < MAX_DEPTH
}

/// Moves a sub-item out to just after its parent.
pub fn outdent(duties: &mut Vec<Duty>, path: &[usize]) -> Option<Vec<usize>> {
    if path.len() < 2 {
        return None;
    }
    let item = remove(duties, path)?;
    let parent = &path[..path.len() - 1];
    let mut target = parent.to_vec();
    if let Some(l) = target.last_mut() {
        *l += 1;
    }
    insert(duties, &target, item)
}

/// Swaps the item with its previous (`up`) or next sibling.
pub fn move_item(duties: &mut Vec<Duty>, path: &[usize], up: bool) -> Option<Vec<usize>> {
    let (&last, parent) = path.split_last()?;
    let list = list_mut(duties, parent)?;
    let other = if up { last.checked_sub(1)? } else { last + 1 };
    if other >= list.len() || last >= list.len() {
        return None;
    }
    list.swap(last, other);
    let mut p = parent.to_vec();
    p.push(other);
    Some(p)
}

/// Every path in the outline, depth first, as shown.
pub fn paths(duties: &[Duty]) -> Vec<Vec<usize>> {
    fn walk(list: &[Duty], prefix: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
        for (i, d) in list.iter().enumerate() {
            prefix.push(i);
            out.push(prefix.clone());
            walk(&d.items, prefix, out);
            prefix.pop();
        }
    }
    let mut out = Vec::new();
    walk(duties, &mut Vec::new(), &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outline() -> Vec<Duty> {
        vec![Duty::new("a"), Duty::new("b"), Duty::new("c")]
    }

    #[test]
    fn indent_then_outdent_restores() {
        let mut d = outline();
        let p = indent(&mut d, &[1]).unwrap();
        assert_eq!(p, [0, 0]);
        assert_eq!(d[0].items[0].text, "b");
        assert_eq!(d.len(), 2);
        let p = outdent(&mut d, &p).unwrap();
        assert_eq!(p, [1]);
        assert_eq!(d, outline());
    }

    #[test]
    fn first_item_cannot_indent_nor_top_level_outdent() {
        let mut d = outline();
        assert!(indent(&mut d, &[0]).is_none());
        assert!(outdent(&mut d, &[2]).is_none());
        assert_eq!(d, outline());
    }

    #[test]
    fn indent_stops_at_the_maximum_depth() {
        let mut d = vec![Duty::new("top")];
        let mut path = vec![0];
        for _ in 1..MAX_DEPTH {
            outline_add(&mut d, &path);
            path.push(0);
        }
        assert_eq!(path.len(), MAX_DEPTH);
        assert!(!can_add_sub_item(&path));
        // A sibling at the deepest level cannot be indented further.
        let mut sibling = path.clone();
        *sibling.last_mut().unwrap() = 1;
        insert(&mut d, &sibling, Duty::new("x")).unwrap();
        assert!(indent(&mut d, &sibling).is_none());
    }

    fn outline_add(d: &mut Vec<Duty>, path: &[usize]) {
        get_mut(d, path).unwrap().items.push(Duty::new("sub"));
    }

    #[test]
    fn move_swaps_with_neighbour() {
        let mut d = outline();
        assert_eq!(move_item(&mut d, &[0], false).unwrap(), [1]);
        assert_eq!(d[1].text, "a");
        assert!(move_item(&mut d, &[0], true).is_none());
        assert!(move_item(&mut d, &[2], false).is_none());
    }

    #[test]
    fn paths_are_depth_first() {
        let mut d = outline();
        indent(&mut d, &[1]).unwrap();
        assert_eq!(paths(&d), vec![vec![0], vec![0, 0], vec![1]]);
        assert_eq!(get(&d, &[0, 0]).unwrap().text, "b");
        assert_eq!(remove(&mut d, &[0, 0]).unwrap().text, "b");
    }
}
