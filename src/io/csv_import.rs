//! Import of people/position tables (CSV): one row a role, a parent column for the
//! reporting line, every other column kept as a field.

use std::collections::BTreeMap;

use thiserror::Error;

use super::jd_import::Imported;
use crate::model::{Chart, Field, MAX_ROLES, Role, RoleId};

/// Which columns mean what. `None` lets the importer guess from the headers.
#[derive(Clone, Debug, Default)]
pub struct CsvColumns {
    pub id: Option<String>,
    pub parent: Option<String>,
    pub title: Option<String>,
    pub department: Option<String>,
}

#[derive(Debug, Error)]
pub enum CsvError {
    #[error("line {line}: {message}")]
    Parse { line: u64, message: String },
    #[error("no column named {0:?}; the columns are: {1}")]
    NoSuchColumn(String, String),
    #[error("cannot tell which column holds {0}; name it with --{0} (the columns are: {1})")]
    Unknown(&'static str, String),
    #[error("line 1: {0} columns; the limit is {MAX_COLUMNS}")]
    TooManyColumns(usize),
}

/// Every column but a few becomes a field of each role: a table wider than this is
/// not an org chart, and would make every role enormous.
pub const MAX_COLUMNS: usize = 1_000;

// Header names, compared lower-case with spaces, '_' and '-' removed.
const ID: &[&str] = &[
    "id",
    "employeeid",
    "staffid",
    "personid",
    "编号",
    "工号",
    "员工编号",
    "岗位编号",
];
const PARENT: &[&str] = &[
    "parentid",
    "parent",
    "pid",
    "manager",
    "managerid",
    "reportsto",
    "supervisorid",
    "上级",
    "上级id",
    "上级编号",
    "直接上级",
];
const TITLE: &[&str] = &[
    "positionname",
    "position",
    "title",
    "jobtitle",
    "role",
    "岗位",
    "岗位名称",
    "职位",
    "职务",
];
const NAME: &[&str] = &["name", "fullname", "姓名", "名字"];
const DEPARTMENT: &[&str] = &[
    "department",
    "departmentname",
    "dept",
    "area",
    "部门",
    "部门名称",
    "所属部门",
];

fn key(header: &str) -> String {
    header
        .chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-'))
        .flat_map(char::to_lowercase)
        .collect()
}

fn find(
    headers: &[String],
    wanted: &Option<String>,
    guesses: &[&str],
) -> Result<Option<usize>, CsvError> {
    match wanted {
        Some(name) => headers
            .iter()
            .position(|h| h == name || key(h) == key(name))
            .map(Some)
            .ok_or_else(|| CsvError::NoSuchColumn(name.clone(), headers.join(", "))),
        None => Ok(guesses
            .iter()
            .find_map(|g| headers.iter().position(|h| key(h) == *g))),
    }
}

/// Reads a CSV table into a chart. Rows whose parent is missing or repeats an id are
/// kept and reported in [`Imported::not_understood`] with their line numbers.
pub fn import_csv(
    text: &str,
    columns: &CsvColumns,
    chart_name: &str,
) -> Result<Imported, CsvError> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let parse = |e: csv::Error| CsvError::Parse {
        line: e.position().map_or(0, |p| p.line()),
        message: e.to_string(),
    };
    let headers: Vec<String> = reader
        .headers()
        .map_err(parse)?
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_owned())
        .collect();
    if headers.len() > MAX_COLUMNS {
        return Err(CsvError::TooManyColumns(headers.len()));
    }
    let all = || headers.join(", ");
    let id_col = find(&headers, &columns.id, ID)?.ok_or_else(|| CsvError::Unknown("id", all()))?;
    let parent_col = find(&headers, &columns.parent, PARENT)?
        .ok_or_else(|| CsvError::Unknown("parent", all()))?;
    let name_col = find(&headers, &None, NAME)?;
    let title_col = find(&headers, &columns.title, TITLE)?
        .or(name_col)
        .ok_or_else(|| CsvError::Unknown("title", all()))?;
    let dept_col = find(&headers, &columns.department, DEPARTMENT)?;

    struct Row {
        line: u64,
        parent: String,
        role: Role,
    }
    let mut rows: Vec<Row> = Vec::new();
    let mut by_key: BTreeMap<String, RoleId> = BTreeMap::new();
    let mut problems = Vec::new();
    for record in reader.records() {
        let record = record.map_err(parse)?;
        let line = record.position().map_or(0, |p| p.line());
        if rows.len() == MAX_ROLES {
            return Err(CsvError::Parse {
                line,
                message: format!(
                    "more than {MAX_ROLES} rows: orgchart imports up to that many roles"
                ),
            });
        }
        let cell = |i: usize| record.get(i).unwrap_or("").trim();
        let id = RoleId(rows.len() as u32 + 1);
        let key = cell(id_col).to_owned();
        if !key.is_empty() {
            match by_key.entry(key) {
                std::collections::btree_map::Entry::Occupied(e) => problems.push((
                    line as usize,
                    format!(
                        "id {:?} is used again; this row is kept as a separate role",
                        e.key()
                    ),
                )),
                std::collections::btree_map::Entry::Vacant(e) => {
                    e.insert(id);
                }
            }
        }
        let mut role = Role::new(id, cell(title_col));
        if let Some(d) = dept_col {
            role.department = cell(d).to_owned();
        }
        for (i, header) in headers.iter().enumerate() {
            let used = i == title_col || Some(i) == dept_col || i == parent_col;
            if !used && !cell(i).is_empty() {
                role.fields.push(Field {
                    label: header.clone(),
                    value: cell(i).to_owned(),
                });
            }
        }
        rows.push(Row {
            line,
            parent: cell(parent_col).to_owned(),
            role,
        });
    }
    let mut chart = Chart::new(chart_name);
    for mut row in rows {
        if !row.parent.is_empty() {
            match by_key.get(&row.parent) {
                Some(&p) if p != row.role.id => row.role.superiors = vec![p],
                Some(_) => problems.push((
                    row.line as usize,
                    format!("row names itself ({}) as its parent", row.parent),
                )),
                None => problems.push((
                    row.line as usize,
                    format!(
                        "parent {:?} is not in the table; the row is kept without a superior",
                        row.parent
                    ),
                )),
            }
        }
        chart.insert(row.role);
    }
    Ok(Imported {
        chart,
        not_understood: problems,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn more_rows_than_the_role_limit_are_refused_with_the_line() {
        let mut text = String::from("id,parent,title\n");
        for i in 0..MAX_ROLES {
            text.push_str(&format!("{i},,岗位{i}\n"));
        }
        assert_eq!(
            import_csv(&text, &CsvColumns::default(), "t")
                .unwrap()
                .chart
                .len(),
            MAX_ROLES
        );
        text.push_str("x,,一个太多\n");
        let e = import_csv(&text, &CsvColumns::default(), "t").unwrap_err();
        let line = MAX_ROLES as u64 + 2;
        assert!(
            matches!(e, CsvError::Parse { line: l, .. } if l == line),
            "{e}"
        );
    }

    #[test]
    fn guesses_columns_and_keeps_the_rest_as_fields() {
        let text = "name,positionName,id,parentId,area\nAnn,CEO,a,,HQ\nBob,CTO,b,a,Tech\nCy,Dev,c,b,Tech\n";
        let imp = import_csv(text, &CsvColumns::default(), "t").unwrap();
        let c = &imp.chart;
        assert_eq!(c.len(), 3);
        let cto = c.find_by_title("CTO").unwrap();
        assert_eq!(cto.department, "Tech");
        assert_eq!(cto.superiors, vec![c.find_by_title("CEO").unwrap().id]);
        assert_eq!(cto.fields[0].label, "name");
        assert_eq!(cto.fields[0].value, "Bob");
        assert!(imp.not_understood.is_empty());
    }

    #[test]
    fn chinese_headers_and_named_columns() {
        let text = "工号,姓名,岗位,上级\n1,张三,店长,\n2,李四,客服,1\n";
        let imp = import_csv(text, &CsvColumns::default(), "t").unwrap();
        assert_eq!(
            imp.chart.find_by_title("客服").unwrap().superiors,
            vec![RoleId(1)]
        );
        let cols = CsvColumns {
            title: Some("姓名".into()),
            ..Default::default()
        };
        let imp = import_csv(text, &cols, "t").unwrap();
        assert!(imp.chart.find_by_title("李四").is_some());
        let bad = CsvColumns {
            title: Some("nope".into()),
            ..Default::default()
        };
        assert!(matches!(
            import_csv(text, &bad, "t"),
            Err(CsvError::NoSuchColumn(..))
        ));
    }

    #[test]
    fn missing_parents_and_repeated_ids_are_reported_not_lost() {
        let text = "id,parent,title\n1,,A\n2,9,B\n2,1,C\n";
        let imp = import_csv(text, &CsvColumns::default(), "t").unwrap();
        assert_eq!(imp.chart.len(), 3);
        let lines: Vec<usize> = imp.not_understood.iter().map(|p| p.0).collect();
        assert_eq!(lines, [4, 3], "{:?}", imp.not_understood);
    }
}
