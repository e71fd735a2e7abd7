//! Synthetic org charts for scale tests and benchmarks: org-shaped (fan-out 2 to 12,
//! uneven depth), about 5 % of roles with a second superior (about one in four of those
//! two rows up, not one), Chinese titles and duties of realistic length. The same role
//! count and seed give the same chart.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::model::{Chart, Duty, Role, RoleId};

const DEPARTMENTS: &[&str] = &[
    "运营部",
    "客服部",
    "推广部",
    "仓储物流部",
    "财务部",
    "人力资源部",
    "技术部",
    "设计部",
    "采购部",
    "品控部",
    "直播电商部",
    "会员运营部",
];
const REGIONS: &[&str] = &[
    "华东区",
    "华南区",
    "华北区",
    "西南区",
    "天猫旗舰店",
    "淘宝C店",
    "跨境",
    "",
];
const LEADS: &[&str] = &["总监", "经理", "主管", "组长"];
const STAFF: &[&str] = &[
    "专员",
    "助理",
    "文案策划",
    "美工",
    "数据分析师",
    "客服",
    "仓管员",
    "工程师",
    "主播",
    "采购员",
];
const DUTIES: &[&str] = &[
    "负责店铺日常运营，制定并执行月度销售计划",
    "跟踪推广数据，分析转化率并提出优化方案",
    "处理售前售后咨询，维护店铺动态评分",
    "协调仓储发货，控制库存周转与缺货率",
    "组织团队培训，完成绩效考核与人员梯队建设",
    "策划大促活动（双11、618），统筹资源与排期",
];

/// A chart of `roles` roles (at least one), deterministic from `seed`.
pub fn synthetic(roles: usize, seed: u64) -> Chart {
    let roles = roles.max(1);
    let mut rng = StdRng::seed_from_u64(seed);
    let mut chart = Chart::new(format!("合成组织 {roles} 岗 (seed {seed})"));
    // Parent, depth and department of each role, by index (id = index + 1).
    let mut parent: Vec<Option<usize>> = vec![None];
    let mut depth = vec![0usize];
    let mut dept = vec![0usize];
    // Roles that may still get subordinates; picking at random (not breadth first)
    // makes some branches deep and others shallow, as in real companies.
    let mut frontier = vec![0usize];
    while parent.len() < roles && !frontier.is_empty() {
        let at = rng.random_range(0..frontier.len());
        let p = frontier.swap_remove(at);
        let fan = rng.random_range(2..=12).min(roles - parent.len());
        for _ in 0..fan {
            let i = parent.len();
            parent.push(Some(p));
            depth.push(depth[p] + 1);
            dept.push(if depth[p] == 0 {
                rng.random_range(0..DEPARTMENTS.len())
            } else {
                dept[p]
            });
            // Most roles near the bottom stay individual contributors.
            if rng.random_bool(0.6) || frontier.len() < 4 {
                frontier.push(i);
            }
        }
    }
    let mut children_of: Vec<Vec<usize>> = vec![Vec::new(); parent.len()];
    for (i, p) in parent.iter().enumerate() {
        if let Some(p) = p {
            children_of[*p].push(i);
        }
    }

    for i in 0..parent.len() {
        let department = DEPARTMENTS[dept[i]];
        let title = if i == 0 {
            "总经理".to_owned()
        } else if !children_of[i].is_empty() {
            let lead = LEADS[(depth[i] - 1).min(LEADS.len() - 1)];
            let region = REGIONS[rng.random_range(0..REGIONS.len())];
            format!("{region}{}{lead}", department.trim_end_matches('部'))
        } else {
            let staff = STAFF[rng.random_range(0..STAFF.len())];
            format!("{}{staff}", department.trim_end_matches('部'))
        };
        let mut role = Role::new(RoleId(i as u32 + 1), title);
        role.department = if i == 0 {
            "总经办".into()
        } else {
            department.into()
        };
        if let Some(p) = parent[i] {
            role.superiors.push(RoleId(p as u32 + 1));
            // A second superior: mostly a sibling of the primary one (a matrix lead
            // nearby), sometimes a sibling of the primary one's superior (a lead a
            // level further up, whose line must find its way past the row between).
            // Either is shallower than the role, so no loop can close.
            if rng.random_bool(0.05)
                && let Some(gp) = parent[p]
            {
                let (near, far) = match parent[gp] {
                    Some(ggp) if rng.random_bool(0.25) => (ggp, gp),
                    _ => (gp, p),
                };
                let uncles: Vec<usize> = children_of[near]
                    .iter()
                    .copied()
                    .filter(|&u| u != far)
                    .collect();
                if !uncles.is_empty() {
                    let u = uncles[rng.random_range(0..uncles.len())];
                    role.superiors.push(RoleId(u as u32 + 1));
                }
            }
        }
        let n_duties = rng.random_range(1..=3);
        for _ in 0..n_duties {
            let mut duty = Duty::new(DUTIES[rng.random_range(0..DUTIES.len())]);
            if rng.random_bool(0.3) {
                duty.items
                    .push(Duty::new(DUTIES[rng.random_range(0..DUTIES.len())]));
            }
            role.duties.push(duty);
        }
        chart.insert(role);
    }
    chart
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_chart_and_org_shaped() {
        let a = synthetic(2_000, 7);
        assert_eq!(a, synthetic(2_000, 7));
        assert_ne!(a, synthetic(2_000, 8));
        assert_eq!(a.len(), 2_000);
        let matrix = a.roles().filter(|r| r.superiors.len() > 1).count();
        assert!(
            (40..=160).contains(&matrix),
            "{matrix} roles with two superiors"
        );
        assert!(crate::model::validate(&a).is_empty());
        // Every second superior is shallower than its role; some are two rows up.
        let depth = |id: RoleId| {
            let mut d = 0;
            let mut at = a.role(id).and_then(|r| r.primary_superior());
            while let Some(s) = at {
                d += 1;
                at = a.role(s).and_then(|r| r.primary_superior());
            }
            d
        };
        let mut rows_up = [0; 3];
        for r in a.roles().filter(|r| r.superiors.len() > 1) {
            let up = depth(r.id) - depth(r.superiors[1]);
            assert!((1..=2).contains(&up), "{:?} is {up} rows under", r.id);
            rows_up[up] += 1;
        }
        assert!(
            rows_up[2] > 0 && rows_up[1] > rows_up[2],
            "second superiors by rows up: {rows_up:?}"
        );
    }
}
