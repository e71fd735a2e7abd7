//! Import of job-description documents (岗位说明书): plain text as copied out of Word,
//! one block per role with "label：value" lines and a numbered duties outline.

use std::collections::BTreeMap;

use crate::model::{Chart, Duty, Field, MAX_ROLES, Role, RoleId};

/// What the importer made of a document: the chart, and the lines it could not place.
#[derive(Debug, Default)]
pub struct Imported {
    pub chart: Chart,
    /// (1-based line number, what is wrong): lines that fit nowhere, rows that could
    /// not be attached. Each is reported; none is dropped silently.
    pub not_understood: Vec<(usize, String)>,
}

#[derive(Clone, Copy, PartialEq)]
enum Label {
    Title,
    Department,
    Superiors,
    Subordinates,
    Duties,
    AllRoles,
    Other,
}

/// Labels that end a duties list even with a value on the same line; any other
/// "text：more text" inside the list is a duty that happens to contain a colon.
const SECTION_LABELS: &[&str] = &[
    "任职资格",
    "任职要求",
    "任职条件",
    "岗位要求",
    "工作权限",
    "岗位权限",
    "工作关系",
    "工作环境",
    "工作时间",
    "岗位编号",
    "部门性质",
    "管理权限",
    "管理职能",
    "考核指标",
    "薪资待遇",
    "备注",
];

fn classify(label: &str) -> Label {
    match label {
        "岗位名称" | "职位名称" => Label::Title,
        "部门名称" | "所属部门" | "部门" => Label::Department,
        "直接上级" | "直属上级" | "汇报对象" | "上级" => Label::Superiors,
        "下属部门" | "直接下级" | "直接下属" | "下属岗位" | "下级" => {
            Label::Subordinates
        }
        "主要职责" | "岗位职责" | "工作职责" | "职责" => Label::Duties,
        "所有岗位" => Label::AllRoles,
        _ => Label::Other,
    }
}

/// A role being read, before superiors are resolved to ids.
#[derive(Default)]
struct Draft {
    title: String,
    department: String,
    superiors: Vec<String>,
    /// `None` when the document has no subordinates line for the role at all.
    subordinates: Option<Vec<String>>,
    fields: Vec<Field>,
    duties: Vec<Duty>,
    has_title_field: bool,
}

/// Reads a job-description document. Never fails: what cannot be placed is reported in
/// [`Imported::not_understood`].
pub fn import_text(text: &str, fallback_name: &str) -> Imported {
    let mut drafts: Vec<Draft> = Vec::new();
    let mut not_understood = Vec::new();
    let mut in_duties = false;
    let mut outline = Outline::default();
    let mut role_list_pending = false;
    let mut under_heading: Option<Label> = None;

    let lines: Vec<Line> = text.lines().map(Line::new).collect();
    let mut doc_title: Option<String> = None;
    for (n, l) in lines.iter().enumerate() {
        let line = l.text.as_str();
        if drafts.len() > MAX_ROLES {
            drafts.pop();
            not_understood.push((
                n + 1,
                format!("more than {MAX_ROLES} roles: the rest of the document is not imported"),
            ));
            break;
        }
        if line.is_empty() {
            continue;
        }
        let next_label = || {
            lines[n + 1..]
                .iter()
                .find(|l| !l.text.is_empty())
                .and_then(|l| split_label(&l.text))
                .map(|(label, _)| classify(label))
        };
        if l.heading {
            // Markdown: "## 主要职责" is a field label; "# 运营总监" followed by fields is
            // a role; a heading before any role, followed by none, titles the document.
            let text = strip_cn_number(line);
            match classify(text) {
                Label::Other | Label::AllRoles => {}
                kind => {
                    if !drafts.is_empty() {
                        in_duties = kind == Label::Duties;
                        outline = Outline::default();
                        // Other labels: the values follow as lines (often a bullet list).
                        under_heading = (!in_duties).then_some(kind);
                        continue;
                    }
                }
            }
            let followed_by_fields =
                next_label().is_some_and(|k| k != Label::Other && k != Label::AllRoles);
            if followed_by_fields {
                drafts.push(Draft {
                    title: text.to_owned(),
                    ..Default::default()
                });
                in_duties = false;
                under_heading = None;
            } else if drafts.is_empty() && doc_title.is_none() {
                doc_title = Some(text.to_owned());
            } else {
                not_understood.push((n + 1, format!("not understood: {line}")));
            }
            continue;
        }
        if std::mem::take(&mut role_list_pending)
            && split_label(line).is_none()
            && role_heading(line).is_none()
        {
            continue;
        }
        // Inside a duties list "一、…" may number a duty; it is a role heading only when
        // the role's 岗位名称 follows.
        let heading =
            role_heading(line).filter(|_| !in_duties || next_label() == Some(Label::Title));
        if let Some(title) = heading {
            drafts.push(Draft {
                title: title.to_owned(),
                ..Default::default()
            });
            in_duties = false;
            under_heading = None;
            continue;
        }
        let leaves_duties = |label: &str, value: &str| {
            classify(label) != Label::Other || value.is_empty() || SECTION_LABELS.contains(&label)
        };
        if let Some((label, value)) =
            split_label(line).filter(|(l, v)| !in_duties || leaves_duties(l, v))
        {
            let kind = classify(label);
            if kind == Label::AllRoles {
                in_duties = false;
                // The list may stand on the next line instead of after the colon.
                role_list_pending = value.is_empty();
                continue;
            }
            // A second 岗位名称 in one block starts the next role (documents without headings).
            if kind == Label::Title && drafts.last().is_none_or(|d| d.has_title_field) {
                drafts.push(Draft::default());
            }
            let Some(draft) = drafts.last_mut() else {
                not_understood.push((n + 1, format!("not understood: {line}")));
                continue;
            };
            in_duties = false;
            under_heading = None;
            match kind {
                Label::Title => {
                    draft.title = value.to_owned();
                    draft.has_title_field = true;
                }
                Label::Department => draft.department = value.to_owned(),
                Label::Superiors => draft.superiors = split_list(value),
                Label::Subordinates => draft.subordinates = Some(split_list(value)),
                Label::Duties => {
                    in_duties = true;
                    outline = Outline::default();
                    if !value.is_empty() {
                        let (style, rest) = numbering(value);
                        outline.push(&mut draft.duties, style.map(|s| (s, 0)), rest);
                    }
                }
                Label::Other => draft.fields.push(Field {
                    label: label.to_owned(),
                    value: value.to_owned(),
                }),
                Label::AllRoles => {}
            }
            continue;
        }
        match drafts.last_mut() {
            Some(draft) if in_duties => {
                let (style, rest) = numbering(line);
                outline.push(&mut draft.duties, style.map(|s| (s, l.indent)), rest);
            }
            Some(draft) if under_heading.is_some() => {
                let value = match numbering(line) {
                    (Some(Style::Bullet | Style::Dot), rest) => rest,
                    _ => line,
                };
                match under_heading {
                    Some(Label::Title) => draft.title = value.to_owned(),
                    Some(Label::Department) => draft.department = value.to_owned(),
                    Some(Label::Superiors) => draft.superiors.extend(split_list(value)),
                    Some(Label::Subordinates) => draft
                        .subordinates
                        .get_or_insert_with(Vec::new)
                        .extend(split_list(value)),
                    _ => not_understood.push((n + 1, format!("not understood: {line}"))),
                }
            }
            _ => not_understood.push((n + 1, format!("not understood: {line}"))),
        }
    }
    // The one too many may start on the last line, after the check above.
    if drafts.len() > MAX_ROLES {
        drafts.truncate(MAX_ROLES);
        not_understood.push((
            lines.len(),
            format!("more than {MAX_ROLES} roles: the last one is not imported"),
        ));
    }
    let fallback = doc_title.unwrap_or_else(|| fallback_name.to_owned());
    build(drafts, &fallback, not_understood)
}

fn build(
    drafts: Vec<Draft>,
    fallback_name: &str,
    not_understood: Vec<(usize, String)>,
) -> Imported {
    // A document of one department is named after it.
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for d in &drafts {
        *counts.entry(d.department.as_str()).or_default() += 1;
    }
    let name = counts
        .into_iter()
        .filter(|(dept, _)| !dept.is_empty())
        .max_by_key(|&(_, n)| n)
        .map_or(fallback_name.to_owned(), |(dept, _)| dept.to_owned());
    let mut chart = Chart::new(name);
    let mut by_title: BTreeMap<String, RoleId> = BTreeMap::new();
    for (i, d) in drafts.iter().enumerate() {
        let id = RoleId(i as u32 + 1);
        by_title.entry(d.title.clone()).or_insert(id);
    }
    // Titles named in a relation but never described become placeholders, in order of
    // first mention, so ids are reproducible.
    let mut next = drafts.len() as u32 + 1;
    let mut placeholders = Vec::new();
    let mut resolve = |name: &str| -> RoleId {
        *by_title.entry(name.to_owned()).or_insert_with(|| {
            let pid = RoleId(next);
            next += 1;
            let mut p = Role::new(pid, name);
            p.placeholder = true;
            placeholders.push(p);
            pid
        })
    };
    let mut roles = Vec::new();
    for (i, d) in drafts.iter().enumerate() {
        let id = RoleId(i as u32 + 1);
        let mut superiors = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        for name in &d.superiors {
            let sup = resolve(name);
            if sup != id && seen.insert(sup) {
                superiors.push(sup);
            }
        }
        roles.push(superiors);
    }
    let stated: Vec<Option<Vec<RoleId>>> = drafts
        .iter()
        .map(|d| {
            d.subordinates.as_ref().map(|names| {
                let mut ids: Vec<RoleId> = Vec::new();
                let mut seen = std::collections::BTreeSet::new();
                for n in names {
                    let sub = resolve(n);
                    if seen.insert(sub) {
                        ids.push(sub);
                    }
                }
                ids
            })
        })
        .collect();
    for (i, ((d, superiors), stated)) in drafts.into_iter().zip(roles).zip(stated).enumerate() {
        chart.insert(Role {
            id: RoleId(i as u32 + 1),
            title: d.title,
            department: d.department,
            superiors,
            stated_subordinates: stated,
            placeholder: false,
            position: None,
            fields: d.fields,
            duties: d.duties,
            ..Default::default()
        });
    }
    for p in placeholders {
        chart.insert(p);
    }
    Imported {
        chart,
        not_understood,
    }
}

/// One source line, normalised: trimmed, Markdown emphasis and label bullets removed.
struct Line {
    text: String,
    /// Leading ASCII indentation (a tab counts 4): nests Markdown lists.
    indent: usize,
    /// A Markdown heading (`#`, `##` ...), its marks removed.
    heading: bool,
}

impl Line {
    fn new(raw: &str) -> Self {
        let indent = raw
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .map(|c| if c == '\t' { 4 } else { 1 })
            .sum();
        let mut text = trim(raw);
        let heading = text.starts_with('#');
        if heading {
            text = trim(text.trim_start_matches('#'));
        }
        let mut text = text.replace("**", "").replace("__", "");
        // "- 岗位名称：运营总监": a known label in a bullet list is just the label.
        if let (Some(Style::Bullet), rest) = numbering(&text)
            && split_label(rest).is_some_and(|(label, _)| classify(label) != Label::Other)
        {
            text = rest.to_owned();
        }
        Self {
            text,
            indent,
            heading,
        }
    }
}

/// "一、运营总监" → "运营总监"; anything else as it is.
fn strip_cn_number(s: &str) -> &str {
    let rest = s.trim_start_matches(is_cn_numeral);
    match rest.strip_prefix('、') {
        Some(r) if rest.len() != s.len() => trim(r),
        _ => s,
    }
}

/// Trims ASCII and full-width white space.
fn trim(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}' || c == '\u{feff}')
}

/// "一、运营总监" → "运营总监".
fn role_heading(line: &str) -> Option<&str> {
    let rest = line.trim_start_matches(is_cn_numeral);
    if rest.len() == line.len() {
        return None;
    }
    let title = trim(rest.strip_prefix('、')?);
    (!title.is_empty() && split_label(title).is_none()).then_some(title)
}

fn is_cn_numeral(c: char) -> bool {
    "一二三四五六七八九十百".contains(c)
}

/// "label：value" with a short label that is not itself a numbered item.
fn split_label(line: &str) -> Option<(&str, &str)> {
    let i = line.find(['：', ':'])?;
    let label = trim(&line[..i]);
    let colon_len = line[i..].chars().next().map_or(1, char::len_utf8);
    let value = trim(&line[i + colon_len..]);
    let short = !label.is_empty() && label.chars().count() <= 12;
    // "- 店铺运营：负责日常" and "① 接待：…" are numbered items that contain a colon.
    if numbering(label).0.is_some() {
        return None;
    }
    let plain = label
        .chars()
        .all(|c| !c.is_ascii_digit() && !"、.．)）(（，,。；;".contains(c));
    (short && plain).then_some((label, value))
}

/// Splits a list of role titles on any of 、，,;； and spaces; "无" means none.
fn split_list(value: &str) -> Vec<String> {
    value
        .split(|c: char| "、，,;；/".contains(c) || c.is_whitespace() || c == '\u{3000}')
        .map(trim)
        .filter(|s| !s.is_empty() && *s != "无")
        .map(str::to_owned)
        .collect()
}

/// The numbering style of an outline item; items of the same style are siblings.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Style {
    Dot,
    Paren,
    Enclosed,
    Circled,
    Chinese,
    Bullet,
}

/// Splits an item's numbering from its text: "1．负责" → (Dot, "负责"), "3）、x" → (Paren, "x").
fn numbering(line: &str) -> (Option<Style>, &str) {
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits > 0 {
        let rest = &line[digits..];
        let mut chars = rest.chars();
        match chars.next() {
            Some('．' | '、') => return (Some(Style::Dot), trim(chars.as_str())),
            Some('.') if !chars.clone().next().is_some_and(|c| c.is_ascii_digit()) => {
                return (Some(Style::Dot), trim(chars.as_str()));
            }
            Some(')' | '）') => {
                let after = chars.as_str();
                let after = after.strip_prefix('、').unwrap_or(after);
                return (Some(Style::Paren), trim(after));
            }
            _ => {}
        }
    }
    if let Some(rest) = line.strip_prefix(['(', '（']) {
        let d = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if d > 0
            && let Some(after) = rest[d..].strip_prefix([')', '）'])
        {
            let after = after.strip_prefix('、').unwrap_or(after);
            return (Some(Style::Enclosed), trim(after));
        }
    }
    let mut chars = line.chars();
    match chars.next() {
        Some('①'..='⑳') => return (Some(Style::Circled), trim(chars.as_str())),
        Some('-' | '•' | '·' | '*') => return (Some(Style::Bullet), trim(chars.as_str())),
        _ => {}
    }
    let cn = line.trim_start_matches(is_cn_numeral);
    if cn.len() != line.len()
        && let Some(after) = cn.strip_prefix('、')
    {
        return (Some(Style::Chinese), trim(after));
    }
    (None, line)
}

/// Tracks the numbering styles seen so far in one duties list: the first style is the
/// top level, a new style opens a deeper level, a known style returns to its level.
#[derive(Default)]
struct Outline {
    /// (numbering style, indentation) of each open level, outermost first.
    levels: Vec<(Style, usize)>,
}

impl Outline {
    fn push(&mut self, duties: &mut Vec<Duty>, style: Option<(Style, usize)>, text: &str) {
        let Some(style) = style else {
            // Before any numbering, each line is a duty of its own; after it, an
            // unnumbered line continues the last item (text wrapped in the document).
            match last_at_depth(duties, self.levels.len().saturating_sub(1)) {
                Some(d) if !self.levels.is_empty() => d.text.push_str(text),
                _ => duties.push(Duty::new(text)),
            }
            return;
        };
        let depth = match self.levels.iter().position(|&s| s == style) {
            Some(d) => {
                self.levels.truncate(d + 1);
                d
            }
            None => {
                // Less indented than open levels: those levels are closed.
                while self
                    .levels
                    .last()
                    .is_some_and(|&(_, indent)| indent > style.1)
                {
                    self.levels.pop();
                }
                self.levels.push(style);
                self.levels.len() - 1
            }
        };
        // Deeper than the outline allows: keep the item at the deepest level.
        let depth = depth.min(crate::model::outline::MAX_DEPTH - 1);
        let mut list = duties;
        for _ in 0..depth {
            if list.is_empty() {
                list.push(Duty::default());
            }
            let last = list.len() - 1;
            list = &mut list[last].items;
        }
        list.push(Duty::new(text));
    }
}

fn last_at_depth(duties: &mut [Duty], depth: usize) -> Option<&mut Duty> {
    let last = duties.last_mut()?;
    if depth == 0 || last.items.is_empty() {
        return Some(last);
    }
    last_at_depth(&mut last.items, depth - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = include_str!("../../examples/seed/taobao-ops-job-descriptions.txt");

    #[test]
    fn more_roles_than_the_limit_stop_the_import_with_a_message() {
        let text: String = (0..MAX_ROLES + 5)
            .map(|i| format!("岗位名称：岗位{i}\n所属部门：运营部\n\n"))
            .collect();
        let imp = import_text(&text, "t");
        assert_eq!(imp.chart.len(), MAX_ROLES);
        let (line, message) = imp.not_understood.last().unwrap();
        assert!(
            message.contains(&format!("more than {MAX_ROLES} roles")),
            "{message}"
        );
        assert!(
            *line > MAX_ROLES * 3 && *line <= (MAX_ROLES + 1) * 3 + 1,
            "{line}"
        );
        // The one too many on the very last line.
        let text: String = (0..=MAX_ROLES)
            .map(|i| format!("\n岗位名称：岗位{i}"))
            .collect();
        let imp = import_text(&text, "t");
        assert_eq!(imp.chart.len(), MAX_ROLES);
        assert!(imp.not_understood.last().unwrap().1.contains("more than"));
    }

    #[test]
    fn seed_imports_roles_lines_and_placeholder() {
        let imp = import_text(SEED, "运营部");
        let c = &imp.chart;
        assert_eq!(c.len(), 12);
        assert_eq!(c.lines().len(), 15);
        let boss = c.find_by_title("总经理").unwrap();
        assert!(boss.placeholder);
        let copy = c.find_by_title("文案策划").unwrap();
        assert_eq!(copy.superiors.len(), 3);
        let service = c.find_by_title("淘宝客服").unwrap();
        assert_eq!(service.duties.len(), 4);
        assert!(service.duties.iter().all(|d| !d.items.is_empty()));
        assert_eq!(service.duties[0].items.len(), 5);
        let head = c.find_by_title("运营总监").unwrap();
        let labels: Vec<_> = head.fields.iter().map(|f| f.label.as_str()).collect();
        assert_eq!(labels, ["部门性质", "管理权限", "管理职能"]);
        assert_eq!(head.duties.len(), 4);
        assert!(imp.not_understood.is_empty(), "{:?}", imp.not_understood);
        assert_eq!(c.name, "运营部");
    }

    #[test]
    fn seed_contradictions_are_exactly_the_ten_one_sided_statements() {
        use crate::model::{FindingKind, validate};
        let c = import_text(SEED, "运营部").chart;
        let pairs = |kind| -> Vec<String> {
            validate(&c)
                .into_iter()
                .filter(|f| f.kind == kind)
                .map(|f| {
                    format!(
                        "{}→{}",
                        c.role(f.roles[0]).unwrap().title,
                        c.role(f.roles[1]).unwrap().title
                    )
                })
                .collect()
        };
        assert_eq!(
            pairs(FindingKind::OneSidedSubordinate),
            [
                "营销经理→运营主管",
                "营销经理→淘宝店长",
                "营销经理→客服主管",
                "运营主管→淘宝店长",
                "运营主管→淘宝客服",
                "运营主管→推广专员",
                "淘宝店长→淘宝客服",
                "淘宝店长→推广专员"
            ]
        );
        assert_eq!(
            pairs(FindingKind::OneSidedSuperior),
            ["文案策划→运营经理", "推广专员→营销经理"]
        );
        let kinds: Vec<_> = validate(&c).iter().map(|f| f.kind).collect();
        assert_eq!(kinds.len(), 11);
        assert!(kinds.contains(&FindingKind::PlaceholderRole));
    }

    #[test]
    fn numbering_styles_nest() {
        let text = "岗位名称：A\n主要职责：\n一、大类\n1. 甲\n(1) 子\n（2）子二\n2、乙\n① 圈\n二、第二类\n";
        let imp = import_text(text, "t");
        let a = imp.chart.find_by_title("A").unwrap();
        assert_eq!(a.duties.len(), 2, "{:?}", a.duties);
        assert_eq!(a.duties[0].items.len(), 2);
        assert_eq!(a.duties[0].items[0].items.len(), 2);
        assert_eq!(a.duties[0].items[1].items[0].text, "圈");
    }

    #[test]
    fn markdown_headings_bold_labels_and_nested_bullets() {
        let text = "# 运营部岗位说明书\n\n## 一、运营总监\n- **岗位名称**：运营总监\n- **部门名称**：运营部\n\
                    - **直接上级**：总经理\n- **下属部门**：运营经理\n### 主要职责\n1. 负责建设团队\n   - 组织培训\n\
                    \x20  - 考核评价\n2. 制定目标\n\n## 运营经理\n**岗位名称**: 运营经理\n### 直属上级\n- 运营总监\n\
                    **岗位职责**:\n- 品牌运营\n  - 日常管理\n- 培训\n";
        let imp = import_text(text, "x");
        assert!(imp.not_understood.is_empty(), "{:?}", imp.not_understood);
        let c = &imp.chart;
        assert_eq!(c.len(), 3, "{c:?}");
        let head = c.find_by_title("运营总监").unwrap();
        assert_eq!(head.department, "运营部");
        assert_eq!(head.duties.len(), 2);
        assert_eq!(head.duties[0].items.len(), 2);
        assert_eq!(head.duties[0].items[1].text, "考核评价");
        let mgr = c.find_by_title("运营经理").unwrap();
        assert_eq!(mgr.superiors, vec![head.id]);
        assert_eq!(mgr.duties.len(), 2);
        assert_eq!(mgr.duties[0].items[0].text, "日常管理");
        assert_eq!(head.stated_subordinates, Some(vec![mgr.id]));
    }

    #[test]
    fn field_name_and_numbering_variants() {
        let text = "岗位名称：店长\n所属部门：门店\n汇报对象：无\n直接下属：导购 收银\n\
                    岗位职责：1、管理门店\n（1）排班\n（2）盘点\n2、培训\n\n\
                    职位名称：导购\n部门 ： 门店\n直属上级 ： 店长\n下级：无\n工作职责：\n① 接待顾客\n• 介绍商品\n\n\
                    岗位名称：收银\n上级：店长，财务\n职责：\n1) 收款\n2）对账\n";
        let imp = import_text(text, "x");
        assert!(imp.not_understood.is_empty(), "{:?}", imp.not_understood);
        let c = &imp.chart;
        assert_eq!(c.len(), 4, "财务 becomes a placeholder");
        let boss = c.find_by_title("店长").unwrap();
        assert!(boss.superiors.is_empty());
        assert_eq!(boss.department, "门店");
        assert_eq!(boss.duties.len(), 2);
        assert_eq!(boss.duties[0].text, "管理门店");
        assert_eq!(boss.duties[0].items.len(), 2);
        let guide = c.find_by_title("导购").unwrap();
        assert_eq!(guide.superiors, vec![boss.id]);
        assert_eq!(guide.department, "门店");
        assert_eq!(guide.stated_subordinates, Some(vec![]));
        assert_eq!(guide.duties.len(), 1);
        assert_eq!(guide.duties[0].items[0].text, "介绍商品");
        let cashier = c.find_by_title("收银").unwrap();
        assert_eq!(cashier.superiors.len(), 2);
        assert_eq!(cashier.duties.len(), 2);
        assert!(c.find_by_title("财务").unwrap().placeholder);
        assert_eq!(boss.stated_subordinates, Some(vec![guide.id, cashier.id]));
    }

    #[test]
    fn colons_inside_duties_unnumbered_lines_and_outdented_items() {
        let text = "岗位名称：A\n主要职责：\n负责店铺运营\n负责活动策划\n\n\
                    岗位名称：B\n主要职责：\n- 店铺运营：负责日常\n- 培训\n① 接待：迎宾\n任职资格：大专\n\n\
                    岗位名称：C\n主要职责：\n  1. a\n2. b\n";
        let imp = import_text(text, "x");
        assert!(imp.not_understood.is_empty(), "{:?}", imp.not_understood);
        let c = &imp.chart;
        let a = c.find_by_title("A").unwrap();
        assert_eq!(a.duties.len(), 2, "{:?}", a.duties);
        let b = c.find_by_title("B").unwrap();
        assert_eq!(b.duties.len(), 2, "{:?}", b.duties);
        assert_eq!(b.duties[0].text, "店铺运营：负责日常");
        assert_eq!(b.duties[1].items[0].text, "接待：迎宾");
        assert!(b.fields.is_empty() || b.fields[0].label == "任职资格");
        assert_eq!(b.fields.len(), 1);
        let cc = c.find_by_title("C").unwrap();
        assert_eq!(cc.duties.len(), 2, "{:?}", cc.duties);
    }

    #[test]
    fn document_title_names_a_chart_without_departments() {
        let imp = import_text("# 门店岗位\n\n## 店长\n岗位名称：店长\n", "x");
        assert_eq!(imp.chart.name, "门店岗位");
        assert!(imp.not_understood.is_empty(), "{:?}", imp.not_understood);
    }

    #[test]
    fn lists_split_on_any_separator_and_none_means_empty() {
        assert_eq!(
            split_list("甲、乙，丙,丁；戊 己"),
            ["甲", "乙", "丙", "丁", "戊", "己"]
        );
        assert!(split_list("无").is_empty());
    }
}
