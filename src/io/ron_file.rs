//! The chart file: RON, versioned, one block per role in id order so it diffs cleanly.
//!
//! ```ron
//! (format: "orgchart", version: 2, name: "运营部", roles: [(id: 1, title: "运营总监", ...)])
//! ```

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::{line_col, write_atomic};
use crate::model::{Arrangement, Chart, MAX_ROLES, Role, RoleId};

/// The file format version this build writes and the newest it reads.
/// (Version 2 added `arrangement.anchor`; a version 1 chart keeps the middle anchor
/// its cards were placed with.)
pub const FORMAT_VERSION: u32 = 2;
/// Files larger than this are refused before parsing.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;
const FORMAT_TAG: &str = "orgchart";

#[derive(Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct ChartFile {
    format: String,
    version: u32,
    #[serde(default)]
    name: String,
    #[serde(default, skip_serializing_if = "Arrangement::is_default")]
    arrangement: Arrangement,
    #[serde(default)]
    roles: Vec<Role>,
}

/// Just enough of the file to decide whether the rest can be read.
#[derive(Deserialize)]
struct Header {
    #[serde(default)]
    format: String,
    #[serde(default)]
    version: u32,
}

/// Why a chart file could not be opened. Displays as `file:line:column: what is wrong`.
#[derive(Debug, Error)]
pub enum LoadError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: file is {size} bytes; the limit is {MAX_FILE_BYTES} bytes", path.display())]
    TooLarge { path: PathBuf, size: u64 },
    #[error("{}:{line}:{column}: {message}", path.display())]
    At {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
}

impl LoadError {
    fn at(path: &Path, (line, column): (usize, usize), message: impl Into<String>) -> Self {
        Self::At {
            path: path.to_owned(),
            line,
            column,
            message: message.into(),
        }
    }

    /// 1-based line and column, where the error has one.
    pub fn position(&self) -> Option<(usize, usize)> {
        match self {
            Self::At { line, column, .. } => Some((*line, *column)),
            _ => None,
        }
    }
}

/// Reads and checks a chart file. Nothing outside the returned chart is touched, so a
/// failed load leaves whatever document the caller had.
pub fn load(path: &Path) -> Result<Chart, LoadError> {
    from_ron_bytes(&read_limited(path)?, path)
}

/// Parses chart file bytes, refusing text that is not UTF-8 with where it stops being
/// text; `path` only names the source in errors. The RON fuzz target starts here.
pub fn from_ron_bytes(bytes: &[u8], path: &Path) -> Result<Chart, LoadError> {
    // SIMD validation is several times faster on a big file (30 ms at 100k roles with
    // std); only a file that fails it is checked again, to say where.
    if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
        return from_ron_str(text, path);
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
            let (line, col) = line_col(valid, valid.len());
            return Err(LoadError::at(
                path,
                (line, col),
                "the file is not valid UTF-8 text",
            ));
        }
    };
    from_ron_str(text, path)
}

/// Reads a whole file, refusing one over [`MAX_FILE_BYTES`] before reading it.
pub(crate) fn read_limited(path: &Path) -> Result<Vec<u8>, LoadError> {
    let io = |source| LoadError::Io {
        path: path.to_owned(),
        source,
    };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge {
            path: path.to_owned(),
            size,
        });
    }
    std::fs::read(path).map_err(io)
}

/// Parses chart file text; `path` only names the source in errors.
pub fn from_ron_str(text: &str, path: &Path) -> Result<Chart, LoadError> {
    let options = ron_options();
    let syntax = |e: ron::error::SpannedError| {
        LoadError::at(
            path,
            (e.span.start.line, e.span.start.col),
            e.code.to_string(),
        )
    };
    // One parse of the whole file. Only when it fails is the header read on its own,
    // so that a file from a newer orgchart gets "newer version", not a syntax error.
    let file: ChartFile = match parse_file(&options, text, SPLIT_BYTES) {
        Ok(file) => file,
        Err(e) => {
            if let Ok(header) = options.from_str::<Header>(text) {
                check_header(text, path, &header.format, header.version)?;
            }
            return Err(syntax(e));
        }
    };
    check_header(text, path, &file.format, file.version)?;
    let mut chart = Chart::new(file.name);
    chart.arrangement = file.arrangement;
    if file.version < 2 {
        chart.arrangement.anchor = crate::model::Anchor::Middle;
    }
    if let Some(role) = file.roles.get(MAX_ROLES) {
        return Err(LoadError::at(
            path,
            role_position(text, role, 0),
            format!("more than {MAX_ROLES} roles: this orgchart opens charts up to that size"),
        ));
    }
    // Files this build writes list roles in id order: then the ids are checked for
    // repeats and looked up in the list itself, with no set to build.
    let mut ids: Vec<RoleId> = file.roles.iter().map(|r| r.id).collect();
    if !ids.is_sorted_by(|a, b| a < b) {
        let mut seen = BTreeSet::new();
        if let Some(role) = file.roles.iter().find(|r| !seen.insert(r.id)) {
            // Point at the second block with this id, not the first (valid) one.
            return Err(LoadError::at(
                path,
                role_position(text, role, 1),
                format!("role id {} is used by more than one role", role.id.0),
            ));
        }
        ids.sort_unstable();
    }
    for role in &file.roles {
        if let Some(p) = role.position
            && !(p[0].is_finite() && p[1].is_finite() && p[0].abs() < 1e7 && p[1].abs() < 1e7)
        {
            return Err(LoadError::at(
                path,
                role_position(text, role, 0),
                format!(
                    "role {} ({}) has an invalid position {p:?}",
                    role.id.0, role.title
                ),
            ));
        }
    }
    for role in &file.roles {
        let stated = role.stated_subordinates.as_deref().unwrap_or_default();
        let named = [
            ("names superior", &role.superiors[..]),
            ("states subordinate", stated),
        ];
        for (what, list) in named {
            if let Some(missing) = list.iter().find(|s| ids.binary_search(s).is_err()) {
                return Err(LoadError::at(
                    path,
                    role_position(text, role, 0),
                    format!(
                        "role {} ({}) {what} id {}, which is not in the file",
                        role.id.0, role.title, missing.0
                    ),
                ));
            }
        }
    }
    chart.extend(file.roles);
    Ok(chart)
}

/// Files at least this large are parsed in two halves at once (see [`parse_in_halves`]).
const SPLIT_BYTES: usize = 1 << 20;
/// Where one role's block ends and the next begins, in the files this build writes
/// (see [`to_ron_string`]); the cut goes before the second `(`.
const ROLE_START: &str = "\n    ),\n    (\n      id: ";
const CUT_AT: usize = "\n    ),\n".len();

/// Parses the whole file: in two halves on two threads when it is large and laid out as
/// this build writes it, else (or if that fails) in one piece.
fn parse_file(
    options: &ron::Options,
    text: &str,
    split_bytes: usize,
) -> Result<ChartFile, ron::error::SpannedError> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    if text.len() >= split_bytes
        && cores > 1
        && let Some(file) = parse_in_halves(options, text)
    {
        return Ok(file);
    }
    options.from_str(text)
}

/// RON parsing is most of the time it takes to open a big chart, and it is serial: this
/// cuts the text at a role block near the middle and parses the head (its role list
/// ended early with the file's own ending) and the remaining roles (nested as deep as
/// in the file) at the same time. Anything unexpected (attributes or comments before
/// the chart, the cut falling inside a string, a syntax error anywhere, no thread to
/// spare) gives `None`: the caller then parses the whole text, which finds the error
/// and its position as usual. Both halves must parse, so a wrong cut can only cost
/// time, never change what is read (`halves_agree` checks this under the fuzzer).
fn parse_in_halves(options: &ron::Options, text: &str) -> Option<ChartFile> {
    if !text.trim_start().starts_with('(') {
        return None;
    }
    let mut middle = text.len() / 2;
    while !text.is_char_boundary(middle) {
        middle += 1;
    }
    let cut = middle + text[middle..].find(ROLE_START)? + CUT_AT;
    let list_end = text.rfind(']')?;
    if list_end < cut {
        return None;
    }
    let head = format!("{}{}", &text[..cut], &text[list_end..]);
    let tail = format!("(roles: [\n{})", &text[cut..=list_end]);
    let (head, tail) = std::thread::scope(|s| {
        // As much stack as the main thread: the recursion limit is the same.
        let worker = std::thread::Builder::new()
            .stack_size(8 << 20)
            .spawn_scoped(s, || options.from_str::<Tail>(&tail))
            .ok()?;
        let head = options.from_str::<ChartFile>(&head);
        Some((head, worker.join()))
    })?;
    let mut file = head.ok()?;
    file.roles.extend(tail.ok()?.ok()?.roles);
    Some(file)
}

/// The roles after the cut, as [`parse_in_halves`] reads them.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Tail {
    roles: Vec<Role>,
}

/// Whether reading `text` in two halves gives what reading it whole gives (or is not
/// tried): the property the RON fuzz target checks on every input.
#[doc(hidden)]
pub fn halves_agree(text: &str) -> bool {
    let options = ron_options();
    let Some(halves) = parse_in_halves(&options, text) else {
        return true;
    };
    options
        .from_str::<ChartFile>(text)
        .is_ok_and(|whole| whole == halves)
}

/// Refuses a file that is not an orgchart chart, or one from a newer orgchart.
fn check_header(text: &str, path: &Path, format: &str, version: u32) -> Result<(), LoadError> {
    if format != FORMAT_TAG {
        return Err(LoadError::at(
            path,
            (1, 1),
            format!("not an orgchart file (expected `format: \"{FORMAT_TAG}\"`)"),
        ));
    }
    match version {
        v if v > FORMAT_VERSION => {
            let at = text.find("version").map_or((1, 1), |i| line_col(text, i));
            return Err(LoadError::at(
                path,
                at,
                format!(
                    "file format version {v} is newer than this orgchart reads ({FORMAT_VERSION}); \
                     open it with a newer orgchart"
                ),
            ));
        }
        0 => {
            return Err(LoadError::at(path, (1, 1), "missing or invalid `version`"));
        }
        _ => {}
    }
    Ok(())
}

/// Where a role's block starts, found by its id so that errors can point at it.
fn role_position(text: &str, role: &Role, nth: usize) -> (usize, usize) {
    let mut skip = nth;
    let needle = format!("id: {}", role.id.0);
    let mut from = 0;
    while let Some(i) = text[from..].find(&needle) {
        let at = from + i;
        let end = at + needle.len();
        let next_is_digit = text[end..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit());
        let prev_ok = text[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric() && c != '_');
        if !next_is_digit && prev_ok {
            if skip == 0 {
                return line_col(text, at);
            }
            skip -= 1;
        }
        from = end;
    }
    (1, 1)
}

/// The file text for `chart`: deterministic, so saving an unchanged chart is byte-identical.
pub fn to_ron_string(chart: &Chart) -> Result<String, ron::Error> {
    // A file this build could not open again is not written at all.
    if chart.len() > MAX_ROLES {
        return Err(ron::Error::Message(format!(
            "the chart has {} roles; orgchart saves and opens charts of up to {MAX_ROLES}",
            chart.len()
        )));
    }
    chart_text(chart, SPLIT_ROLES)
}

/// [`to_ron_string`], in two halves once the chart has `split_roles` roles.
fn chart_text(chart: &Chart, split_roles: usize) -> Result<String, ron::Error> {
    let roles: Vec<&Role> = chart.roles().collect();
    let file = |roles: &[&Role]| {
        let file = ChartFileOut {
            format: FORMAT_TAG,
            version: FORMAT_VERSION,
            name: &chart.name,
            arrangement: chart.arrangement,
            roles: roles.to_vec(),
        };
        let config = ron::ser::PrettyConfig::new()
            .indentor("  ")
            .escape_strings(false)
            .struct_names(false)
            .new_line("\n")
            // A role's fields one per line, and each duty (sub-items and all) and each
            // extra field (label and value) on one line:
            // still diffs by duty, and a sixth less text to read (opening a big chart
            // is mostly scanning it).
            .depth_limit(4);
        ron_options().to_string_pretty(&file, config)
    };
    // Big charts are written in two halves at once (saving runs while the user works on):
    // a role's block reads the same wherever it stands, so the second half's blocks,
    // cut out of a file of their own, splice in after the first half's.
    let mut text = match roles.len() {
        n if n >= split_roles.max(2) => {
            let (first, second) = roles.split_at(n / 2);
            let (head, tail) = std::thread::scope(|s| {
                let tail = std::thread::Builder::new()
                    .stack_size(8 << 20)
                    .spawn_scoped(s, || file(second))
                    .ok();
                let head = file(first);
                let tail = tail.and_then(|t| t.join().ok());
                (head, tail)
            });
            let (mut head, tail) = (head?, tail.unwrap_or_else(|| file(second))?);
            let blocks = |t: &str| -> Option<std::ops::Range<usize>> {
                let start = t.find("\n  roles: [\n")? + "\n  roles: [\n".len();
                Some(start..t.rfind("\n  ],\n)")? + 1)
            };
            match (blocks(&head), blocks(&tail)) {
                (Some(h), Some(t)) => {
                    head.insert_str(h.end, &tail[t]);
                    head
                }
                _ => {
                    debug_assert!(false, "a role list that could not be spliced");
                    file(&roles)?
                }
            }
        }
        _ => file(&roles)?,
    };
    text.push('\n');
    Ok(text)
}

/// From this many roles on, a chart is written in two halves at once.
const SPLIT_ROLES: usize = 20_000;

/// [`ChartFile`] as written: borrowing the roles, not copying them.
#[derive(Serialize)]
struct ChartFileOut<'a> {
    format: &'a str,
    version: u32,
    name: &'a str,
    #[serde(skip_serializing_if = "Arrangement::is_default")]
    arrangement: Arrangement,
    roles: Vec<&'a Role>,
}

/// Nesting allowed when reading and writing. A role block is a few levels deep and each
/// duty sub-level adds about four; outlines are capped at [`crate::model::outline::MAX_DEPTH`],
/// well inside this, so whatever the app writes it can read back.
const RECURSION_LIMIT: usize = 256;

fn ron_options() -> ron::Options {
    ron::Options::default().with_recursion_limit(RECURSION_LIMIT)
}

/// Saves atomically: on any failure the old file is left intact.
pub fn save(chart: &Chart, path: &Path) -> std::io::Result<()> {
    let text = to_ron_string(chart).map_err(std::io::Error::other)?;
    write_atomic(path, text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Chart {
        let mut c = Chart::new("部门");
        let mut a = Role::new(RoleId(1), "总经理");
        a.position = Some([10.5, -3.0]);
        c.insert(a);
        let mut b = Role::new(RoleId(2), "运营总监 \"quoted\"");
        b.superiors = vec![RoleId(1)];
        b.duties = vec![crate::model::Duty::new("负责（全部）")];
        c.insert(b);
        c
    }

    #[test]
    fn round_trip_is_identical_and_keeps_chinese_readable() {
        let text = to_ron_string(&sample()).unwrap();
        assert!(text.contains("总经理"), "{text}");
        let back = from_ron_str(&text, Path::new("t.ron")).unwrap();
        assert_eq!(back, sample());
        assert_eq!(to_ron_string(&back).unwrap(), text);
    }

    #[test]
    fn a_version_1_chart_keeps_the_middle_anchor_its_cards_were_placed_with() {
        use crate::model::Anchor;
        let text = to_ron_string(&sample()).unwrap();
        assert!(
            text.contains("version: 2") && !text.contains("anchor"),
            "{text}"
        );
        let old = text.replace("version: 2", "version: 1");
        let back = from_ron_str(&old, Path::new("t.ron")).unwrap();
        assert_eq!(back.arrangement.anchor, Anchor::Middle);
        // Saved again, it says so, and reads back the same.
        let again = to_ron_string(&back).unwrap();
        assert!(again.contains("anchor: Middle"), "{again}");
        let back = from_ron_str(&again, Path::new("t.ron")).unwrap();
        assert_eq!(back.arrangement.anchor, Anchor::Middle);
    }

    fn err(text: &str) -> String {
        from_ron_str(text, Path::new("bad.ron"))
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn syntax_error_names_line_and_column() {
        let text = to_ron_string(&sample())
            .unwrap()
            .replacen("title:", "title", 1);
        let e = err(&text);
        assert!(e.starts_with("bad.ron:"), "{e}");
        let line = e.split(':').nth(1).unwrap().parse::<usize>().unwrap();
        assert!(line > 3, "{e}");
    }

    #[test]
    fn newer_version_is_refused_with_position() {
        let text = to_ron_string(&sample())
            .unwrap()
            .replace("version: 2", "version: 7");
        let e = err(&text);
        assert!(e.starts_with("bad.ron:3:3:"), "{e}");
        assert!(e.contains("newer"), "{e}");
    }

    #[test]
    fn dangling_superior_is_refused_at_its_role() {
        let text = to_ron_string(&sample())
            .unwrap()
            .replace("superiors: [\n        1,", "superiors: [\n        9,");
        assert!(text.contains("9,"), "{text}");
        let e = err(&text);
        assert!(e.contains("superior id 9"), "{e}");
        let (line, _) = line_col(&text, text.find("id: 2").unwrap());
        assert!(e.starts_with(&format!("bad.ron:{line}:")), "{e}");
    }

    #[test]
    fn duplicate_ids_and_bad_positions_are_refused() {
        let text = to_ron_string(&sample()).unwrap().replace("id: 2", "id: 1");
        assert!(err(&text).contains("more than one role"));
        let (second, _) = line_col(&text, text.rfind("id: 1").unwrap());
        assert!(
            err(&text).starts_with(&format!("bad.ron:{second}:")),
            "{}",
            err(&text)
        );
        let text = to_ron_string(&sample()).unwrap().replace("10.5", "inf");
        assert!(err(&text).contains("invalid position"), "{}", err(&text));
    }

    #[test]
    fn a_file_written_in_halves_is_the_file_written_in_one_piece() {
        for chart in [sample(), crate::generate::synthetic(300, 7)] {
            let whole = chart_text(&chart, usize::MAX).unwrap();
            for split in [2, 3, 100] {
                assert_eq!(
                    chart_text(&chart, split).unwrap(),
                    whole,
                    "split at {split}"
                );
            }
        }
    }

    #[test]
    fn a_file_parsed_in_halves_reads_the_same_as_in_one_piece() {
        let mut chart = Chart::new("大");
        for i in 1..=40u32 {
            let mut r = Role::new(RoleId(i), format!("岗位{i}"));
            if i > 1 {
                r.superiors.push(RoleId(i / 2));
            }
            // A duty that looks like the start of a role block, inside a string.
            r.duties.push(crate::model::Duty::new(format!(
                "第{i}条\n    (\n      id: 99"
            )));
            chart.insert(r);
        }
        let text = to_ron_string(&chart).unwrap();
        let whole: ChartFile = ron_options().from_str(&text).unwrap();
        let halves = parse_in_halves(&ron_options(), &text).expect("cut between roles");
        assert_eq!(halves.roles, whole.roles);
        assert_eq!(halves.name, whole.name);
        assert_eq!(
            from_ron_str(&text, Path::new("a.ron")).unwrap(),
            chart,
            "and the loader reads it"
        );
        // Other layouts read the same too.
        let moved = text
            .replacen("  name: \"大\",\n", "", 1)
            .replace("  ],\n)", "  ],\n  name: \"大\",\n)");
        // (Fields after the list travel with the head, which keeps the file's ending.)
        assert!(halves_agree(&moved));
        let whole: ChartFile = parse_file(&ron_options(), &moved, 0).unwrap();
        assert_eq!(whole.roles.len(), 40);
        // A duty holding the very text the cut looks for: the cut lands in a string,
        // the halves fail, and the whole parse reads it right.
        let mut tricky = chart.clone();
        for i in 1..=40u32 {
            let mut r = tricky.role(RoleId(i)).unwrap().clone();
            r.duties[0].text = format!("第{i}条{ROLE_START} 99,");
            tricky.insert(r);
        }
        let text2 = to_ron_string(&tricky).unwrap();
        assert!(parse_in_halves(&ron_options(), &text2).is_none());
        assert!(halves_agree(&text2) && halves_agree(&text));
        let read = from_ron_str(&text2, Path::new("b.ron")).unwrap();
        assert_eq!(read, tricky);
        // A file that lost its last parenthesis is refused, halves or not.
        let cut_short = text.trim_end().strip_suffix(')').unwrap();
        assert!(parse_in_halves(&ron_options(), cut_short).is_none());
        assert!(from_ron_str(cut_short, Path::new("c.ron")).is_err());
        let broken = text.replace("岗位37", "岗位37\"");
        assert!(parse_in_halves(&ron_options(), &broken).is_none());
        assert!(parse_file(&ron_options(), &broken, 0).is_err());
    }

    #[test]
    fn more_roles_than_the_limit_are_refused_at_the_first_too_many() {
        let mut chart = Chart::new("big");
        for i in 1..=MAX_ROLES as u32 {
            chart.insert(Role::new(RoleId(i), format!("岗位{i}")));
        }
        let text = to_ron_string(&chart).unwrap();
        assert!(from_ron_str(&text, Path::new("big.ron")).is_ok());
        // One more role's block, written for a chart of its own, spliced in.
        let extra = Role::new(RoleId(MAX_ROLES as u32 + 1), "一个太多");
        let mut one = Chart::new("one");
        one.insert(extra.clone());
        let one = to_ron_string(&one).unwrap();
        let block =
            &one[one.find("roles: [\n").unwrap() + "roles: [\n".len()..one.rfind("  ],").unwrap()];
        let end = text.rfind("  ],").unwrap();
        let text = format!("{}{block}{}", &text[..end], &text[end..]);
        chart.insert(extra);
        let e = err(&text);
        let (line, _) = line_col(&text, text.find(&format!("id: {}", MAX_ROLES + 1)).unwrap());
        assert!(e.starts_with(&format!("bad.ron:{line}:")), "{e}");
        assert!(e.contains(&format!("more than {MAX_ROLES} roles")), "{e}");
        // Nor is such a chart written.
        let err = to_ron_string(&chart).unwrap_err().to_string();
        assert!(err.contains(&format!("up to {MAX_ROLES}")), "{err}");
    }
}
