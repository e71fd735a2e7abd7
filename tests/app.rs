//! The real App, driven headless with egui_kittest: pointer and keyboard in, document out.

mod common;

use common::{card, card_center, click_at, drag_between, harness, harness_with, id_of};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable, by};
use orgchart::app::{Command, OrgApp};
use orgchart::model::Chart;

/// The side panel's text field holding a duty's text.
fn duty_field<'a>(h: &'a Harness<'static, OrgApp>, text: &'a str) -> egui_kittest::Node<'a> {
    h.get_all(
        by().value(text)
            .role(egui::accesskit::Role::MultilineTextInput),
    )
    .next()
    .unwrap()
}

#[test]
fn click_a_card_selects_it_and_shows_its_duties() {
    let mut h = harness(orgchart::example::chart());
    card(&h, "淘宝客服").click();
    h.run();
    let want = id_of(h.state(), "淘宝客服");
    assert_eq!(h.state().selection(), Some(want));
    // The side panel shows the nested duties as editable text.
    duty_field(&h, "售前");
    duty_field(&h, "核对客户订单");
}

#[test]
fn editing_a_duty_is_one_undoable_step() {
    let mut h = harness(orgchart::example::chart());
    let original = h.state().document().chart().clone();
    card(&h, "淘宝客服").click();
    h.run();
    duty_field(&h, "核对客户订单").focus();
    h.run();
    duty_field(&h, "核对客户订单").type_text("与发票");
    h.run();
    let role = id_of(h.state(), "淘宝客服");
    let edited = h.state().document().chart().role(role).unwrap().duties[0].items[3]
        .text
        .clone();
    assert!(
        edited.contains("核对客户订单") && edited.contains("与发票"),
        "{edited}"
    );
    assert!(h.state().document().is_dirty());

    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(
        h.state().document().chart(),
        &original,
        "one undo reverts all the typing"
    );
    assert!(!h.state().document().is_dirty());

    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run();
    let redone = h.state().document().chart().role(role).unwrap().duties[0].items[3]
        .text
        .clone();
    assert_eq!(redone, edited);
}

#[test]
fn dragging_a_card_moves_it_in_one_step() {
    let mut h = harness(orgchart::example::chart());
    let role = id_of(h.state(), "推广专员");
    let start = card(&h, "推广专员").rect().center();
    h.hover_at(start);
    h.run();
    h.drag_at(start);
    h.run();
    for i in 1..=10 {
        h.hover_at(start + egui::vec2(4.0 * i as f32, 11.0 * i as f32));
        h.run();
    }
    h.drop_at(start + egui::vec2(40.0, 110.0));
    h.run();
    let pos = h.state().document().chart().role(role).unwrap().position;
    let [x, y] = pos.unwrap_or_else(|| {
        panic!(
            "the dragged card has a manual position now; {}",
            h.state().status()
        )
    });
    let card_after = card(&h, "推广专员").rect().center();
    assert!(
        (card_after - (start + egui::vec2(40.0, 110.0))).length() < 2.0,
        "{card_after:?}"
    );

    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(
        h.state().document().chart().role(role).unwrap().position,
        None,
        "one undo"
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    h.run();
    assert_eq!(
        h.state().document().chart().role(role).unwrap().position,
        Some([x, y])
    );
}

#[test]
fn delete_key_removes_the_selected_role_and_reattaches() {
    let mut h = harness(orgchart::example::chart());
    card(&h, "客服主管").click();
    h.run();
    h.key_press(Key::Delete);
    h.run();
    let app = h.state();
    let chart = app.document().chart();
    assert!(chart.find_by_title("客服主管").is_none());
    let manager = chart.find_by_title("运营经理").unwrap().id;
    assert_eq!(
        chart.find_by_title("淘宝客服").unwrap().superiors,
        vec![manager]
    );
    assert!(app.selection().is_none());
}

#[test]
fn opening_a_broken_file_keeps_the_document() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.ron");
    std::fs::write(
        &bad,
        "(format: \"orgchart\", version: 1, roles: [(id: 1, title: )])",
    )
    .unwrap();
    let mut h = harness(orgchart::example::chart());
    let before = h.state().document().chart().clone();
    h.state_mut().open_path(&bad);
    h.run();
    assert_eq!(h.state().document().chart(), &before);
    let err = h.state().error().unwrap().to_owned();
    assert!(err.contains("bad.ron:1:"), "{err}");
}

#[test]
fn unsaved_changes_are_asked_about_before_they_are_thrown_away() {
    let mut h = harness(orgchart::example::chart());
    assert_eq!(h.state().window_title(), "Untitled — orgchart");
    card(&h, "客服主管").click();
    h.run();
    h.key_press(Key::Delete);
    h.run();
    assert_eq!(h.state().window_title(), "● Untitled — orgchart");
    let edited = h.state().document().chart().clone();

    h.state_mut().command(Command::New);
    h.run();
    // Behind the question, keys do nothing to the document.
    let service = id_of(h.state(), "淘宝客服");
    h.state_mut().select(Some(service));
    h.key_press(Key::Delete);
    h.run();
    assert_eq!(h.state().document().chart(), &edited);
    h.get_by_label("Cancel").click();
    h.run();
    assert_eq!(
        h.state().document().chart(),
        &edited,
        "cancel keeps the work"
    );

    h.state_mut().command(Command::New);
    h.run();
    h.get_by_label("Don't save").click();
    h.run();
    assert!(h.state().document().chart().is_empty());
    assert!(!h.state().document().is_dirty());
}

#[test]
fn save_writes_the_file_and_clears_the_marker() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.ron");
    orgchart::io::save(&orgchart::example::chart(), &path).unwrap();
    let mut h = harness(Chart::new(""));
    h.state_mut().open_path(&path);
    h.run();
    assert_eq!(h.state().window_title(), "team.ron — orgchart");
    card(&h, "推广专员").click();
    h.run();
    h.key_press(Key::Delete);
    h.run();
    assert_eq!(h.state().window_title(), "● team.ron — orgchart");
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert_eq!(h.state().window_title(), "team.ron — orgchart");
    let saved = orgchart::io::load(&path).unwrap();
    assert!(saved.find_by_title("推广专员").is_none());
    assert_eq!(&saved, h.state().document().chart());
}

#[test]
fn superiors_can_be_reordered_and_removed_in_the_panel() {
    let mut h = harness(orgchart::example::chart());
    let role = id_of(h.state(), "文案策划");
    let titles = |h: &Harness<'static, OrgApp>| -> Vec<String> {
        let c = h.state().document().chart();
        c.role(role)
            .unwrap()
            .superiors
            .iter()
            .map(|&s| c.role(s).unwrap().title.clone())
            .collect()
    };
    card(&h, "文案策划").click();
    h.run();
    h.get_all_by_label("Make primary").next().unwrap().click();
    h.run();
    assert_eq!(titles(&h), ["运营主管", "运营经理", "淘宝店长"]);
    h.get_all_by_label("Remove").last().unwrap().click();
    h.run();
    assert_eq!(titles(&h), ["运营主管", "运营经理"]);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(titles(&h), ["运营经理", "运营主管", "淘宝店长"]);
}

#[test]
fn a_duty_can_be_indented_from_its_menu() {
    let mut h = harness(orgchart::example::chart());
    let role = id_of(h.state(), "推广专员");
    let before = h
        .state()
        .document()
        .chart()
        .role(role)
        .unwrap()
        .duties
        .clone();
    card(&h, "推广专员").click();
    h.run();
    h.get_all_by_label("⋯").nth(1).unwrap().click();
    h.run();
    h.get_by_label("Indent (make sub-item)").click();
    h.run();
    let after = h
        .state()
        .document()
        .chart()
        .role(role)
        .unwrap()
        .duties
        .clone();
    assert_eq!(after.len(), before.len() - 1);
    assert_eq!(after[0].items, vec![before[1].clone()]);
}

#[test]
fn findings_are_live_and_clicking_one_selects_its_role() {
    let mut h = harness(orgchart::example::chart());
    h.get_by_label("营销经理 lists 运营主管 as a subordinate, but 运营主管 does not name 营销经理 as a superior")
        .click();
    h.run();
    assert_eq!(h.state().selection(), Some(id_of(h.state(), "营销经理")));

    // Removing a contradicted line ends its finding at once.
    let message = "推广专员 names 营销经理 as a superior, but 营销经理 does not list 推广专员 as a subordinate";
    assert!(h.query_by_label(message).is_some());
    card(&h, "推广专员").click();
    h.run();
    h.get_by_label("Remove").click();
    h.run();
    assert!(h.query_by_label(message).is_none());
    h.get_by_label_contains("Findings (10)");
}

#[test]
fn importing_job_descriptions_gives_an_unsaved_chart_with_its_findings() {
    let mut h = harness(Chart::new(""));
    let seed = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/seed/taobao-ops-job-descriptions.txt");
    h.state_mut().import_path(&seed);
    h.run();
    let app = h.state();
    assert_eq!(app.document().chart().len(), 12);
    assert!(app.document().is_dirty(), "an import has no file yet");
    h.get_by_label_contains("Findings (11)");
    card(&h, "文案策划");
}

/// Where a card is drawn on screen, by title.
fn drag(h: &mut Harness<'static, OrgApp>, title: &str, by: egui::Vec2) {
    let start = card_center(h, title);
    drag_between(h, start, start + by, Modifiers::NONE);
}

#[test]
fn layout_key_keeps_pinned_cards_and_reset_moves_them_back() {
    let mut h = harness(orgchart::example::chart());
    let role = id_of(h.state(), "推广专员");
    drag(&mut h, "推广专员", egui::vec2(60.0, 110.0));
    let chart = h.state().document().chart();
    assert!(chart.role(role).unwrap().pinned, "a dragged card is pinned");
    let pinned_at = chart.role(role).unwrap().position;

    // Adding a role moves no other card.
    let before: Vec<egui::Pos2> = ["运营总监", "淘宝店长", "推广专员"]
        .iter()
        .map(|t| card_center(&h, t))
        .collect();
    card(&h, "运营经理").click();
    h.run();
    h.state_mut().command(Command::AddSubordinate);
    h.run();
    h.run();
    assert_eq!(h.state().document().chart().len(), 13);
    let after: Vec<egui::Pos2> = ["运营总监", "淘宝店长", "推广专员"]
        .iter()
        .map(|t| card_center(&h, t))
        .collect();
    for (b, a) in before.iter().zip(&after) {
        assert!((*b - *a).length() < 1.0, "{b:?} moved to {a:?}");
    }
    let new_card = card_center(&h, "新岗位");
    assert!(
        new_card.y > card_center(&h, "运营经理").y,
        "the new role sits below its superior"
    );

    // L lays out again: the pinned card stays, the others follow the layout.
    h.key_press(Key::Escape);
    h.run();
    h.state_mut().select(None);
    h.key_press(Key::L);
    h.run();
    let chart = h.state().document().chart();
    assert_eq!(chart.role(role).unwrap().position, pinned_at);
    assert_eq!(chart.roles().filter(|r| r.position.is_some()).count(), 1);

    // Reset all positions: nothing pinned any more; one undo brings the pin back.
    h.state_mut().command(Command::ResetPositions);
    h.run();
    assert!(
        h.state()
            .document()
            .chart()
            .roles()
            .all(|r| r.position.is_none() && !r.pinned)
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(
        h.state().document().chart().role(role).unwrap().position,
        pinned_at
    );
}

#[test]
fn folding_a_subtree_from_its_card_hides_it_and_is_saved() {
    let mut h = harness(orgchart::example::chart());
    h.get_by_role_and_label(egui::accesskit::Role::Button, "Collapse 运营主管")
        .click();
    h.run();
    h.run();
    let id = id_of(h.state(), "运营主管");
    assert!(h.state().document().chart().role(id).unwrap().collapsed);
    assert!(
        h.query_by_label("运维专员").is_none(),
        "folded roles are not drawn"
    );
    // The card says how many roles it hides (运维专员 and 淘宝美工).
    let scene = orgchart::scene::build_plain(h.state().document().chart());
    let folded = scene.card(id).unwrap();
    assert!(
        folded.text.iter().any(|t| &*t.text == "+2"),
        "{:?}",
        folded.text
    );
    let text = orgchart::io::to_ron_string(h.state().document().chart()).unwrap();
    assert!(text.contains("collapsed: true"), "saved in the file");
    h.get_by_role_and_label(egui::accesskit::Role::Button, "Expand 运营主管")
        .click();
    h.run();
    h.run();
    assert!(h.query_by_label("运维专员").is_some());
}

#[test]
fn orientation_and_compact_from_the_arrange_menu() {
    let mut h = harness(orgchart::example::chart());
    let boss = card_center(&h, "运营总监");
    let sub = card_center(&h, "运营经理");
    assert!(sub.y > boss.y + 20.0);
    h.get_by_label("Arrange").click();
    h.run();
    h.get_by_label("Left to right").click();
    h.run();
    h.run();
    let chart = h.state().document().chart();
    assert_eq!(
        chart.arrangement.orientation,
        orgchart::model::Orientation::LeftRight
    );
    let boss = card_center(&h, "运营总监");
    let sub = card_center(&h, "运营经理");
    assert!(sub.x > boss.x + 20.0, "{boss:?} {sub:?}");
    let text = orgchart::io::to_ron_string(h.state().document().chart()).unwrap();
    assert!(text.contains("orientation: LeftRight"), "{text}");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(
        h.state().document().chart().arrangement.orientation,
        orgchart::model::Orientation::TopDown
    );
}

/// Presses Export in the export dialog and waits for the export, which runs on its own
/// thread while the window keeps drawing. The export asks for a frame whenever it gets
/// on, and what shows when it ends (new widgets) for one more: while it runs, the
/// window need not settle within the harness's few steps of a `run`.
fn press_export_and_wait(h: &mut Harness<'static, OrgApp>) {
    h.get_by_role_and_label(egui::accesskit::Role::Button, "Export")
        .click();
    let _ = h.try_run();
    for _ in 0..500 {
        if h.state().export_progress().is_none() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
        let _ = h.try_run();
    }
    h.run_steps(4);
    h.run();
}

#[test]
fn export_dialog_writes_a_2x_png_of_the_selected_branch_off_the_ui_thread() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("branch.png");
    let mut h = harness(orgchart::example::chart());
    card(&h, "运营主管").click();
    h.run();
    h.state_mut().export_to(&path);
    h.run();
    h.get_by_label("2×").click();
    h.run();
    h.get_by_label("Transparent").click();
    h.run();
    h.get_by_label("运营主管 and below").click();
    h.run();
    press_export_and_wait(&mut h);
    assert!(
        h.state().status().starts_with("Exported"),
        "{}",
        h.state().status()
    );
    let img = image::open(&path).unwrap().to_rgba8();
    assert_eq!(img.get_pixel(0, 0)[3], 0, "transparent");
    // 运营主管 and its two subordinates: three cards, two rows, at 2×.
    let whole = orgchart::export::png::image_size(
        &orgchart::scene::build_plain(h.state().document().chart()),
        &orgchart::export::png::PngOptions::default(),
    )
    .unwrap();
    assert!(
        img.width() < whole.0 && img.height() < 2 * whole.1 && img.height() > whole.1 / 2,
        "{:?} vs {whole:?}",
        img.dimensions()
    );
}

/// The app on `chart` with the export dialog open for `path`.
fn export_dialog(chart: Chart, path: &std::path::Path) -> Harness<'static, OrgApp> {
    let mut h = harness(chart);
    h.state_mut().export_to(path);
    h.run();
    h
}

#[test]
fn cancelling_the_export_dialog_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no.svg");
    let mut h = export_dialog(orgchart::example::chart(), &path);
    h.get_by_label("Cancel").click();
    h.run();
    assert!(!path.exists());
    assert_eq!(h.state().status(), "Cancelled");
}

#[test]
fn the_export_dialog_tells_the_picture_size_and_warns_before_a_huge_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chart.png");
    let mut h = export_dialog(orgchart::example::chart(), &path);
    let size = |h: &Harness<'static, OrgApp>| {
        h.get_all(by().label_contains("Picture: "))
            .next()
            .and_then(|n| n.accesskit_node().value())
    };
    let small = size(&h).expect("a size line");
    assert!(small.ends_with(" pixels"), "{small}");
    assert!(h.query_by_label_contains("32,767").is_none());
    // At 4×, the size is four times as large.
    h.get_by_label("4×").click();
    h.run();
    let big = size(&h).expect("a size line");
    assert_ne!(small, big);
    h.get_by_label("Cancel").click();
    h.run();

    // 3,000 roles side by side at 4× are too wide for most viewers.
    let mut h = export_dialog(orgchart::generate::synthetic(3_000, 2), &path);
    h.get_by_label("4×").click();
    h.run();
    assert!(h.query_by_label_contains("32,767").is_some());
    h.get_by_label("Cancel").click();
    h.run();

    // 20,000 roles side by side are too wide to write at all: said, and Export is off.
    let mut h = export_dialog(orgchart::generate::synthetic(20_000, 2), &path);
    assert!(
        h.query_by_label_contains("Too large at this scale")
            .is_some()
    );
    let export = h.get_by_role_and_label(egui::accesskit::Role::Button, "Export");
    assert!(export.accesskit_node().is_disabled());
    h.key_press(Key::Enter);
    h.run();
    assert!(
        h.state().export_progress().is_none(),
        "Enter started the export"
    );
    h.get_by_label("Cancel").click();
    h.run();
    assert!(!path.exists());
}

/// Drags one card onto another (optionally holding Alt at the drop).
fn drop_onto(h: &mut Harness<'static, OrgApp>, title: &str, onto: &str, alt: bool) {
    let (start, end) = (card_center(h, title), card_center(h, onto));
    let held = if alt { Modifiers::ALT } else { Modifiers::NONE };
    drag_between(h, start, end, held);
}

#[test]
fn dropping_a_card_on_another_reorganizes_and_loops_are_refused() {
    let mut h = harness(orgchart::example::chart());
    let original = h.state().document().chart().clone();
    let (promo, ops_lead) = (id_of(h.state(), "推广专员"), id_of(h.state(), "运营主管"));

    // 推广专员 moves under 运营主管: one undo step.
    drop_onto(&mut h, "推广专员", "运营主管", false);
    let chart = h.state().document().chart();
    assert_eq!(
        chart.role(promo).unwrap().primary_superior(),
        Some(ops_lead),
        "{}",
        h.state().status()
    );
    assert!(
        card_center(&h, "推广专员").y > card_center(&h, "运营主管").y + 20.0,
        "laid out below its new superior"
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().document().chart(), &original);

    // With Alt it becomes a dotted line instead; the primary superior stays.
    drop_onto(&mut h, "推广专员", "运营主管", true);
    let sups = h
        .state()
        .document()
        .chart()
        .role(promo)
        .unwrap()
        .superiors
        .clone();
    assert_eq!(sups.len(), 2, "{}", h.state().status());
    assert_eq!(sups[1], ops_lead);
    assert_eq!(sups[0], original.role(promo).unwrap().superiors[0]);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();

    // 运营经理 onto 运维专员 (below it) would close a loop: refused, nothing changes.
    drop_onto(&mut h, "运营经理", "运维专员", false);
    assert_eq!(h.state().document().chart(), &original);
    assert!(
        h.state().status().starts_with("Not moved"),
        "{}",
        h.state().status()
    );
}

#[test]
fn tab_adds_a_subordinate_and_enter_a_sibling_with_the_title_ready_to_type() {
    let mut h = harness(orgchart::example::chart());
    card(&h, "运营主管").click();
    h.run();
    h.key_press(Key::Tab);
    h.run();
    h.run();
    let lead = id_of(h.state(), "运营主管");
    let new = h.state().selection().unwrap();
    assert_eq!(
        h.state().document().chart().role(new).unwrap().superiors,
        vec![lead]
    );
    // The title field has the keyboard with its text selected: typing replaces it.
    let field = h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Title");
    assert!(field.is_focused(), "the title field has the keyboard");
    h.event(egui::Event::Text("直播主管".into()));
    h.run();
    assert_eq!(
        h.state().document().chart().role(new).unwrap().title,
        "直播主管"
    );

    // Enter (outside a text field) adds a sibling of the selected role.
    h.state_mut().select(Some(new));
    h.run();
    h.key_press(Key::Escape);
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::Button, "直播主管")
        .click();
    h.run();
    h.key_press(Key::Enter);
    h.run();
    h.run();
    let sibling = h.state().selection().unwrap();
    assert_ne!(sibling, new);
    assert_eq!(
        h.state()
            .document()
            .chart()
            .role(sibling)
            .unwrap()
            .superiors,
        vec![lead]
    );
}

#[test]
fn find_jumps_to_a_role_by_duty_text() {
    let mut h = harness(orgchart::example::chart());
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run();
    h.run();
    h.event(egui::Event::Text("售后".into()));
    h.run();
    h.key_press(Key::Enter);
    h.run();
    let sel = h
        .state()
        .selection()
        .expect("Enter selects the first result");
    let role = h.state().document().chart().role(sel).unwrap().clone();
    let text = format!("{role:?}");
    assert!(text.contains("售后"), "{}", role.title);
    h.key_press(Key::Escape);
    h.run();
    assert!(
        h.query_by_label("Find").is_none(),
        "Escape closes the search"
    );
}

/// The example chart in a session with crash recovery in `dir`.
fn recovering_harness(dir: &std::path::Path) -> Harness<'static, OrgApp> {
    // English first (harness_with): the recovery check may already report in it.
    let dir = dir.to_owned();
    harness_with(orgchart::example::chart(), move |app| {
        app.with_recovery(dir)
    })
}

#[test]
fn unsaved_work_is_kept_for_recovery_and_offered_back_after_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let recovery_dir = dir.path().to_owned();
    // A session edits and then "crashes" (is dropped without closing).
    {
        let mut h = recovering_harness(&recovery_dir);
        assert!(!h.state().offers_recovery());
        card(&h, "淘宝客服").click();
        h.run();
        h.key_press(Key::Delete);
        h.run();
        assert_eq!(h.state().document().chart().len(), 11);
        h.state_mut().autosave_now();
        assert!(recovery_dir.join("recovery.ron").exists());
    }
    // The next start offers it; Restore brings back the edited chart, unsaved.
    let mut h = recovering_harness(&recovery_dir);
    assert!(h.state().offers_recovery());
    h.get_by_label("Restore").click();
    h.run();
    assert_eq!(h.state().document().chart().len(), 11);
    assert!(h.state().document().is_dirty());
    drop(h);
    // Discard, in a third session, removes the file.
    let mut h = recovering_harness(&recovery_dir);
    h.get_by_label("Discard").click();
    h.run();
    assert!(!recovery_dir.join("recovery.ron").exists());
    assert_eq!(h.state().document().chart().len(), 12);
}

#[test]
fn cut_and_paste_move_a_branch_and_departments_get_colours() {
    let mut h = harness(orgchart::example::chart());
    card(&h, "运营主管").click();
    h.run();
    h.event(egui::Event::Cut);
    h.run();
    h.run();
    assert_eq!(
        h.state().document().chart().len(),
        9,
        "{}",
        h.state().status()
    );
    assert!(h.query_by_label("运维专员").is_none());
    card(&h, "营销经理").click();
    h.run();
    h.event(egui::Event::Paste(String::new()));
    h.run();
    h.run();
    let chart = h.state().document().chart().clone();
    assert_eq!(chart.len(), 12);
    let boss = chart.find_by_title("营销经理").unwrap().id;
    assert_eq!(
        chart.find_by_title("运营主管").unwrap().superiors,
        vec![boss]
    );
    // Undo twice: the chart as it was.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().document().chart(), &orgchart::example::chart());

    // Two departments: cards are tinted, and the scene carries a legend.
    let mut two = orgchart::example::chart();
    let id = two.find_by_title("营销经理").unwrap().id;
    two.role_mut(id).unwrap().department = "市场部".into();
    let scene = orgchart::scene::build_plain(&two);
    assert_eq!(scene.legend.len(), 2);
    assert_ne!(scene.card(id).unwrap().fill, scene.cards[1].fill);
    let one = orgchart::scene::build_plain(&orgchart::example::chart());
    assert!(one.legend.is_empty(), "one department: plain cards");
}

#[test]
fn clicking_the_minimap_looks_elsewhere() {
    let mut h = harness(orgchart::example::chart());
    // The whole chart on screen: no minimap needed.
    assert!(
        h.query_by_role_and_label(egui::accesskit::Role::Button, "Minimap")
            .is_none()
    );
    // Zoom in first, so there is somewhere else to look.
    h.state_mut().zoom_to(2.0);
    h.run();
    let map = h
        .get_by_role_and_label(egui::accesskit::Role::Button, "Minimap")
        .rect();
    // The canvas centre, roughly: left of the side panel, above the findings.
    let center = egui::pos2(490.0, 350.0);
    assert!(
        h.query_by_role_and_label(egui::accesskit::Role::Button, "运维专员")
            .is_none(),
        "at 200 % around the middle, 运维专员 is off screen"
    );
    // The bottom-left corner of the minimap: the bottom-left of the chart.
    let target = map.left_bottom() + egui::vec2(3.0, -3.0);
    h.hover_at(target);
    h.run();
    click_at(&mut h, target);
    let after = (card_center(&h, "运维专员") - center).length();
    assert!(after < 300.0, "运维专员 is {after} px from the centre");
}

#[test]
fn a_dark_desktop_gets_a_dark_chart_and_exports_what_it_shows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dark.png");
    let mut h = harness(orgchart::example::chart());
    h.ctx.set_theme(egui::ThemePreference::Dark);
    h.run();
    h.run();
    h.state_mut().export_to(&path);
    h.run();
    press_export_and_wait(&mut h);
    let img = image::open(&path).unwrap().to_rgba8();
    let corner = img.get_pixel(0, 0);
    assert!(
        corner[0] < 60 && corner[1] < 60 && corner[2] < 60,
        "{corner:?}"
    );
}

#[test]
fn opened_and_saved_files_are_remembered_as_recent() {
    let dir = tempfile::tempdir().unwrap();
    let chart = dir.path().join("team.ron");
    orgchart::io::save(&orgchart::example::chart(), &chart).unwrap();
    let list = dir.path().join("recent.txt");
    let l = list.clone();
    let mut h = harness_with(Chart::new(""), move |app| app.with_recent_files(l));
    assert!(h.state().recent_files().is_empty());
    h.state_mut().open_path(&chart);
    h.run();
    assert_eq!(h.state().recent_files().len(), 1);
    assert!(std::fs::read_to_string(&list).unwrap().contains("team.ron"));
    // File → Open Recent lists it.
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Open Recent").hover();
    h.run();
    assert!(
        h.query_all(
            by().label_contains("team.ron")
                .role(egui::accesskit::Role::Button)
        )
        .next()
        .is_some()
    );
}

#[test]
fn shift_f_zooms_to_the_selected_branch() {
    let mut h = harness(orgchart::example::chart());
    let width = |h: &Harness<'static, OrgApp>| card(h, "运营主管").rect().width();
    let before = width(&h);
    card(&h, "运营主管").click();
    h.run();
    h.key_press_modifiers(Modifiers::SHIFT, Key::F);
    h.run();
    h.run();
    // 运营主管 and its two subordinates fill the canvas: the cards are drawn larger
    // (fitting never zooms past 100 %), and all three are on screen.
    assert!(width(&h) > before * 1.1, "{before} -> {}", width(&h));
    for t in ["运维专员", "淘宝美工"] {
        assert!(
            h.query_by_role_and_label(egui::accesskit::Role::Button, t)
                .is_some(),
            "{t}"
        );
    }
}

#[test]
fn typing_on_a_big_chart_redraws_the_canvas_once_typing_pauses() {
    // Rebuilding a big chart's scene takes long. A title typed is drawn at once, even
    // when the card grows a line: the layout follows that card (`layout::Live`). A
    // department typed changes colours and the legend: the scene is built again, and
    // the canvas waits for a pause in typing. Undo is drawn at once.
    let chart = orgchart::generate::synthetic(12_000, 3);
    let first = chart.roles().next().unwrap().id;
    let mut h = harness(chart);
    h.state_mut()
        .set_typing_pause(std::time::Duration::from_secs(3600));
    h.state_mut().select(Some(first));
    h.run();
    let field = |h: &mut Harness<'static, OrgApp>, label: &str| {
        h.get_by_role_and_label(egui::accesskit::Role::TextInput, label)
            .focus();
        h.run();
        h.key_press(Key::End);
    };
    field(&mut h, "Title");
    let drawn = |h: &Harness<'static, OrgApp>| -> String {
        let card = h.state().scene().card(first).unwrap();
        card.text.iter().map(|l| &*l.text).collect()
    };
    let height =
        |h: &Harness<'static, OrgApp>| h.state().scene().card(first).unwrap().rect.height();
    let before = height(&h);
    let builds = h.state().scene_builds();
    h.event(egui::Event::Text("甲".into()));
    h.step();
    h.step();
    assert!(drawn(&h).contains('甲'), "one letter more: drawn at once");
    assert_eq!(height(&h), before);

    // Enough to wrap onto another line: the card grows, drawn at once.
    h.event(egui::Event::Text("丙丁戊己庚辛壬癸子丑寅卯辰巳午未".into()));
    h.step();
    h.step();
    assert!(drawn(&h).contains('未'), "not drawn at once: {}", drawn(&h));
    assert!(height(&h) > before, "the card grew a line");
    assert_eq!(h.state().scene_builds(), builds, "patched, not built again");
    assert_drawn_as_fresh(&h, "a title typed that wraps");

    // A department typed: built again once typing pauses.
    field(&mut h, "Department");
    h.event(egui::Event::Text("乙乙".into()));
    h.step();
    h.step();
    let department = |h: &Harness<'static, OrgApp>| {
        h.state()
            .document()
            .chart()
            .role(first)
            .unwrap()
            .department
            .clone()
    };
    assert!(department(&h).ends_with("乙乙"));
    assert!(!drawn(&h).contains('乙'), "built again while typing");
    h.state_mut().set_typing_pause(std::time::Duration::ZERO);
    h.step();
    assert!(
        drawn(&h).contains("乙乙"),
        "not redrawn after the pause: {}",
        drawn(&h)
    );

    // Typing again, then undo: the undone chart is drawn straight away.
    h.state_mut()
        .set_typing_pause(std::time::Duration::from_secs(3600));
    h.event(egui::Event::Text("亥亥".into()));
    h.step();
    h.step();
    assert!(!drawn(&h).contains('亥'), "built again while typing");
    h.state_mut().command(Command::Undo);
    h.step();
    h.step();
    assert!(!department(&h).contains('亥'), "{}", department(&h));
    assert!(!drawn(&h).contains('亥'), "{}", drawn(&h));
    assert_drawn_as_fresh(&h, "undo");
}

/// The app's scene after `h`'s last change, against a fresh build of the same chart.
fn assert_drawn_as_fresh(h: &Harness<'static, OrgApp>, what: &str) {
    let mut other = harness(h.state().document().chart().clone());
    other.run();
    assert_eq!(h.state().scene(), other.state().scene(), "{what}");
}

/// Applies `edit`, then undoes it, checking the picture after each against a fresh
/// build, and that the scene was built again (not patched) exactly when `rebuilds`.
fn edit_and_undo(
    h: &mut Harness<'static, OrgApp>,
    edit: orgchart::edit::Edit,
    rebuilds: [bool; 2],
    what: &str,
) {
    let builds = h.state().scene_builds();
    h.state_mut().apply_edit(edit);
    h.run();
    assert_drawn_as_fresh(h, &format!("after {what}"));
    let after = h.state().scene_builds();
    assert_eq!(after > builds, rebuilds[0], "built again after {what}");
    h.state_mut().command(Command::Undo);
    h.run();
    assert_drawn_as_fresh(h, &format!("after undoing {what}"));
    assert_eq!(
        h.state().scene_builds() > after,
        rebuilds[1],
        "built again after undoing {what}"
    );
}

#[test]
fn typing_and_moving_cards_change_the_picture_as_building_it_again_would() {
    // Typing a duty leaves the scene as it is, typing a title patches one card, moving
    // cards by hand redraws them and the lines without laying the chart out: what is
    // drawn must be what a fresh build of the same chart draws.
    use orgchart::edit::{Edit, Placement};
    let mut h = harness(orgchart::example::chart());
    h.run();
    let role = |h: &Harness<'static, OrgApp>, title: &str| {
        let id = id_of(h.state(), title);
        h.state().document().chart().role(id).unwrap().clone()
    };
    /// A change to a role, whether it makes the chart be laid out again, and its name.
    type RoleEdit = (fn(&mut orgchart::model::Role), bool, &'static str);
    let edits: [RoleEdit; 4] = [
        (|r| r.duties[0].text.push_str("，每周复盘"), false, "a duty"),
        (|r| r.title.push('A'), false, "a letter in a title"),
        // Long enough to wrap: the card grows, the layout follows it.
        (
            |r| r.title.push_str("与数据分析及店铺活动策划统筹负责人"),
            false,
            "a title that wraps",
        ),
        (|r| r.department.push('部'), true, "a department"),
    ];
    for (edit, rebuilds, what) in edits {
        let mut r = role(&h, "淘宝客服");
        edit(&mut r);
        edit_and_undo(&mut h, Edit::Replace(r), [rebuilds; 2], what);
    }

    let at = |role, x: f32, y: f32, pinned| Placement {
        role,
        position: Some([x, y]),
        pinned,
    };
    // The example as it comes, and left to right, compact, with a role folded away.
    let mut other = orgchart::example::chart();
    other.arrangement.orientation = orgchart::model::Orientation::LeftRight;
    other.arrangement.compact = true;
    for (compact, chart) in [(false, orgchart::example::chart()), (true, other)] {
        let mut h = harness(chart);
        h.run();
        let id = |title| id_of(h.state(), title);
        let (a, b, c, d) = (
            id("淘宝客服"),
            id("运营主管"),
            id("文案策划"),
            id("客服主管"),
        );
        let mut fold = h.state().document().chart().role(d).unwrap().clone();
        fold.collapsed = true;
        h.state_mut().apply_edit(Edit::Replace(fold));
        h.run();
        let moves = [
            // One card dragged: its line, its subordinates' and matrix lines follow.
            (
                Edit::Place(vec![at(b, 40.0, 500.0, true)]),
                "one card moved",
            ),
            // Several at once, one of them onto another's old place; one only unpinned;
            // one folded away.
            (
                Edit::Place(vec![at(a, -300.0, 90.0, true), at(c, 0.0, 0.0, false)]),
                "cards moved, one of them hidden",
            ),
            // Back where the layout puts it.
            (
                Edit::Place(vec![Placement {
                    role: c,
                    position: None,
                    pinned: false,
                }]),
                "a card let go",
            ),
            (
                Edit::Batch(vec![
                    Edit::Place(vec![at(c, 300.0, 300.0, true)]),
                    // (Judged against the chart before the batch: as it was but for
                    // its title, which puts the card back where it was.)
                    Edit::Replace({
                        let mut r = h.state().document().chart().role(c).unwrap().clone();
                        r.title.push('B');
                        r
                    }),
                ]),
                "a card moved and retitled in one step",
            ),
        ];
        for (edit, what) in moves {
            // (Undoing the last one replaces the role with its placed self: a new
            // title and a card placed elsewhere.)
            edit_and_undo(&mut h, edit, [false; 2], what);
        }

        // Changes of structure the layout follows (`layout::Live`), taking back the
        // role last added and folding included, except in compact charts and for
        // roles a fold hides: those are built again.
        let chart = h.state().document().chart().clone();
        let by_title = |t: &str| chart.find_by_title(t).unwrap().id;
        let add = {
            let (insert, _) =
                orgchart::edit::add_subordinate(&chart, Some(by_title("运营经理")), "新岗位");
            let scene = h.state().scene();
            let frozen =
                orgchart::edit::freeze(&chart, |r| scene.card(r).map(|c| c.rect.center().into()));
            Edit::Batch(frozen.into_iter().chain([insert]).collect())
        };
        let reparent = |role, onto, secondary| {
            orgchart::edit::reparent(&chart, by_title(role), by_title(onto), secondary).unwrap()
        };
        let structure = [
            (
                reparent("推广专员", "运营主管", false),
                [compact; 2],
                "a role moved",
            ),
            (
                reparent("运维专员", "营销经理", true),
                [compact; 2],
                "a line added",
            ),
            (
                reparent("运营主管", "营销经理", false),
                [compact; 2],
                "a subtree moved",
            ),
            (add, [compact; 2], "a role added"),
            (
                reparent("淘宝客服", "运营主管", false),
                [true; 2],
                "a folded-away role moved",
            ),
            (
                orgchart::edit::change_view(&chart, by_title("营销经理"), |r| {
                    assert!(!r.collapsed);
                    r.collapsed = true
                })
                .unwrap(),
                [compact; 2],
                "a role folded",
            ),
        ];
        for (edit, rebuilds, what) in structure {
            edit_and_undo(&mut h, edit, rebuilds, what);
        }
        // A card placed by hand, then folded away: no longer in the way of lines.
        h.state_mut()
            .apply_edit(orgchart::edit::pin(by_title("推广专员"), [900.0, 700.0]));
        h.run();
        let mut fold = chart.find_by_title("营销经理").unwrap().clone();
        fold.collapsed = true;
        edit_and_undo(
            &mut h,
            Edit::Replace(fold),
            [compact; 2],
            "a role folded over a card placed by hand",
        );
        h.state_mut().command(Command::Undo);
        h.run();
    }
}

#[test]
fn many_changes_of_structure_are_drawn_as_building_again_would() {
    // Roles moved under other superiors, lines added, roles added, titles that wrap or
    // unwrap, roles folded, cards placed by hand, undo: one after another, the layout
    // following each (`layout::Live`), which renumbers its tree now and then. After each, the picture must be what a
    // fresh build of the same chart draws.
    use orgchart::edit::{self, Edit};
    let mut h = harness(orgchart::generate::synthetic(400, 7));
    h.run();
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = |k: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % k as u64) as usize
    };
    let (mut done, mut patched) = (0, 0);
    for step in 0..60 {
        let chart = h.state().document().chart().clone();
        let ids: Vec<_> = chart.roles().map(|r| r.id).collect();
        let (role, onto) = (ids[next(ids.len())], ids[next(ids.len())]);
        let (edit, what) = match next(8) {
            0 | 1 => (edit::reparent(&chart, role, onto, false).ok(), "moved"),
            2 => (edit::reparent(&chart, role, onto, true).ok(), "line added"),
            3 => {
                let (insert, _) = edit::add_subordinate(&chart, Some(onto), "新岗位");
                let scene = h.state().scene();
                let frozen =
                    edit::freeze(&chart, |r| scene.card(r).map(|c| c.rect.center().into()));
                let edit = Edit::Batch(frozen.into_iter().chain([insert]).collect());
                (Some(edit), "added")
            }
            4 => {
                let mut r = chart.role(role).unwrap().clone();
                if r.title.chars().count() > 12 {
                    r.title = "短".into();
                } else {
                    r.title.push_str("及店铺活动策划统筹负责人");
                }
                (Some(Edit::Replace(r)), "retitled")
            }
            5 => {
                let fold = edit::change_view(&chart, role, |r| r.collapsed = true).ok();
                (
                    fold.filter(|_| !chart.role(role).unwrap().collapsed),
                    "folded",
                )
            }
            6 => {
                let card = h.state().scene().card(role);
                let at = card.map(|c| c.rect.center() + egui::vec2(40.0, 30.0));
                (at.map(|c| edit::pin(role, [c.x, c.y])), "placed by hand")
            }
            _ => (None, "undone"),
        };
        let before = h.state().scene_builds();
        match edit {
            Some(edit) => h.state_mut().apply_edit(edit),
            None if what == "undone" => h.state_mut().command(Command::Undo),
            None => continue,
        }
        h.run();
        done += 1;
        patched += usize::from(h.state().scene_builds() == before);
        assert_drawn_as_fresh(&h, &format!("step {step}: {what}"));
    }
    assert!(patched * 10 >= done * 9, "patched {patched} of {done}");
}

#[test]
fn taking_away_the_last_role_of_a_department_changes_the_colours() {
    // Cards are coloured by department when there are two or more. Taking away the
    // role last added, alone in its department, leaves one: no colours, no legend, as a
    // fresh build draws it. One whose department others share is patched.
    use orgchart::edit::{self, Edit};
    use orgchart::model::{Role, RoleId};
    let mut chart = Chart::new("两个部门");
    let mut role = |id: u32, department: &str, superior: Option<u32>| {
        let mut r = Role::new(RoleId(id), format!("岗位{id}"));
        r.department = department.into();
        r.superiors = superior.map(RoleId).into_iter().collect();
        chart.insert(r);
    };
    role(1, "运营部", None);
    role(2, "运营部", Some(1));
    role(3, "客服部", Some(1));
    let mut h = harness(chart);
    h.run();
    assert_eq!(h.state().scene().legend.len(), 2);
    let chart = h.state().document().chart().clone();
    let mut sub = Role::new(RoleId(4), "岗位4");
    sub.department = "运营部".into();
    sub.superiors = vec![RoleId(1)];
    edit_and_undo(
        &mut h,
        Edit::Insert(sub),
        [false; 2],
        "a role added in a department",
    );
    let builds = h.state().scene_builds();
    h.state_mut()
        .apply_edit(edit::delete_role(&chart, RoleId(3)).unwrap());
    h.run();
    assert_drawn_as_fresh(&h, "the last of a department taken away");
    assert!(h.state().scene().legend.is_empty());
    assert!(h.state().scene_builds() > builds, "built again");
}
