//! Random sequences of the edits users make, through the undo history: undoing all of
//! them gives back the original chart, redoing all gives the final one.

use emath::{Rect, pos2, vec2};
use orgchart::edit::{self, Align, Axis, Edit, History};
use orgchart::model::{Arrangement, Chart, LineKind, Orientation, RoleId};
use proptest::prelude::*;

/// One user action, chosen by numbers so proptest can shrink it.
#[derive(Clone, Debug)]
enum Action {
    Add(usize),
    Delete(usize),
    Reparent(usize, usize, bool),
    Collapse(usize),
    Pin(usize, i16, i16),
    Rename(usize),
    Arrange(bool, bool),
    Relayout(bool),
    DeleteMany(usize, usize),
    LineKind(usize, bool),
    Align(usize, usize, usize),
    Distribute(usize, usize, usize, bool),
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        (0usize..64).prop_map(Action::Add),
        (0usize..64).prop_map(Action::Delete),
        (0usize..64, 0usize..64, any::<bool>()).prop_map(|(a, b, s)| Action::Reparent(a, b, s)),
        (0usize..64).prop_map(Action::Collapse),
        (0usize..64, any::<i16>(), any::<i16>()).prop_map(|(a, x, y)| Action::Pin(a, x, y)),
        (0usize..64).prop_map(Action::Rename),
        (any::<bool>(), any::<bool>()).prop_map(|(a, b)| Action::Arrange(a, b)),
        any::<bool>().prop_map(Action::Relayout),
        (0usize..64, 0usize..64).prop_map(|(a, b)| Action::DeleteMany(a, b)),
        (0usize..64, any::<bool>()).prop_map(|(a, p)| Action::LineKind(a, p)),
        (0usize..64, 0usize..64, 0usize..6).prop_map(|(a, b, h)| Action::Align(a, b, h)),
        (0usize..64, 0usize..64, 0usize..64, any::<bool>())
            .prop_map(|(a, b, c, v)| Action::Distribute(a, b, c, v)),
    ]
}

/// The k-th role (wrapping), if there is any.
fn nth(chart: &Chart, k: usize) -> Option<RoleId> {
    let n = chart.len();
    (n > 0)
        .then(|| chart.roles().nth(k % n).map(|r| r.id))
        .flatten()
}

/// The edit an action makes on this chart; `None` when it does not apply (refused
/// moves are refused by the builders, as in the app).
fn edit_for(chart: &Chart, a: &Action) -> Option<Edit> {
    match *a {
        Action::Add(k) => Some(edit::add_subordinate(chart, nth(chart, k), "新岗位").0),
        Action::Delete(k) => edit::delete_role(chart, nth(chart, k)?).ok(),
        Action::Reparent(a, b, s) => edit::reparent(chart, nth(chart, a)?, nth(chart, b)?, s).ok(),
        Action::Collapse(k) => {
            edit::change_view(chart, nth(chart, k)?, |r| r.collapsed = !r.collapsed).ok()
        }
        Action::Pin(k, x, y) => Some(edit::pin(nth(chart, k)?, [f32::from(x), f32::from(y)])),
        Action::Rename(k) => {
            let mut r = chart.role(nth(chart, k)?)?.clone();
            r.title.push('改');
            Some(Edit::Replace(r))
        }
        Action::Arrange(lr, compact) => Some(edit::arrange(
            chart,
            Arrangement {
                orientation: if lr {
                    Orientation::LeftRight
                } else {
                    Orientation::TopDown
                },
                compact,
                anchor: chart.arrangement.anchor,
            },
        )),
        Action::Relayout(keep) => edit::relayout(chart, keep),
        Action::DeleteMany(a, b) => {
            let (a, b) = (nth(chart, a)?, nth(chart, b)?);
            let ids = if a == b { vec![a] } else { vec![a, b] };
            edit::delete_roles(chart, &ids).ok()
        }
        Action::LineKind(k, primary) => {
            // The k-th role's last superior line, made primary or secondary.
            let r = chart.role(nth(chart, k)?)?;
            let kind = if primary {
                LineKind::Primary
            } else {
                LineKind::Secondary
            };
            edit::set_line_kind(chart, *r.superiors.last()?, r.id, kind).ok()?
        }
        Action::Align(a, b, how) => {
            let how = [
                Align::Left,
                Align::Center,
                Align::Right,
                Align::Top,
                Align::Middle,
                Align::Bottom,
            ][how];
            let cards = cards(chart, &[a, b])?;
            edit::align(&cards, cards[0].1, how)
        }
        Action::Distribute(a, b, c, vertical) => {
            let axis = if vertical {
                Axis::Vertical
            } else {
                Axis::Horizontal
            };
            edit::distribute(&cards(chart, &[a, b, c])?, axis)
        }
    }
}

/// Roles picked by number with made-up card rectangles (their stored positions, or
/// a place from their id), as a selection gives them to align and distribute.
fn cards(chart: &Chart, picks: &[usize]) -> Option<Vec<(RoleId, Rect)>> {
    let mut out: Vec<(RoleId, Rect)> = Vec::new();
    for &k in picks {
        let id = nth(chart, k)?;
        if out.iter().any(|c| c.0 == id) {
            continue;
        }
        let [x, y] = chart
            .role(id)?
            .position
            .unwrap_or([id.0 as f32 * 50.0, id.0 as f32 * 7.0]);
        out.push((id, Rect::from_center_size(pos2(x, y), vec2(160.0, 60.0))));
    }
    Some(out)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn undo_all_gives_the_original_and_redo_all_the_final(actions in proptest::collection::vec(action(), 0..40)) {
        let original = orgchart::example::chart();
        let mut chart = original.clone();
        let mut history = History::default();
        let mut steps = 0;
        for a in &actions {
            if let Some(e) = edit_for(&chart, a) {
                history.seal();
                if history.apply(&mut chart, e, None).is_ok() {
                    steps += 1;
                }
            }
            // Whatever was applied, the chart stays loadable: no dangling ids, no loops.
            let text = orgchart::io::to_ron_string(&chart).unwrap();
            prop_assert!(orgchart::io::from_ron_str(&text, std::path::Path::new("p.ron")).is_ok());
            prop_assert!(orgchart::model::validate(&chart).iter().all(|f| f.kind != orgchart::model::FindingKind::Cycle));
        }
        let last = chart.clone();
        let mut undone = 0;
        while history.undo(&mut chart) {
            undone += 1;
        }
        prop_assert_eq!(undone, steps);
        prop_assert_eq!(&chart, &original);
        while history.redo(&mut chart) {}
        prop_assert_eq!(&chart, &last);
    }
}
