//! One role (岗位): its title, department, duties outline and other labelled fields.

use serde::{Deserialize, Serialize};

/// Stable identity of a role inside one chart. Never reused while the chart is open,
/// so undo entries and reporting lines can name roles safely.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct RoleId(pub u32);

impl std::fmt::Display for RoleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// One item of a duties outline; `items` are its nested sub-items.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Duty {
    pub text: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<Duty>,
}

impl Duty {
    pub fn new(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            items: Vec::new(),
        }
    }

    /// Number of duties in this subtree, itself included.
    pub fn count(&self) -> usize {
        1 + self.items.iter().map(Duty::count).sum::<usize>()
    }
}

/// A "label：value" field of a job description other than the ones the model knows,
/// such as 部门性质 or 管理权限. Kept in the order the document gave them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    pub label: String,
    pub value: String,
}

/// A role (岗位) in the chart. Unknown fields in a file are refused, not dropped: a
/// save would otherwise lose them silently.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    pub id: RoleId,
    pub title: String,
    #[serde(default)]
    pub department: String,
    /// Direct superiors, primary first. The first decides the role's place in the tree;
    /// the others are secondary (matrix) reporting lines.
    #[serde(default)]
    pub superiors: Vec<RoleId>,
    /// The subordinates this role's own job description lists (下属), when it came from
    /// one. Reporting lines are decided by the subordinates' superiors; this statement is
    /// kept so that where the two disagree it can be shown, live, as a finding. `None`
    /// for roles drawn in the app: nothing was stated, nothing can contradict.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stated_subordinates: Option<Vec<RoleId>>,
    /// Named as a superior somewhere but never described.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub placeholder: bool,
    /// Where the card's centre stays, in chart units; `None` lets the layout decide.
    /// Set by a drag (then `pinned`) or kept so that adding a role moves nothing else.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<[f32; 2]>,
    /// Placed by hand: Layout keeps the card where it is (unless positions are reset).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub pinned: bool,
    /// The role's subtree is folded away; its card shows how many roles it hides.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub collapsed: bool,
    /// Overrides the chart's compact ("hanger") choice for this role's subordinates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compact: Option<bool>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Field>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub duties: Vec<Duty>,
}

impl Role {
    /// Whether the role names one of the roles `these` picks, as a superior or in the
    /// subordinates its description states (what must change when those roles go).
    pub fn names_any(&self, these: impl Fn(RoleId) -> bool) -> bool {
        self.superiors.iter().any(|&s| these(s))
            || self
                .stated_subordinates
                .as_ref()
                .is_some_and(|s| s.iter().any(|&x| these(x)))
    }

    pub fn new(id: RoleId, title: impl Into<String>) -> Self {
        Self {
            id,
            title: title.into(),
            ..Default::default()
        }
    }

    pub fn primary_superior(&self) -> Option<RoleId> {
        self.superiors.first().copied()
    }

    /// Total number of duty items, sub-items included.
    pub fn duty_count(&self) -> usize {
        self.duties.iter().map(Duty::count).sum()
    }
}
