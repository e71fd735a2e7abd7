//! The window speaks English or Chinese, switched from the View menu.

mod common;

use common::{card, card_center, drag_between, harness, harness_with};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use orgchart::app::{Lang, OrgApp};

/// Opens the View menu (named `view` in the current language) and picks `language`.
fn choose_language(h: &mut Harness<'static, OrgApp>, view: &str, language: &str) {
    h.get_by_label(view).click();
    h.run();
    h.get_by_label(language).click();
    h.run();
}

#[test]
fn the_view_menu_switches_between_english_and_chinese() {
    let mut h = harness(orgchart::example::chart());
    assert_eq!(h.state().language(), Lang::En);
    h.get_by_label("File");

    choose_language(&mut h, "View", "中文");
    assert_eq!(h.state().language(), Lang::Zh);
    h.get_by_label("文件");
    h.get_by_label("编辑");
    assert!(h.query_by_label("File").is_none());
    assert!(h.query_by_label("Edit").is_none());
    assert_eq!(h.state().window_title(), "未命名 — orgchart");
    // A role's side panel: its headings are Chinese; the chart's own text is unchanged.
    card(&h, "淘宝客服").click();
    h.run();
    h.get_by_label("上级");
    h.get_by_label("职责");
    h.get_by_label("其他字段");
    assert!(h.query_by_label("Duties").is_none());
    // The findings are told in Chinese too, naming the roles.
    h.get_by_label("总经理 被提及，但没有岗位说明");
    h.get_by_label("营销经理 把 运营主管 列为下级，但 运营主管 未把 营销经理 列为上级");

    choose_language(&mut h, "视图", "English");
    assert_eq!(h.state().language(), Lang::En);
    h.get_by_label("File");
    h.get_by_label("Duties");
    assert!(h.query_by_label("文件").is_none());
    assert_eq!(h.state().window_title(), "Untitled — orgchart");
}

#[test]
fn a_refused_move_is_explained_in_chinese() {
    let mut h = harness(orgchart::example::chart());
    h.state_mut().set_language(Lang::Zh);
    h.run();
    let before = h.state().document().chart().clone();
    // 运营经理 onto 淘宝客服, who is below it: a loop, refused.
    let (from, to) = (card_center(&h, "运营经理"), card_center(&h, "淘宝客服"));
    drag_between(&mut h, from, to, egui::Modifiers::NONE);
    assert_eq!(h.state().document().chart(), &before);
    let status = h.state().status();
    assert!(
        status.starts_with("未移动：") && status.contains("运营经理 不能向 淘宝客服 汇报"),
        "{status}"
    );
}

#[test]
fn the_chosen_language_is_kept_for_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("language.txt");
    let start = |file: std::path::PathBuf| {
        harness_with(orgchart::example::chart(), |app| {
            app.with_language_file(file)
        })
    };
    let mut h = start(file.clone());
    assert_eq!(h.state().language(), Lang::En, "nothing kept yet");
    choose_language(&mut h, "View", "中文");
    assert_eq!(std::fs::read_to_string(&file).unwrap().trim(), "zh");
    drop(h);
    let h = start(file);
    assert_eq!(h.state().language(), Lang::Zh);
    h.get_by_label("文件");
}
