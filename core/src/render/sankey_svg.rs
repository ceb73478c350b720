//! The Sankey of a report drawn as inline SVG, for the HTML page: org units on one side,
//! goals and leaks on the other, each flow as wide as its money.
//!
//! Widths are computed from the exact amounts with `Decimal` and only the pixel result is
//! written; no float touches an amount. A column with many nodes keeps its largest and
//! draws the rest as one node that says how many it holds. Flows below zero (net negative
//! lines) cannot be drawn as a width: they are left out of the picture and the caption says
//! how many and how much, never silently.

use super::escape_html;
use crate::export::Sankey;
use crate::lang::Lang;
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::fmt::Write;
use std::str::FromStr;

/// Nodes drawn in one column before the rest are drawn as one.
const NODES_PER_COLUMN: usize = 8;
const WIDTH: i64 = 1200;
const HEIGHT: i64 = 560;
const NODE_WIDTH: i64 = 12;
const GAP: i64 = 8;
/// Room kept at each side for the first and last column's labels.
const MARGIN: i64 = 170;

/// A node as drawn: a kept node of the Sankey, or the rest of a column.
struct Drawn {
    label: String,
    kind: String,
    column: usize,
    value: Decimal,
    y: Decimal,
    height: Decimal,
}

/// The Sankey as an `<svg>` element, mirrored for a right-to-left language (money flows
/// from right to left), with a caption in `lang` for what it could not draw.
pub(super) fn sankey_svg(sankey: &Sankey, lang: Lang, precision: u32) -> String {
    let n = sankey.nodes.len();
    // Flows as exact amounts; those below zero are counted and left out.
    let mut flows: Vec<(usize, usize, Decimal)> = Vec::new();
    let (mut negative, mut negative_sum) = (0usize, Decimal::ZERO);
    for link in &sankey.links {
        let value = Decimal::from_str(&link.value.to_string()).unwrap_or_default();
        if link.source >= n || link.target >= n {
            continue;
        }
        if value > Decimal::ZERO {
            flows.push((link.source, link.target, value));
        } else if value < Decimal::ZERO {
            negative += 1;
            negative_sum += value;
        }
    }
    let column = columns(n, &flows);
    // Each node's value: the larger of what comes in and what goes out.
    let (mut inflow, mut outflow) = (vec![Decimal::ZERO; n], vec![Decimal::ZERO; n]);
    for &(s, t, v) in &flows {
        outflow[s] += v;
        inflow[t] += v;
    }
    let value: Vec<Decimal> = (0..n).map(|i| inflow[i].max(outflow[i])).collect();
    // The largest nodes of each column kept; the others drawn as one node per column.
    let columns_count = column.iter().copied().max().map_or(0, |c| c + 1);
    let mut drawn: Vec<Drawn> = Vec::new();
    let mut at: Vec<usize> = vec![usize::MAX; n];
    for c in 0..columns_count {
        let mut members: Vec<usize> = (0..n)
            .filter(|&i| column[i] == c && value[i] > Decimal::ZERO)
            .collect();
        members.sort_by(|a, b| value[*b].cmp(&value[*a]).then(a.cmp(b)));
        let rest = members.split_off(members.len().min(NODES_PER_COLUMN));
        for i in members {
            at[i] = drawn.len();
            let node = &sankey.nodes[i];
            let label = match node.kind.as_str() {
                "leak" => lang.t(&format!("leak.{}", node.id.trim_start_matches("leak:"))),
                _ => node.name.as_str(),
            };
            drawn.push(Drawn {
                label: label.to_string(),
                kind: node.kind.clone(),
                column: c,
                value: value[i],
                y: Decimal::ZERO,
                height: Decimal::ZERO,
            });
        }
        if !rest.is_empty() {
            let count = lang.figure(&rest.len().to_string());
            let total = rest.iter().map(|&i| value[i]).sum();
            for &i in &rest {
                at[i] = drawn.len();
            }
            drawn.push(Drawn {
                label: lang.fill("text.others", &[("n", &count)]),
                kind: "others".into(),
                column: c,
                value: total,
                y: Decimal::ZERO,
                height: Decimal::ZERO,
            });
        }
    }
    // One scale for every column: the fullest column fills the height.
    let mut scale: Option<Decimal> = None;
    for c in 0..columns_count {
        let nodes: Vec<&Drawn> = drawn.iter().filter(|d| d.column == c).collect();
        let total: Decimal = nodes.iter().map(|d| d.value).sum();
        let room = Decimal::from(HEIGHT - GAP * (nodes.len() as i64 - 1).max(0));
        if total > Decimal::ZERO && room > Decimal::ZERO {
            let s = room / total;
            scale = Some(scale.map_or(s, |old: Decimal| old.min(s)));
        }
    }
    let scale = scale.unwrap_or(Decimal::ZERO);
    for c in 0..columns_count {
        let mut y = Decimal::ZERO;
        for d in drawn.iter_mut().filter(|d| d.column == c) {
            d.y = y;
            d.height = d.value * scale;
            y += d.height + Decimal::from(GAP);
        }
    }
    let step = if columns_count > 1 {
        Decimal::from(WIDTH - 2 * MARGIN - NODE_WIDTH) / Decimal::from(columns_count as i64 - 1)
    } else {
        Decimal::ZERO
    };
    let rtl = lang.dir() == "rtl";
    // The left edge of a column's nodes; mirrored right to left.
    let x = |c: usize| {
        let left = Decimal::from(MARGIN) + step * Decimal::from(c as i64);
        if rtl {
            Decimal::from(WIDTH - NODE_WIDTH) - left
        } else {
            left
        }
    };
    let px = |v: Decimal| v.round_dp(1).normalize().to_string();
    let mut out = format!(
        "<svg class=\"sankey\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {}\" role=\"img\" direction=\"ltr\">",
        HEIGHT + 20
    );
    // Flows, merged where their ends were merged, from the top of each node down.
    let mut merged: Vec<((usize, usize), Decimal)> = Vec::new();
    let mut index: HashMap<(usize, usize), usize> = HashMap::new();
    for &(s, t, v) in &flows {
        let key = (at[s], at[t]);
        if key.0 == usize::MAX || key.1 == usize::MAX || key.0 == key.1 {
            continue;
        }
        match index.get(&key) {
            Some(&k) => merged[k].1 += v,
            None => {
                index.insert(key, merged.len());
                merged.push((key, v));
            }
        }
    }
    let (mut out_y, mut in_y) = (
        vec![Decimal::ZERO; drawn.len()],
        vec![Decimal::ZERO; drawn.len()],
    );
    out.push_str("<g fill=\"none\" stroke-opacity=\"0.35\">");
    for ((s, t), v) in &merged {
        let (a, b) = (&drawn[*s], &drawn[*t]);
        let w = *v * scale;
        let y0 = a.y + out_y[*s] + w / Decimal::TWO;
        let y1 = b.y + in_y[*t] + w / Decimal::TWO;
        out_y[*s] += w;
        in_y[*t] += w;
        let half = Decimal::from(NODE_WIDTH);
        let (x0, x1) = if rtl {
            (x(a.column), x(b.column) + half)
        } else {
            (x(a.column) + half, x(b.column))
        };
        let mid = (x0 + x1) / Decimal::TWO;
        let _ = write!(
            out,
            "<path d=\"M{} {}C{} {} {} {} {} {}\" stroke=\"{}\" stroke-width=\"{}\"><title>{} → {}: {}</title></path>",
            px(x0),
            px(y0),
            px(mid),
            px(y0),
            px(mid),
            px(y1),
            px(x1),
            px(y1),
            colour(&a.kind),
            px(w.max(Decimal::new(5, 1))),
            escape_html(&a.label),
            escape_html(&b.label),
            lang.money(*v, precision)
        );
    }
    out.push_str("</g>");
    for d in &drawn {
        let last = d.column + 1 == columns_count;
        // Labels face into the picture, except the last column's, which face out.
        let outward = rtl != last;
        let (lx, anchor) = if outward {
            (x(d.column) - Decimal::from(4), "end")
        } else {
            (x(d.column) + Decimal::from(NODE_WIDTH + 4), "start")
        };
        let mut label: String = d.label.chars().take(24).collect();
        if label.len() < d.label.len() {
            label.push('…');
        }
        let _ = write!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"{NODE_WIDTH}\" height=\"{}\" fill=\"{}\"><title>{}: {}</title></rect>\
             <text x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\" dominant-baseline=\"middle\" font-size=\"10\" unicode-bidi=\"plaintext\">{}</text>",
            px(x(d.column)),
            px(d.y),
            px(d.height.max(Decimal::ONE)),
            colour(&d.kind),
            escape_html(&d.label),
            lang.money(d.value, precision),
            px(lx),
            px(d.y + d.height / Decimal::TWO),
            escape_html(&label),
        );
    }
    out.push_str("</svg>");
    if negative > 0 {
        let _ = write!(
            out,
            "<p class=\"caption\">{}</p>",
            escape_html(&lang.fill(
                "text.negative_flows",
                &[
                    ("n", &lang.figure(&negative.to_string())),
                    ("amount", &lang.money(negative_sum, precision)),
                ],
            ))
        );
    }
    out
}

/// Each node's column: the longest path of flows that reaches it (org units first, goals
/// after their programs, a parent goal after its children). Nodes on a cycle, which a
/// Sankey of goldthread never has, stay where they were reached.
fn columns(n: usize, flows: &[(usize, usize, Decimal)]) -> Vec<usize> {
    let mut indegree = vec![0usize; n];
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(s, t, _) in flows {
        out[s].push(t);
        indegree[t] += 1;
    }
    let mut column = vec![0usize; n];
    let mut ready: Vec<usize> = (0..n).filter(|&i| indegree[i] == 0).collect();
    while let Some(i) = ready.pop() {
        for &t in &out[i] {
            column[t] = column[t].max(column[i] + 1);
            indegree[t] -= 1;
            if indegree[t] == 0 {
                ready.push(t);
            }
        }
    }
    column
}

fn colour(kind: &str) -> &'static str {
    match kind {
        "org_unit" => "#4e79a7",
        "project" => "#f28e2b",
        "program" => "#59a14f",
        "goal" => "#b07aa1",
        "leak" => "#e15759",
        _ => "#9c9c9c",
    }
}
