//! DOT export: the chart as a Graphviz graph, so it can go through Graphviz's tools.

use std::fmt::Write as _;

use crate::model::{Chart, LineKind};

/// Roles are nodes labelled with title and department; primary lines solid, secondary
/// dashed; placeholders dashed boxes. Graphviz lays it out itself (top to bottom).
pub fn to_dot(chart: &Chart) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "digraph orgchart {{");
    let _ = writeln!(out, "  label=\"{}\";", quote(&chart.name));
    out.push_str("  rankdir=TB;\n  node [shape=box, style=rounded, fontname=\"Noto Sans SC\"];\n");
    for role in chart.roles() {
        let label = if role.department.is_empty() {
            quote(&role.title)
        } else {
            format!("{}\\n{}", quote(&role.title), quote(&role.department))
        };
        let style = if role.placeholder {
            ", style=\"rounded,dashed\""
        } else {
            ""
        };
        let _ = writeln!(out, "  r{} [label=\"{label}\"{style}];", role.id.0);
    }
    for line in chart.lines() {
        let style = match line.kind {
            LineKind::Primary => "",
            LineKind::Secondary => " [style=dashed, constraint=false]",
        };
        let _ = writeln!(
            out,
            "  r{} -> r{}{style};",
            line.superior.0, line.subordinate.0
        );
    }
    out.push_str("}\n");
    out
}

/// Escapes for a DOT double-quoted string.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_has_every_role_and_dashed_secondary_lines() {
        let chart = crate::example::chart();
        let dot = to_dot(&chart);
        for role in chart.roles() {
            assert!(
                dot.contains(&format!("  r{} [label=\"{}", role.id.0, role.title)),
                "{dot}"
            );
        }
        assert_eq!(dot.matches("->").count(), 15);
        assert_eq!(dot.matches("style=dashed").count(), 4);
    }

    #[test]
    fn quotes_are_escaped() {
        assert_eq!(quote("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    }
}
