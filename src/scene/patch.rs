//! Drawing an edit without building the scene again. The layout follows the edit
//! ([`Live`]: a card that changes size, a role moved under another superior, a role
//! added, the last role taken away, a role folded or unfolded), and only the cards it
//! moved are drawn again (and the cards a fold hides taken away, or brought back): on a
//! 100,000-role chart a millisecond or two of layout and card work instead of a build
//! of a good part of a second. The lines are routed again whenever a card moved.

use emath::{Rect, Vec2};

use super::{Arranged, Card, Measurer, Metrics, NO_DEPARTMENT, Scene, Theme};
use super::{card_rect, card_text, connectors, new_card, place_card};
use crate::edit::Changed;
use crate::layout::Moved;
use crate::model::{Chart, Role};

/// What [`patch`] did.
#[derive(Clone, Copy, Debug)]
pub struct Patched {
    /// Some card moved or changed size (not only its text).
    pub moved: bool,
}

/// Brings `scene`, built with `arranged` from an earlier state of `chart`, up to date
/// with `changes` and the chart as it is now, as [`super::build`] would draw it. None
/// when it has to be built again instead: more than one change to the tree's shape,
/// a change [`Live`] lays out afresh, a new department (colours and legend change).
/// Then `scene` and `arranged` may be half changed, and match no chart.
pub fn patch(
    scene: &mut Scene,
    arranged: &mut Arranged,
    chart: &Chart,
    changes: &Changed,
    theme: &Theme,
    measurer: &mut Measurer,
) -> Option<Patched> {
    if arranged.rects.len() + changes.added.len() != chart.len() + changes.removed.len() {
        return None;
    }
    let m = Metrics::new(measurer);
    let mut moved = Cards::default();
    let live = &mut arranged.live;
    let reroute = !changes.moved.is_empty() || changes.reshaped() || !changes.folded.is_empty();
    // The tree's shape, one change at a time (`Live` follows one).
    match (
        &changes.reparented[..],
        &changes.added[..],
        &changes.removed[..],
        &changes.folded[..],
    ) {
        ([], [], [], []) => {}
        (&[id], [], [], []) => {
            let i = live.layout().index.get(id)?;
            let old = live.layout().parent[i];
            moved.add(&live.superiors_changed(chart, i)?);
            // The old and new superiors' toggles come and go with their subordinates,
            // whether or not their cards moved.
            moved.list.extend([i as u32, old, live.layout().parent[i]]);
        }
        ([], [], &[id], []) => {
            let i = arranged.rects.len().checked_sub(1)?;
            if live.layout().id(i) != id {
                return None;
            }
            let departments = &mut arranged.departments;
            if let Some(c) = departments.count.get_mut(*departments.of.last()? as usize) {
                *c -= 1;
                if *c == 0 {
                    // The last of its department: the legend changes.
                    return None;
                }
            }
            departments.of.pop();
            let old = live.layout().parent[i];
            moved.add(&live.role_removed(chart)?);
            moved.list.push(old);
            arranged.rects.pop();
            if arranged.displaced.last() == Some(&(i as u32)) {
                arranged.displaced.pop();
            }
            if scene.cards.last().is_some_and(|c| c.role == id) {
                scene.cards.pop();
            }
        }
        ([], &[id], [], []) => {
            let role = chart.last().filter(|r| r.id == id)?;
            let d = role.department.trim();
            let departments = &mut arranged.departments;
            let k = if d.is_empty() || role.placeholder {
                NO_DEPARTMENT
            } else {
                // A new department: a new colour, maybe a legend where there was none.
                let k = departments.names.iter().position(|k| k == d)?;
                departments.count[k] += 1;
                k as u32
            };
            departments.of.push(k);
            let department = scene.legend.get(k as usize);
            if scene.cards.last().is_some_and(|c| c.role >= id) {
                return None;
            }
            let (text, size) = card_text(role, 0, theme, measurer, &m);
            moved.add(&live.role_added(chart, size)?);
            let i = arranged.rects.len();
            let l = live.layout();
            moved.list.extend([i as u32, l.parent[i]]);
            arranged.rects.push(Rect::NOTHING);
            if l.visible[i] {
                let card = new_card(role, department, text, l.hidden_below[i], theme);
                scene.cards.push(card);
            }
        }
        ([], [], [], &[id]) if chart.role(id)?.collapsed => {
            let (i, role) = (live.layout().index.get(id)?, chart.role(id)?);
            moved.add(&live.folded(chart, i)?);
            moved.list.push(i as u32);
            // The cards below it go; it shows how many it hides.
            let l = live.layout();
            let ids = l.index.ids();
            let mut j = 0;
            scene.cards.retain(|c| {
                while ids.get(j).is_some_and(|&k| k < c.role) {
                    j += 1;
                }
                l.visible.get(j).copied().unwrap_or(false)
            });
            arranged.displaced.retain(|&v| l.visible[v as usize]);
            let hidden = l.hidden_below[i];
            let (text, size) = card_text(role, hidden, theme, measurer, &m);
            if size != live.sizes()[i] {
                moved.add(&live.resize(i, size)?);
            }
            let department = scene.legend.get(arranged.departments.of[i] as usize);
            let k = scene.cards.binary_search_by_key(&id, |c| c.role).ok()?;
            scene.cards[k] = new_card(role, department, text, hidden, theme);
        }
        ([], [], [], &[id]) => {
            // Unfolded: the cards below it come back, measured as they are laid out.
            let (i, role) = (live.layout().index.get(id)?, chart.role(id)?);
            let ids = live.layout().index.ids().to_vec();
            let mut back = Vec::new();
            let unfolded = live.unfolded(chart, i, |v, hidden| {
                let Some(role) = chart.role(ids[v]) else {
                    return Vec2::ZERO;
                };
                let (text, size) = card_text(role, hidden, theme, measurer, &m);
                back.push((v, role, text, hidden));
                size
            });
            moved.add(&unfolded?);
            moved.list.push(i as u32);
            let legend = &scene.legend;
            let of = &arranged.departments.of;
            let mut cards: Vec<Card> = back
                .into_iter()
                .map(|(v, role, text, hidden)| {
                    moved.list.push(v as u32);
                    new_card(role, legend.get(of[v] as usize), text, hidden, theme)
                })
                .collect();
            cards.sort_unstable_by_key(|c| c.role);
            let old = std::mem::take(&mut scene.cards);
            scene.cards = merge_by_role(old, cards);
            let (text, size) = card_text(role, 0, theme, measurer, &m);
            if size != live.sizes()[i] {
                moved.add(&live.resize(i, size)?);
            }
            let department = scene.legend.get(arranged.departments.of[i] as usize);
            let k = scene.cards.binary_search_by_key(&id, |c| c.role).ok()?;
            scene.cards[k] = new_card(role, department, text, 0, theme);
        }
        _ => return None,
    }

    // New titles: new text, and maybe a card of another size.
    let mut resized = false;
    for &id in &changes.retitled {
        let (i, role) = (live.layout().index.get(id)?, chart.role(id)?);
        let (text, size) = card_text(role, live.layout().hidden_below[i], theme, measurer, &m);
        if size != live.sizes()[i] {
            moved.add(&live.resize(i, size)?);
            resized = true;
        }
        if let Ok(k) = scene.cards.binary_search_by_key(&id, |c| c.role) {
            scene.cards[k].text = text;
        }
        moved.list.push(i as u32);
    }
    for &id in &changes.moved {
        moved.list.push(live.layout().index.get(id)? as u32);
    }

    moved.redraw(scene, arranged, chart, &m)?;
    debug_assert_eq!(
        arranged.displaced,
        arranged.live.layout().displaced(&arranged.rects),
        "the displaced cards are kept up to date"
    );
    let moved = reroute || resized;
    if moved {
        let (layout, rects) = (arranged.live.layout(), &arranged.rects);
        scene.connectors = connectors(layout, rects, &arranged.displaced, theme);
        scene.bounds = super::bounds(&scene.cards, &scene.connectors);
    }
    Some(Patched { moved })
}

/// Two lists of cards in role order as one.
fn merge_by_role(a: Vec<Card>, b: Vec<Card>) -> Vec<Card> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    loop {
        let next = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) if y.role < x.role => b.next(),
            (Some(_), _) => a.next(),
            (None, _) => b.next(),
        };
        match next {
            Some(card) => out.push(card),
            None => return out,
        }
    }
}

/// The roles whose cards are drawn again: all, or a list (by index, maybe twice, maybe
/// `u32::MAX` for none).
#[derive(Default)]
struct Cards {
    all: bool,
    list: Vec<u32>,
}

impl Cards {
    fn add(&mut self, moved: &Moved) {
        match moved.roles() {
            Some(roles) => self.list.extend_from_slice(roles),
            None => self.all = true,
        }
    }

    /// Draws the cards where they now stand (stored positions, or where the layout puts
    /// them): rectangle, text, toggle, pin; and keeps the list of displaced cards. None
    /// if a card is not where it should be.
    fn redraw(
        mut self,
        scene: &mut Scene,
        arranged: &mut Arranged,
        chart: &Chart,
        m: &Metrics,
    ) -> Option<()> {
        let layout = arranged.live.layout();
        let sizes = arranged.live.sizes();
        let rects = &mut arranged.rects;
        let redraw = |card: &mut Card, role: &Role, i: usize, rect: Rect| {
            place_card(card, layout, i, rect, m);
            card.pinned = role.pinned;
        };
        // (A long list, as freezing every card for a new role gives, is cheaper gone
        // through in order than looked up role by role.)
        if self.all || self.list.len() > layout.len() / 4 {
            // Cards are the visible roles, in the same (id) order.
            let mut cards = scene.cards.iter_mut();
            for (i, role) in chart.roles().enumerate() {
                let rect = card_rect(role, layout, sizes[i], i);
                rects[i] = rect;
                if layout.visible[i] {
                    let card = cards.next().filter(|c| c.role == role.id)?;
                    redraw(card, role, i, rect);
                }
            }
            arranged.displaced = layout.displaced(rects);
            return Some(());
        }
        self.list.sort_unstable();
        self.list.dedup();
        for &i in &self.list {
            let i = i as usize;
            if i >= layout.len() {
                continue;
            }
            let id = layout.id(i);
            let role = chart.role(id)?;
            let rect = card_rect(role, layout, sizes[i], i);
            rects[i] = rect;
            let displaced = &mut arranged.displaced;
            match displaced.binary_search(&(i as u32)) {
                Ok(k) if !(layout.visible[i] && layout.is_displaced(i, rect)) => {
                    displaced.remove(k);
                }
                Err(k) if layout.visible[i] && layout.is_displaced(i, rect) => {
                    displaced.insert(k, i as u32);
                }
                _ => {}
            }
            if let Ok(k) = scene.cards.binary_search_by_key(&id, |c| c.role) {
                redraw(&mut scene.cards[k], role, i, rect);
            }
        }
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::{Edit, Redraw};
    use crate::scene::build_arranged;

    /// Applies `edit` to `chart` and patches `scene` for it; the patched scene must be
    /// what a fresh build draws (and, in a debug build, the displaced cards the ones
    /// a fresh count finds).
    fn patched(chart: &mut Chart, scene: &mut Scene, arranged: &mut Arranged, edit: Edit) {
        let Redraw::Cards(changed) = edit.redraw(chart) else {
            panic!("an edit the scene is patched for");
        };
        edit.apply(chart).expect("the edit applies");
        let (theme, mut measurer) = (Theme::default(), Measurer::new());
        patch(scene, arranged, chart, &changed, &theme, &mut measurer).expect("patched");
        let (fresh, _) = build_arranged(chart, &theme, &mut measurer);
        assert_eq!(*scene, fresh);
    }

    #[test]
    fn a_fold_over_a_card_placed_by_hand_on_a_large_chart() {
        // Few cards move when the rightmost small team folds or unfolds: the cards
        // are gone through one by one, and the card placed by hand must leave the
        // list of displaced ones as it is hidden, and come back to it when shown.
        let mut chart = crate::generate::synthetic(2_000, 4);
        let (theme, mut measurer) = (Theme::default(), Measurer::new());
        let (mut scene, mut arranged) = build_arranged(&chart, &theme, &mut measurer);
        let layout = arranged.live.layout();
        let leaf = |v: usize| !layout.has_subordinates(v);
        let parent_of = |v: usize| layout.parent[v] as usize;
        let (c, p) = (0..layout.len())
            .filter(|&v| layout.visible[v] && leaf(v) && layout.parent[v] != u32::MAX)
            .map(|v| (v, parent_of(v)))
            .filter(|&(_, p)| layout.parent[p] != u32::MAX)
            .max_by(|a, b| layout.centers[a.1].x.total_cmp(&layout.centers[b.1].x))
            .expect("a leaf under a superior");
        let (c, p) = (layout.id(c), layout.id(p));
        let at = layout.center(c).expect("shown") + emath::vec2(300.0, 200.0);
        patched(
            &mut chart,
            &mut scene,
            &mut arranged,
            crate::edit::pin(c, [at.x, at.y]),
        );
        assert!(arranged.displaced.len() == 1, "the card placed by hand");
        let mut fold = chart.role(p).expect("the superior").clone();
        fold.collapsed = true;
        patched(
            &mut chart,
            &mut scene,
            &mut arranged,
            Edit::Replace(fold.clone()),
        );
        assert!(arranged.displaced.is_empty(), "hidden, so not in the way");
        // Unfolded, it comes back where the hand put it, and in the way again.
        fold.collapsed = false;
        patched(&mut chart, &mut scene, &mut arranged, Edit::Replace(fold));
        assert!(arranged.displaced.len() == 1, "back where it was placed");
    }
}
