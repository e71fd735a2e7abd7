//! Validation: what is wrong with a chart, as data (findings), never as errors.

use std::collections::{BTreeMap, BTreeSet};

use super::{Chart, Role, RoleId, Superiors, UNKNOWN};

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
///
/// Runs after every edit, so it works on role indices (no map lookups per line): a
/// 100,000-role chart is checked in 12–18 ms.
pub fn validate(chart: &Chart) -> Vec<Finding> {
    let roles = Roles::new(chart);
    let mut out = Vec::new();
    for i in 0..roles.list.len() {
        let sups = roles.superiors(i);
        let listed = roles.listed(i);
        // Superior by superior, as listed: a repeat, then an unknown id.
        let repeated = if sups.len() > 1 {
            repeats(listed)
        } else {
            Vec::new()
        };
        let mut repeated = repeated.into_iter().peekable();
        let id = roles.ids()[i];
        for (k, &s) in sups.iter().enumerate() {
            let sup = listed[k];
            if repeated.next_if_eq(&k).is_some() {
                out.push(Finding {
                    kind: FindingKind::DuplicateLine,
                    roles: vec![sup, id],
                    message: format!(
                        "{} lists {} as superior more than once",
                        roles.title(id),
                        roles.title(sup)
                    ),
                });
            }
            if s == NONE {
                out.push(Finding {
                    kind: FindingKind::UnknownRole,
                    roles: vec![id],
                    message: format!(
                        "{} names superior {sup}, which is not in the chart",
                        roles.title(id)
                    ),
                });
            }
        }
    }
    out.extend(cycles(&roles));
    out.extend(one_sided(&roles));
    out.extend(role_findings(&roles));
    out
}

/// The chart's roles in id order, their superiors (see [`Superiors`]) and what the
/// single-role checks ask as flags, all gathered in one pass: the checks below then
/// walk arrays, not the roles.
struct Roles<'a> {
    list: Vec<&'a Role>,
    table: Superiors,
    flags: Vec<u8>,
}

const NONE: u32 = UNKNOWN;
/// Named (as a superior or a subordinate) but never described.
const PLACEHOLDER: u8 = 1;
/// Came from a job description that stated its subordinates.
const DESCRIBED: u8 = 2;
const NO_DUTIES: u8 = 4;

impl<'a> Roles<'a> {
    fn new(chart: &'a Chart) -> Self {
        let (table, gathered) = Superiors::gather(chart, |role| {
            let flag = |on: bool, flag: u8| if on { flag } else { 0 };
            let flags = flag(role.placeholder, PLACEHOLDER)
                | flag(role.stated_subordinates.is_some(), DESCRIBED)
                | flag(role.duties.is_empty(), NO_DUTIES);
            (role, flags)
        });
        let (list, flags) = gathered.into_iter().unzip();
        Self { list, table, flags }
    }

    fn superiors(&self, i: usize) -> &[u32] {
        self.table.of(i)
    }

    fn listed(&self, i: usize) -> &[RoleId] {
        self.table.listed(i)
    }

    fn ids(&self) -> &[RoleId] {
        self.table.index().ids()
    }

    fn is(&self, i: usize, flag: u8) -> bool {
        self.flags[i] & flag != 0
    }

    fn get(&self, id: RoleId) -> Option<&'a Role> {
        self.table.index().get(id).map(|i| self.list[i])
    }

    fn title(&self, id: RoleId) -> String {
        self.get(id)
            .map_or_else(|| id.to_string(), |r| r.title.clone())
    }
}

/// Positions in `list` of ids already listed before them. Lists are short; a long one
/// (a hostile file) is checked with a set rather than pair by pair.
fn repeats(list: &[RoleId]) -> Vec<usize> {
    if list.len() <= 16 {
        (1..list.len())
            .filter(|&k| list[..k].contains(&list[k]))
            .collect()
    } else {
        let mut seen = BTreeSet::new();
        (0..list.len()).filter(|&k| !seen.insert(list[k])).collect()
    }
}

/// Relations stated on one side only: a role's own list of subordinates against its
/// subordinates' lists of superiors. Only roles whose description stated a list take
/// part; a role drawn in the app states nothing.
fn one_sided(roles: &Roles) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, sup) in roles.list.iter().enumerate() {
        if !roles.is(i, DESCRIBED) {
            continue;
        }
        for &sub in sup.stated_subordinates.as_deref().unwrap_or_default() {
            let Some(r) = roles.get(sub) else {
                continue;
            };
            if !r.superiors.contains(&sup.id) {
                out.push(Finding {
                    kind: FindingKind::OneSidedSubordinate,
                    roles: vec![sup.id, sub],
                    message: format!(
                        "{} lists {} as a subordinate, but {} does not name {} as a superior",
                        sup.title, r.title, r.title, sup.title
                    ),
                });
            }
        }
    }
    for i in 0..roles.list.len() {
        for &s in roles.superiors(i) {
            if s == NONE || !roles.is(s as usize, DESCRIBED) {
                continue;
            }
            let (sub, sup) = (roles.list[i], roles.list[s as usize]);
            if let Some(stated) = &sup.stated_subordinates
                && !stated.contains(&sub.id)
            {
                out.push(Finding {
                    kind: FindingKind::OneSidedSuperior,
                    roles: vec![sub.id, sup.id],
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
fn role_findings(roles: &Roles) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut by_title: BTreeMap<&str, Vec<RoleId>> = BTreeMap::new();
    for (i, role) in roles.list.iter().enumerate() {
        let (described, placeholder) = (roles.is(i, DESCRIBED), roles.is(i, PLACEHOLDER));
        if !described && !placeholder {
            continue;
        }
        by_title.entry(role.title.trim()).or_default().push(role.id);
        if placeholder {
            out.push(Finding {
                kind: FindingKind::PlaceholderRole,
                roles: vec![role.id],
                message: format!("{} is named but not described", role.title),
            });
        } else if roles.is(i, NO_DUTIES) {
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

/// One finding per loop of reporting lines, found by an iterative depth-first search
/// (no recursion, so a 100,000-deep chart cannot overflow the stack).
fn cycles(roles: &Roles) -> Vec<Finding> {
    const NEW: u8 = 0;
    const ACTIVE: u8 = 1;
    const DONE: u8 = 2;
    let mut marks = vec![NEW; roles.list.len()];
    let mut out = Vec::new();
    for start in 0..roles.list.len() {
        if marks[start] != NEW {
            continue;
        }
        // Stack of (role index, index of the next superior to visit).
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        marks[start] = ACTIVE;
        while let Some(&mut (at, ref mut next)) = stack.last_mut() {
            let sups = roles.superiors(at);
            let Some(&s) = sups.get(*next) else {
                marks[at] = DONE;
                stack.pop();
                continue;
            };
            *next += 1;
            if s == NONE {
                continue;
            }
            match marks[s as usize] {
                NEW => {
                    marks[s as usize] = ACTIVE;
                    stack.push((s as usize, 0));
                }
                // A duplicated line (reported above) must not report its loop twice.
                ACTIVE if !sups[..*next - 1].contains(&s) => {
                    let from = stack
                        .iter()
                        .position(|&(r, _)| r == s as usize)
                        .unwrap_or(0);
                    let mut ids: Vec<RoleId> =
                        stack[from..].iter().map(|&(r, _)| roles.ids()[r]).collect();
                    // Name the loop from its superior-most end, top-down.
                    ids.reverse();
                    let names: Vec<String> = ids.iter().map(|&r| roles.title(r)).collect();
                    out.push(Finding {
                        kind: FindingKind::Cycle,
                        message: format!(
                            "reporting lines form a loop: {} → {}",
                            names.join(" → "),
                            names[0]
                        ),
                        roles: ids,
                    });
                }
                _ => {}
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
    fn line_findings_come_superior_by_superior_as_listed() {
        // As listed: unknown 9, then the repeat of 1; 9 again is a repeat and unknown.
        let mut c = Chart::new("t");
        c.insert(role(1, &[]));
        c.insert(role(2, &[9, 1, 1, 9]));
        use FindingKind::{DuplicateLine as D, UnknownRole as U};
        assert_eq!(kinds(&c), [U, D, D, U]);
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
