//! Validation: what is wrong with a chart, as data (findings), never as errors.

use std::collections::{BTreeMap, BTreeSet};

use super::{Chart, RoleId};

/// What kind of problem a finding reports. The snake_case name is the stable
/// identifier used by `orgchart check --json`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FindingKind {
    /// Reporting lines form a loop.
    Cycle,
    /// A role names a superior that is not in the chart.
    UnknownRole,
    /// The same superior is listed twice for one role.
    DuplicateLine,
    /// A role's description lists a subordinate that does not name it as superior.
    OneSidedSubordinate,
    /// A role names a superior whose description does not list it as subordinate.
    OneSidedSuperior,
    /// A role is named (as superior or subordinate) but never described.
    PlaceholderRole,
    /// Two roles share a title.
    DuplicateTitle,
    /// A described role has no duties.
    NoDuties,
    /// A line of an imported document that fits no field (import only).
    NotUnderstood,
}

impl FindingKind {
    pub fn name(self) -> &'static str {
        match self {
            Self::Cycle => "cycle",
            Self::UnknownRole => "unknown_role",
            Self::DuplicateLine => "duplicate_line",
            Self::OneSidedSubordinate => "one_sided_subordinate",
            Self::OneSidedSuperior => "one_sided_superior",
            Self::PlaceholderRole => "placeholder_role",
            Self::DuplicateTitle => "duplicate_title",
            Self::NoDuties => "no_duties",
            Self::NotUnderstood => "not_understood",
        }
    }
}

/// One problem, naming the roles involved.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub kind: FindingKind,
    pub roles: Vec<RoleId>,
    pub message: String,
}

/// Every finding for `chart`, in a stable order.
pub fn validate(chart: &Chart) -> Vec<Finding> {
    let mut out = Vec::new();
    for role in chart.roles() {
        let mut seen = BTreeSet::new();
        for &sup in &role.superiors {
            if !seen.insert(sup) {
                out.push(Finding {
                    kind: FindingKind::DuplicateLine,
                    roles: vec![sup, role.id],
                    message: format!(
                        "{} lists {} as superior more than once",
                        title(chart, role.id),
                        title(chart, sup)
                    ),
                });
            }
            if !chart.contains(sup) {
                out.push(Finding {
                    kind: FindingKind::UnknownRole,
                    roles: vec![role.id],
                    message: format!(
                        "{} names superior {sup}, which is not in the chart",
                        title(chart, role.id)
                    ),
                });
            }
        }
    }
    out.extend(cycles(chart));
    out.extend(one_sided(chart));
    out.extend(role_findings(chart));
    out
}

/// Relations stated on one side only: a role's own list of subordinates against its
/// subordinates' lists of superiors. Only roles whose description stated a list take
/// part; a role drawn in the app states nothing.
fn one_sided(chart: &Chart) -> Vec<Finding> {
    let mut out = Vec::new();
    for sup in chart.roles() {
        for &sub in sup.stated_subordinates.as_deref().unwrap_or_default() {
            let confirmed = chart
                .role(sub)
                .is_some_and(|r| r.superiors.contains(&sup.id));
            if !confirmed && chart.contains(sub) {
                out.push(Finding {
                    kind: FindingKind::OneSidedSubordinate,
                    roles: vec![sup.id, sub],
                    message: format!(
                        "{} lists {} as a subordinate, but {} does not name {} as a superior",
                        sup.title,
                        title(chart, sub),
                        title(chart, sub),
                        sup.title
                    ),
                });
            }
        }
    }
    for sub in chart.roles() {
        for &sup_id in &sub.superiors {
            let Some(sup) = chart.role(sup_id) else {
                continue;
            };
            if let Some(stated) = &sup.stated_subordinates
                && !stated.contains(&sub.id)
            {
                out.push(Finding {
                    kind: FindingKind::OneSidedSuperior,
                    roles: vec![sub.id, sup_id],
                    message: format!(
                        "{} names {} as a superior, but {} does not list {} as a subordinate",
                        sub.title, sup.title, sup.title, sub.title
                    ),
                });
            }
        }
    }
    out
}

/// Findings about single roles: placeholders, and for roles that came from job
/// descriptions, shared titles (relations name roles by title, so they become
/// ambiguous) and missing duties. Rows of a people table or roles drawn in the app
/// make no such claims: many people share a position, and a new role has no duties yet.
fn role_findings(chart: &Chart) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut by_title: BTreeMap<&str, Vec<RoleId>> = BTreeMap::new();
    for role in chart.roles() {
        let described = role.stated_subordinates.is_some();
        if described || role.placeholder {
            by_title.entry(role.title.trim()).or_default().push(role.id);
        }
        if role.placeholder {
            out.push(Finding {
                kind: FindingKind::PlaceholderRole,
                roles: vec![role.id],
                message: format!("{} is named but not described", role.title),
            });
        } else if described && role.duties.is_empty() {
            out.push(Finding {
                kind: FindingKind::NoDuties,
                roles: vec![role.id],
                message: format!("{} has no duties", role.title),
            });
        }
    }
    for (t, ids) in by_title {
        if ids.len() > 1 && !t.is_empty() {
            out.push(Finding {
                kind: FindingKind::DuplicateTitle,
                message: format!("{} roles are titled {t}", ids.len()),
                roles: ids,
            });
        }
    }
    out
}

fn title(chart: &Chart, id: RoleId) -> String {
    chart
        .role(id)
        .map_or_else(|| id.to_string(), |r| r.title.clone())
}

/// One finding per loop of reporting lines, found by an iterative depth-first search
/// (no recursion, so a 100,000-deep chart cannot overflow the stack).
fn cycles(chart: &Chart) -> Vec<Finding> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Active,
        Done,
    }
    let mut marks: BTreeMap<RoleId, Mark> = BTreeMap::new();
    let mut out = Vec::new();
    for start in chart.roles().map(|r| r.id) {
        if marks.contains_key(&start) {
            continue;
        }
        // Stack of (role, index of the next superior to visit).
        let mut stack: Vec<(RoleId, usize)> = vec![(start, 0)];
        marks.insert(start, Mark::Active);
        while let Some(&mut (id, ref mut next)) = stack.last_mut() {
            let sups = chart.role(id).map_or(&[][..], |r| &r.superiors[..]);
            if let Some(&sup) = sups.get(*next) {
                *next += 1;
                // A duplicated line (reported above) must not report its loop twice.
                if !chart.contains(sup) || sups[..*next - 1].contains(&sup) {
                    continue;
                }
                match marks.get(&sup) {
                    None => {
                        marks.insert(sup, Mark::Active);
                        stack.push((sup, 0));
                    }
                    Some(Mark::Active) => {
                        let from = stack.iter().position(|(r, _)| *r == sup).unwrap_or(0);
                        let mut roles: Vec<RoleId> =
                            stack[from..].iter().map(|(r, _)| *r).collect();
                        // Name the loop from its superior-most end, top-down.
                        roles.reverse();
                        let names: Vec<String> = roles.iter().map(|&r| title(chart, r)).collect();
                        out.push(Finding {
                            kind: FindingKind::Cycle,
                            message: format!(
                                "reporting lines form a loop: {} → {}",
                                names.join(" → "),
                                names[0]
                            ),
                            roles,
                        });
                    }
                    Some(Mark::Done) => {}
                }
            } else {
                marks.insert(id, Mark::Done);
                stack.pop();
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Role;

    fn role(id: u32, sups: &[u32]) -> Role {
        let mut r = Role::new(RoleId(id), format!("r{id}"));
        r.superiors = sups.iter().map(|&s| RoleId(s)).collect();
        r.duties = vec![crate::model::Duty::new("work")];
        r
    }

    fn kinds(c: &Chart) -> Vec<FindingKind> {
        validate(c).iter().map(|f| f.kind).collect()
    }

    #[test]
    fn one_sided_statements_in_either_direction() {
        let mut c = Chart::new("t");
        let mut boss = role(1, &[]);
        boss.stated_subordinates = Some(vec![RoleId(2), RoleId(3)]);
        c.insert(boss);
        c.insert(role(2, &[1]));
        c.insert(role(3, &[]));
        let mut other = role(4, &[]);
        other.stated_subordinates = Some(vec![]);
        c.insert(other);
        c.insert(role(5, &[4]));
        let f = validate(&c);
        assert_eq!(
            kinds(&c),
            [
                FindingKind::OneSidedSubordinate,
                FindingKind::OneSidedSuperior
            ],
            "{f:?}"
        );
        assert_eq!(f[0].roles, [RoleId(1), RoleId(3)]);
        assert_eq!(f[1].roles, [RoleId(5), RoleId(4)]);
        // Confirming the line in the chart removes the finding: findings are live.
        c.role_mut(RoleId(3)).unwrap().superiors = vec![RoleId(1)];
        assert_eq!(kinds(&c), [FindingKind::OneSidedSuperior]);
    }

    #[test]
    fn placeholders_shared_titles_and_missing_duties() {
        let mut c = Chart::new("t");
        let mut p = Role::new(RoleId(1), "总经理");
        p.placeholder = true;
        c.insert(p);
        let mut a = role(2, &[1]);
        a.title = "店长".into();
        a.stated_subordinates = Some(vec![]);
        c.insert(a);
        let mut b = role(3, &[1]);
        b.title = "店长".into();
        b.duties.clear();
        b.stated_subordinates = Some(vec![]);
        c.insert(b);
        // Drawn in the app: no description, so no claims to check.
        let mut drawn = role(4, &[1]);
        drawn.title = "店长".into();
        drawn.duties.clear();
        c.insert(drawn);
        assert_eq!(
            kinds(&c),
            [
                FindingKind::PlaceholderRole,
                FindingKind::NoDuties,
                FindingKind::DuplicateTitle
            ]
        );
    }

    #[test]
    fn clean_chart_has_no_findings() {
        let mut c = Chart::new("t");
        c.insert(role(1, &[]));
        c.insert(role(2, &[1]));
        c.insert(role(3, &[1, 2]));
        assert!(validate(&c).is_empty());
    }

    #[test]
    fn reports_cycle_unknown_and_duplicate() {
        let mut c = Chart::new("t");
        c.insert(role(1, &[3]));
        c.insert(role(2, &[1, 1]));
        c.insert(role(3, &[2, 9]));
        let f = validate(&c);
        let kinds: Vec<_> = f.iter().map(|f| f.kind).collect();
        assert!(kinds.contains(&FindingKind::DuplicateLine), "{f:?}");
        assert!(kinds.contains(&FindingKind::UnknownRole), "{f:?}");
        let cycle = f.iter().find(|f| f.kind == FindingKind::Cycle).unwrap();
        assert_eq!(cycle.roles.len(), 3);
        assert_eq!(f.iter().filter(|f| f.kind == FindingKind::Cycle).count(), 1);
    }

    #[test]
    fn deep_chain_does_not_overflow() {
        let mut c = Chart::new("t");
        c.insert(role(1, &[]));
        for i in 2..200_000 {
            c.insert(role(i, &[i - 1]));
        }
        assert!(validate(&c).is_empty());
    }
}
