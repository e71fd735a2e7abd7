//! Reorganizing many roles at once, and reporting lines as things of their own: the
//! real App driven headless (pointer and keys in, document out).

mod common;

use common::{card, card_center, chart_to_screen, click_at, drag_between, harness, id_of};
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use orgchart::app::{Command, LineRef};
use orgchart::edit::{Align, Axis};
use orgchart::model::{LineKind, RoleId};

fn undo(h: &mut egui_kittest::Harness<'static, orgchart::app::OrgApp>) {
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
}

fn center_of(h: &egui_kittest::Harness<'static, orgchart::app::OrgApp>, id: RoleId) -> egui::Pos2 {
    h.state().scene().card(id).unwrap().rect.center()
}

#[test]
fn ctrl_click_selects_several_and_delete_removes_them_in_one_step() {
    let mut h = harness(orgchart::example::chart());
    let original = h.state().document().chart().clone();
    card(&h, "推广专员").click();
    h.run();
    card(&h, "淘宝美工").click_modifiers(Modifiers::COMMAND);
    h.run();
    card(&h, "文案策划").click_modifiers(Modifiers::SHIFT);
    h.run();
    let app = h.state();
    let want = [
        id_of(app, "推广专员"),
        id_of(app, "淘宝美工"),
        id_of(app, "文案策划"),
    ];
    assert_eq!(app.selected(), &want);
    // Ctrl-click again takes one out.
    card(&h, "淘宝美工").click_modifiers(Modifiers::COMMAND);
    h.run();
    assert_eq!(h.state().selected(), &[want[0], want[2]]);
    // The side panel speaks of the group.
    h.get_by_label("2 roles selected");

    h.key_press(Key::Delete);
    h.run();
    let chart = h.state().document().chart();
    assert!(chart.find_by_title("推广专员").is_none());
    assert!(chart.find_by_title("文案策划").is_none());
    assert!(chart.find_by_title("淘宝美工").is_some());
    assert!(
        chart
            .roles()
            .all(|r| r.superiors.iter().all(|s| chart.contains(*s)))
    );
    undo(&mut h);
    assert_eq!(h.state().document().chart(), &original, "one undo");
}

#[test]
fn shift_drag_on_the_background_selects_the_cards_inside_the_box() {
    let mut h = harness(orgchart::example::chart());
    let (a, b) = (card(&h, "淘宝客服").rect(), card(&h, "推广专员").rect());
    let band = a.union(b).expand(8.0);
    // Every card wholly inside the box, found from the cards themselves.
    let app = h.state();
    let to_screen = chart_to_screen(&h, "淘宝客服");
    let inside: Vec<RoleId> = app
        .scene()
        .cards
        .iter()
        .filter(|c| {
            let r = egui::Rect::from_min_max(to_screen(c.rect.min), to_screen(c.rect.max));
            band.contains_rect(r)
        })
        .map(|c| c.role)
        .collect();
    assert!(inside.len() >= 2, "{inside:?}");
    let on_a_card = |p: egui::Pos2| {
        app.scene().cards.iter().any(|c| {
            egui::Rect::from_min_max(to_screen(c.rect.min), to_screen(c.rect.max)).contains(p)
        })
    };
    assert!(!on_a_card(band.min), "the box must start on the background");

    drag_between(&mut h, band.min, band.max, Modifiers::SHIFT);
    let mut got = h.state().selected().to_vec();
    got.sort();
    let mut want = inside;
    want.sort();
    assert_eq!(got, want);
    // The background did not pan while the box was drawn.
    assert!((card(&h, "淘宝客服").rect().min - a.min).length() < 0.5);

    // Ctrl+A selects every role; a click on the background none.
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    assert_eq!(
        h.state().selected().len(),
        h.state().document().chart().len()
    );
    click_at(&mut h, band.min);
    assert!(h.state().selected().is_empty());
}

#[test]
fn dragging_one_selected_card_moves_the_whole_selection_in_one_step() {
    let mut h = harness(orgchart::example::chart());
    card(&h, "推广专员").click();
    h.run();
    card(&h, "淘宝美工").click_modifiers(Modifiers::COMMAND);
    h.run();
    let (p, m) = (id_of(h.state(), "推广专员"), id_of(h.state(), "淘宝美工"));
    let (p0, m0) = (center_of(&h, p), center_of(&h, m));
    let zoom =
        card(&h, "推广专员").rect().width() / h.state().scene().card(p).unwrap().rect.width();
    let start = card_center(&h, "推广专员");
    drag_between(
        &mut h,
        start,
        start + egui::vec2(60.0, 90.0),
        Modifiers::NONE,
    );
    let (p1, m1) = (center_of(&h, p), center_of(&h, m));
    let moved = (p1 - p0) * zoom;
    assert!((moved - egui::vec2(60.0, 90.0)).length() < 2.0, "{moved:?}");
    assert!(((m1 - m0) - (p1 - p0)).length() < 1.0, "both moved alike");
    let chart = h.state().document().chart();
    assert!(chart.role(p).unwrap().pinned && chart.role(m).unwrap().pinned);
    // Still both selected, and one undo puts both back.
    assert_eq!(h.state().selected(), &[p, m]);
    undo(&mut h);
    assert!((center_of(&h, p) - p0).length() < 0.5);
    assert!((center_of(&h, m) - m0).length() < 0.5);
}

#[test]
fn align_and_distribute_the_selected_cards() {
    let mut h = harness(orgchart::example::chart());
    let titles = ["运维专员", "淘宝店长", "推广专员"];
    card(&h, titles[0]).click();
    h.run();
    for t in &titles[1..] {
        card(&h, t).click_modifiers(Modifiers::COMMAND);
        h.run();
    }
    let ids: Vec<RoleId> = titles.iter().map(|t| id_of(h.state(), t)).collect();
    let rect = |h: &egui_kittest::Harness<'static, orgchart::app::OrgApp>, id| {
        h.state().scene().card(id).unwrap().rect
    };
    h.state_mut().command(Command::Align(Align::Top));
    h.run();
    let top = rect(&h, ids[0]).min.y;
    for &id in &ids {
        assert!((rect(&h, id).min.y - top).abs() < 0.5, "top edges in line");
    }
    let before: Vec<egui::Rect> = ids.iter().map(|&id| rect(&h, id)).collect();
    h.state_mut().command(Command::Distribute(Axis::Horizontal));
    h.run();
    let after: Vec<egui::Rect> = ids.iter().map(|&id| rect(&h, id)).collect();
    assert_ne!(before, after, "uneven gaps were evened out");
    let mut rs: Vec<egui::Rect> = ids.iter().map(|&id| rect(&h, id)).collect();
    rs.sort_by(|a, b| a.min.x.total_cmp(&b.min.x));
    let gaps = [rs[1].min.x - rs[0].max.x, rs[2].min.x - rs[1].max.x];
    assert!((gaps[0] - gaps[1]).abs() < 1.0, "{gaps:?}");
    // Each is one step.
    undo(&mut h);
    for &id in &ids {
        assert!((rect(&h, id).min.y - top).abs() < 0.5);
    }
}

#[test]
fn a_clicked_line_can_change_kind_and_be_deleted() {
    let mut h = harness(orgchart::example::chart());
    let original = h.state().document().chart().clone();
    let copy = id_of(h.state(), "文案策划");
    // A dashed (secondary) line into 文案策划: click the middle of its longest segment.
    let line = h
        .state()
        .scene()
        .connectors
        .iter()
        .find(|c| c.subordinate == Some(copy) && c.kind == LineKind::Secondary)
        .expect("a matrix line")
        .clone();
    let (a, b) = line
        .points
        .windows(2)
        .map(|w| (w[0], w[1]))
        .max_by(|x, y| x.0.distance(x.1).total_cmp(&y.0.distance(y.1)))
        .unwrap();
    let to_screen = chart_to_screen(&h, "文案策划");
    let at = to_screen(a.lerp(b, 0.5));
    click_at(&mut h, at);
    let want = LineRef {
        superior: line.superior,
        subordinate: copy,
    };
    assert_eq!(h.state().selected_line(), Some(want));
    h.get_by_label("Reporting line");

    h.state_mut()
        .command(Command::SetLineKind(LineKind::Primary));
    h.run();
    let chart = h.state().document().chart();
    assert_eq!(chart.role(copy).unwrap().superiors[0], line.superior);
    assert_eq!(
        chart.role(copy).unwrap().superiors.len(),
        original.role(copy).unwrap().superiors.len()
    );
    undo(&mut h);

    h.key_press(Key::Delete);
    h.run();
    let sups = &h.state().document().chart().role(copy).unwrap().superiors;
    assert!(!sups.contains(&line.superior), "{sups:?}");
    assert_eq!(sups.len(), original.role(copy).unwrap().superiors.len() - 1);
    undo(&mut h);
    assert_eq!(h.state().document().chart(), &original);
}

#[test]
fn a_line_drawn_from_the_handle_adds_a_superior_and_loops_are_refused() {
    let mut h = harness(orgchart::example::chart());
    let original = h.state().document().chart().clone();
    card(&h, "淘宝美工").click();
    h.run();
    let handle = h
        .get_by_label("Draw a reporting line from 淘宝美工")
        .rect()
        .center();
    let target = card_center(&h, "推广专员");
    drag_between(&mut h, handle, target, Modifiers::NONE);
    let (art, promo) = (id_of(h.state(), "淘宝美工"), id_of(h.state(), "推广专员"));
    let sups = &h.state().document().chart().role(promo).unwrap().superiors;
    assert!(sups.contains(&art), "{sups:?}: {}", h.state().status());
    assert_eq!(
        sups.len(),
        original.role(promo).unwrap().superiors.len() + 1
    );
    undo(&mut h);
    assert_eq!(h.state().document().chart(), &original);

    // From 淘宝美工 up to one of its own superiors: a loop, refused.
    let boss = original.role(art).unwrap().superiors[0];
    let boss_title = original.role(boss).unwrap().title.clone();
    card(&h, "淘宝美工").click();
    h.run();
    let handle = h
        .get_by_label("Draw a reporting line from 淘宝美工")
        .rect()
        .center();
    let target = card_center(&h, &boss_title);
    drag_between(&mut h, handle, target, Modifiers::NONE);
    assert_eq!(h.state().document().chart(), &original);
    assert!(
        h.state().status().contains("No line drawn"),
        "{}",
        h.state().status()
    );
}

#[test]
fn after_adding_a_role_a_change_of_structure_lays_the_chart_out_again() {
    // Adding freezes every card where it is; deleting 客服主管 then moves 淘宝客服 up
    // a level. Frozen cards must not stay where the new tree puts the new role.
    let mut h = harness(orgchart::example::chart());
    card(&h, "淘宝客服").click();
    h.run();
    h.state_mut().command(Command::AddSubordinate);
    h.run();
    let boss = id_of(h.state(), "客服主管");
    h.state_mut().select(Some(boss));
    h.state_mut().command(Command::DeleteSelected);
    h.run();
    let cards = &h.state().scene().cards;
    assert_eq!(cards.len(), h.state().document().chart().len());
    for (i, a) in cards.iter().enumerate() {
        for b in &cards[i + 1..] {
            assert!(
                !a.rect.intersects(b.rect),
                "{} and {} overlap",
                a.role,
                b.role
            );
        }
    }
}

#[test]
fn a_click_on_a_shared_trunk_picks_the_line_to_the_nearest_subordinate() {
    let mut h = harness(orgchart::example::chart());
    let (boss, shop) = (id_of(h.state(), "运营经理"), id_of(h.state(), "淘宝店长"));
    let scene = h.state().scene();
    // The bus: the trunk's horizontal segment; the drop to 淘宝店长 leaves it at x.
    let bus_y = scene
        .connectors
        .iter()
        .filter(|c| c.superior == boss && c.subordinate.is_none())
        .flat_map(|c| {
            c.points
                .windows(2)
                .map(|w| (w[0], w[1]))
                .collect::<Vec<_>>()
        })
        .find(|(a, b)| (a.y - b.y).abs() < 0.1 && (a.x - b.x).abs() > 1.0)
        .expect("a bus")
        .0
        .y;
    let drop_x = scene
        .connectors
        .iter()
        .find(|c| c.superior == boss && c.subordinate == Some(shop))
        .expect("a drop")
        .points[0]
        .x;
    let to_screen = chart_to_screen(&h, "淘宝店长");
    let at = to_screen(egui::pos2(drop_x + 12.0, bus_y));
    click_at(&mut h, at);
    assert_eq!(
        h.state().selected_line(),
        Some(LineRef {
            superior: boss,
            subordinate: shop
        })
    );
}

#[test]
fn add_superior_lists_a_filtered_few_even_on_a_big_chart() {
    let mut h = harness(orgchart::example::chart());
    card(&h, "推广专员").click();
    h.run();
    h.get_by_label("Add superior").click();
    h.run();
    // The filter field has the keyboard as soon as the list opens.
    h.run();
    assert!(h.query_by_label("运维专员  ·  运营部").is_some());
    h.event(egui::Event::Text("店长".into()));
    h.run();
    assert!(
        h.query_by_label("运维专员  ·  运营部").is_none(),
        "filtered out"
    );
    h.get_by_label("淘宝店长  ·  运营部").click();
    h.run();
    let app = h.state();
    let sups = &app
        .document()
        .chart()
        .role(id_of(app, "推广专员"))
        .unwrap()
        .superiors;
    assert!(sups.contains(&id_of(app, "淘宝店长")), "{sups:?}");

    // 3,000 roles: the open list shows a bounded few and says there are more.
    let mut h = harness(orgchart::generate::synthetic(3_000, 5));
    h.state_mut().select(Some(RoleId(2501)));
    h.run();
    h.get_by_label("Add superior").click();
    h.run();
    let listed = h
        .query_all(egui_kittest::kittest::by().label_contains("  ·  "))
        .count();
    assert!((1..=50).contains(&listed), "{listed} listed");
    h.get_by_label("more… type to narrow the list");
}
