//! Execution of projects (SPEC §4 "Execution"): earned value on a linear plan, earned
//! schedule, funding and its gap, and the rollup of PV, EV and AC to programs and goals by
//! the same shares as money.

use crate::attribution::{from_units, split, to_units};
use crate::calendar::Calendar;
use crate::graph::Graph;
use crate::model::{PlanData, Project};
use crate::ratio::money_ratio;
use crate::report::{Lagging, ProjectExecution, RollupExecution};
use rust_decimal::{Decimal, RoundingStrategy};

/// How many projects each "furthest behind" list names.
pub const LAGGING: usize = 10;

fn round(value: Decimal, precision: u32) -> Decimal {
    value.round_dp_with_strategy(precision, RoundingStrategy::MidpointAwayFromZero)
}

/// Earned value of one project, where it has an estimate, a schedule and a status.
///
/// Amounts are rounded half away from zero to the plan's precision; ratios that would
/// divide by zero are `None`, never infinite.
///
/// Dates are days of the plan's `calendar`, counted through day numbers, so that a Solar
/// Hijri schedule counts the days Esfand has that year.
pub(crate) fn project_execution(
    p: &Project,
    precision: u32,
    calendar: Calendar,
) -> Option<ProjectExecution> {
    let (bac, schedule, status) = (p.estimate?, p.schedule.as_ref()?, p.status.as_ref()?);
    let start = calendar.day_number(schedule.start)?;
    let duration = calendar.day_number(schedule.finish)? - start;
    let elapsed = calendar.day_number(status.as_of)? - start;
    // A linear plan: the planned fraction of the work done by the status date.
    let fraction = if duration <= 0 {
        if elapsed >= 0 {
            Decimal::ONE
        } else {
            Decimal::ZERO
        }
    } else {
        (Decimal::from(elapsed.clamp(0, duration)) / Decimal::from(duration)).min(Decimal::ONE)
    };
    let pv = round(bac * fraction, precision);
    let ev = round(bac * status.percent_complete, precision);
    let ac = status.actual_cost;
    let cpi = money_ratio(ev, ac);
    let spi = money_ratio(ev, pv);
    // EAC = BAC / CPI = BAC · AC / EV: undefined when CPI is undefined or zero.
    let eac = (!ev.is_zero() && !ac.is_zero())
        .then(|| bac.checked_mul(ac).and_then(|x| x.checked_div(ev)))
        .flatten()
        .map(|x| round(x, precision));
    // Earned schedule on a linear plan: the time at which PV reached today's EV.
    let es_days = Decimal::from(duration.max(0)) * status.percent_complete;
    let at_days = Decimal::from(elapsed.max(0));
    Some(ProjectExecution {
        planned_fraction: crate::ratio::decimal_to_f64(fraction),
        pv,
        ev,
        ac,
        cv: ev - ac,
        sv: ev - pv,
        cpi,
        spi,
        eac,
        etc: eac.map(|e| e - ac),
        vac: eac.map(|e| bac - e),
        es_days: crate::ratio::decimal_to_f64(es_days),
        at_days: crate::ratio::decimal_to_f64(at_days),
        sv_days: crate::ratio::decimal_to_f64(es_days - at_days),
        spi_t: crate::ratio::quotient(es_days, at_days),
    })
}

/// PV, EV and AC of projects rolled up to programs and goals, in smallest units, split by
/// the same shares (and the same largest-remainder rule) as money.
pub(crate) struct Rollup {
    pub program: Vec<[i128; 3]>,
    pub goal: Vec<[i128; 3]>,
}

pub(crate) fn rollup(
    data: &PlanData,
    graph: &Graph,
    projects: &[Option<Box<ProjectExecution>>],
) -> Rollup {
    let p = data.precision;
    let mut program = vec![[0i128; 3]; data.programs.len()];
    let mut goal = vec![[0i128; 3]; data.goals.len()];
    let mut parts = Vec::new();
    for (j, e) in projects.iter().enumerate() {
        let Some(e) = e else { continue };
        let links = graph.project_programs.at(j);
        for (k, value) in [e.pv, e.ev, e.ac].into_iter().enumerate() {
            split(
                to_units(value, p),
                links.targets.len(),
                &links.weights,
                &mut parts,
            );
            for (q, part) in links.targets.iter().zip(&parts) {
                program[*q][k] += part;
            }
        }
    }
    for (q, links) in graph.program_goals.iter().enumerate() {
        for k in 0..3 {
            split(
                program[q][k],
                links.targets.len(),
                &links.weights,
                &mut parts,
            );
            for (g, part) in links.targets.iter().zip(&parts) {
                goal[*g][k] += part;
            }
        }
    }
    for &g in &graph.goals_bottom_up {
        if let Some(parent) = graph.goal_parent[g] {
            let child = goal[g];
            for k in 0..3 {
                goal[parent][k] += child[k];
            }
        }
    }
    Rollup { program, goal }
}

/// The rolled-up figures of one program or goal, with CPI and SPI of the sums.
pub(crate) fn rollup_execution(values: [i128; 3], precision: u32) -> RollupExecution {
    let [pv, ev, ac] = values.map(|u| from_units(u, precision));
    RollupExecution {
        pv,
        ev,
        ac,
        cpi: money_ratio(ev, ac),
        spi: money_ratio(ev, pv),
    }
}

/// The projects furthest behind schedule (most days late by earned schedule) and furthest
/// over cost (largest negative cost variance), in that order, ties in plan order.
pub(crate) fn lagging(
    data: &PlanData,
    projects: &[Option<Box<ProjectExecution>>],
) -> (Vec<Lagging>, Vec<Lagging>) {
    let mut late: Vec<(usize, &ProjectExecution)> = projects
        .iter()
        .enumerate()
        .filter_map(|(j, e)| e.as_deref().map(|e| (j, e)))
        .filter(|(_, e)| e.sv_days < 0.0)
        .collect();
    late.sort_by(|a, b| a.1.sv_days.total_cmp(&b.1.sv_days).then(a.0.cmp(&b.0)));
    let mut over: Vec<(usize, &ProjectExecution)> = projects
        .iter()
        .enumerate()
        .filter_map(|(j, e)| e.as_deref().map(|e| (j, e)))
        .filter(|(_, e)| e.cv < Decimal::ZERO)
        .collect();
    over.sort_by(|a, b| a.1.cv.cmp(&b.1.cv).then(a.0.cmp(&b.0)));
    let entry = |(j, e): (usize, &ProjectExecution)| Lagging {
        id: data.projects[j].id.clone(),
        name: data.projects[j].name.clone(),
        sv_days: e.sv_days,
        spi_t: e.spi_t,
        cv: e.cv,
        cpi: e.cpi,
    };
    (
        late.into_iter().take(LAGGING).map(entry).collect(),
        over.into_iter().take(LAGGING).map(entry).collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;
    use crate::model::{Schedule, Status};

    fn project(bac: i64, start: &str, finish: &str, as_of: &str, pct: &str, ac: i64) -> Project {
        let mut p = Project::new("J", "j");
        p.estimate = Some(Decimal::from(bac));
        p.schedule = Some(Schedule {
            start: Date::parse(start).unwrap(),
            finish: Date::parse(finish).unwrap(),
        });
        p.status = Some(Status {
            as_of: Date::parse(as_of).unwrap(),
            percent_complete: pct.parse().unwrap(),
            actual_cost: Decimal::from(ac),
        });
        p
    }

    #[test]
    fn a_solar_hijri_schedule_counts_the_days_of_its_calendar() {
        // 1 Farvardin 1399 to 1 Farvardin 1400: 366 days (1399 is a leap year). On 1
        // Mehr 1399 (day 186) the plan is 186/366 of the way.
        let sh = Calendar::SolarHijri;
        let mut p = project(366_000, "2020-01-01", "2020-01-01", "2020-01-01", "0.5", 0);
        p.schedule = Some(Schedule {
            start: sh.parse_date("1399-01-01").unwrap(),
            finish: sh.parse_date("۱۴۰۰/۰۱/۰۱").unwrap(),
        });
        p.status.as_mut().unwrap().as_of = sh.parse_date("1399/07/01").unwrap();
        let e = project_execution(&p, 0, sh).unwrap();
        assert_eq!(e.pv, Decimal::from(186_000));
        assert_eq!(e.at_days, 186.0);
        // Read as Gregorian the same numbers mean other days.
        assert_ne!(
            project_execution(&p, 0, Calendar::Gregorian).unwrap().pv,
            e.pv
        );
    }

    #[test]
    fn hand_worked_project() {
        // 1000 over 100 days; day 40: PV 400. 30 % done: EV 300. AC 360.
        let e = project_execution(
            &project(1000, "2020-01-01", "2020-04-10", "2020-02-10", "0.3", 360),
            0,
            Calendar::Gregorian,
        )
        .unwrap();
        assert_eq!(
            (e.pv, e.ev, e.ac),
            (Decimal::from(400), Decimal::from(300), Decimal::from(360))
        );
        assert_eq!(e.cv, Decimal::from(-60));
        assert_eq!(e.sv, Decimal::from(-100));
        assert_eq!(e.cpi, Some(300.0 / 360.0));
        assert_eq!(e.spi, Some(0.75));
        // EAC = 1000 · 360 / 300 = 1200; ETC 840; VAC −200.
        assert_eq!(e.eac, Some(Decimal::from(1200)));
        assert_eq!(e.etc, Some(Decimal::from(840)));
        assert_eq!(e.vac, Some(Decimal::from(-200)));
        // Earned schedule: 30 days earned in 40 elapsed.
        assert_eq!((e.es_days, e.at_days, e.sv_days), (30.0, 40.0, -10.0));
        assert_eq!(e.spi_t, Some(0.75));
        assert_eq!(e.planned_fraction, 0.4);
    }

    #[test]
    fn not_started_has_no_ratios() {
        let e = project_execution(
            &project(1000, "2021-01-01", "2021-12-31", "2020-06-01", "0", 0),
            0,
            Calendar::Gregorian,
        )
        .unwrap();
        assert_eq!((e.pv, e.ev), (Decimal::ZERO, Decimal::ZERO));
        assert_eq!((e.cpi, e.spi, e.spi_t), (None, None, None));
        assert_eq!((e.eac, e.etc, e.vac), (None, None, None));
        assert_eq!(e.at_days, 0.0);
    }

    #[test]
    fn finished_late_shows_in_earned_schedule_not_spi() {
        // Past the finish date, 90 % done: SPI = 0.9 only, but SPI(t) tells how late.
        let e = project_execution(
            &project(1000, "2020-01-01", "2020-04-10", "2020-07-19", "0.9", 900),
            0,
            Calendar::Gregorian,
        )
        .unwrap();
        assert_eq!(e.pv, Decimal::from(1000));
        assert_eq!(e.spi, Some(0.9));
        assert_eq!(e.es_days, 90.0);
        assert_eq!(e.at_days, 200.0);
        assert_eq!(e.spi_t, Some(0.45));
        assert_eq!(e.cpi, Some(1.0));
        assert_eq!(e.eac, Some(Decimal::from(1000)));
    }

    #[test]
    fn spent_without_progress_has_no_eac() {
        let e = project_execution(
            &project(1000, "2020-01-01", "2020-04-10", "2020-02-10", "0", 50),
            0,
            Calendar::Gregorian,
        )
        .unwrap();
        assert_eq!(e.cpi, Some(0.0));
        assert_eq!(e.eac, None);
    }

    #[test]
    fn amounts_round_half_away_from_zero() {
        // 1001 · 1/3 = 333.67; EV 1001 · 0.125 = 125.125 → 125.13 at two places.
        let mut p = project(1001, "2020-01-01", "2020-01-04", "2020-01-02", "0.125", 10);
        p.estimate = Some(Decimal::from(1001));
        let e = project_execution(&p, 2, Calendar::Gregorian).unwrap();
        assert_eq!(e.pv.to_string(), "333.67");
        assert_eq!(e.ev.to_string(), "125.13");
    }

    #[test]
    fn zero_length_schedule_is_all_or_nothing() {
        let e = project_execution(
            &project(10, "2020-01-01", "2020-01-01", "2020-01-01", "1", 10),
            0,
            Calendar::Gregorian,
        )
        .unwrap();
        assert_eq!(e.pv, Decimal::from(10));
        assert_eq!(e.spi_t, None);
        assert!(project_execution(&Project::new("x", "y"), 0, Calendar::Gregorian).is_none());
    }
}
